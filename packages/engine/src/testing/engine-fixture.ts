import { gzipSync } from 'node:zlib';
import type { Clock } from '@rapport/core';
import { openTestDatabase, type TestDatabase } from '@rapport/storage/testing';
import type { DialectName } from '@rapport/storage';
import { createEngine, type Engine, type EngineSettings } from '../engine.js';
import type { IngestAnswer } from '../ingest/index.js';
import type { EngineMetrics } from '../metrics/index.js';

/** `Authorization` as Segment clients send it: the write key as HTTP Basic user name, no password. */
export function basicAuth(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

/** Engine settings for tests: the documented defaults. */
export const testSettings: EngineSettings = {
  ingest: {
    maxEventBytes: 32 * 1024,
    maxBatchBytes: 500 * 1024,
    maxDepth: 32,
    futureToleranceMs: 24 * 3600 * 1000,
    oldAfterMs: 365 * 24 * 3600 * 1000,
  },
  locationDecimals: 2,
  dedupWindowMs: 48 * 3600 * 1000,
  maintenanceIntervalMs: 3600 * 1000,
  processorPollMs: 20,
  // Password hashes of the default cost take 0.2 to 0.4 s each; tests sign many people in.
  accounts: { scrypt: { N: 2 ** 10, r: 8, p: 1 } },
};

export interface EngineFixture {
  readonly engine: Engine;
  readonly db: TestDatabase;
  readonly workspaceId: string;
  readonly writeKey: string;
  readonly secretKey: string;
  /** Sends a body to an ingestion endpoint with the write key (HTTP Basic), as a Segment client would. */
  send(endpoint: string, body: unknown, options?: { gzip?: boolean; contentType?: string; key?: string | null }): Promise<IngestAnswer>;
  /** Processes everything appended so far. */
  drain(): Promise<void>;
  dispose(): Promise<void>;
}

/** A fresh database, engine, workspace and keys for one test file; nothing runs in the background. */
export async function engineFixture(
  dialect: DialectName,
  options: { clock?: Clock; settings?: Partial<EngineSettings>; metrics?: (engine: () => Engine) => EngineMetrics } = {},
): Promise<EngineFixture> {
  const db = await openTestDatabase(dialect);
  // Metrics read the engine (processor lag) that they are given to: the engine is filled in once built.
  const built: { engine?: Engine } = {};
  const metrics = options.metrics?.(() => built.engine!);
  const engine = createEngine({
    database: db.database,
    settings: { ...testSettings, ...options.settings },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(metrics ? { metrics } : {}),
  });
  built.engine = engine;
  await engine.start({ background: false });
  const workspace = await engine.workspaces.create('Test shop');
  const writeKey = (await engine.keys.create(workspace.id, { kind: 'write', name: 'web' })).key;
  const secretKey = (await engine.keys.create(workspace.id, { kind: 'secret', name: 'admin', scopes: ['admin'] })).key;
  return {
    engine,
    db,
    workspaceId: workspace.id,
    writeKey,
    secretKey,
    send: (endpoint, body, o = {}) => {
      const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const key = o.key === undefined ? writeKey : o.key;
      return engine.ingest.handle({
        endpoint,
        body: o.gzip ? gzipSync(raw) : raw,
        contentType: o.contentType ?? 'application/json',
        contentEncoding: o.gzip ? 'gzip' : undefined,
        authorization: key === null ? undefined : basicAuth(key),
      });
    },
    drain: () => engine.processor.drain(),
    dispose: async () => {
      await engine.stop();
      await db.dispose();
    },
  };
}
