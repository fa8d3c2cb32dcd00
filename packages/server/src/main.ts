import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '@rapport/core';
import { createEngine, defaultTrainingSchedule, type Engine } from '@rapport/engine';
import { openDatabase, type Database } from '@rapport/storage';
import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { ensureWorkspace, type FirstRun } from './first-run.js';
import { PrometheusMetrics } from './http/prometheus-metrics.js';

export interface RunningRapport {
  readonly app: FastifyInstance;
  readonly engine: Engine;
  readonly database: Database;
  readonly url: string;
  readonly firstRun: FirstRun;
  /** While the workspace has no owner: the one-time link that creates the owner account (printed, never logged). */
  readonly setupUrl: string | undefined;
  /** Graceful shutdown: stop accepting, finish requests in flight, flush the log, stop the processor, close the database. */
  close(): Promise<void>;
}

export const version: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Engine settings from the configuration. */
export function engineSettings(config: Config) {
  return {
    ingest: {
      maxEventBytes: config.maxEventBytes,
      maxBatchBytes: config.maxBatchBytes,
      maxDepth: config.maxDepth,
      futureToleranceMs: config.futureToleranceSeconds * 1000,
      oldAfterMs: config.oldEventDays * 24 * 3600 * 1000,
    },
    locationDecimals: config.locationDecimals,
    dedupWindowMs: config.dedupWindowHours * 3600 * 1000,
    maintenanceIntervalMs: config.maintenanceIntervalMinutes * 60 * 1000,
    training: { schedule: { ...defaultTrainingSchedule, intervalMs: config.recsTrainHours * 3600 * 1000 }, testDays: config.recsTestDays },
    accounts: {
      sessionIdleMs: config.sessionIdleMinutes * 60 * 1000,
      sessionMaxMs: config.sessionMaxDays * 24 * 3600 * 1000,
      invitationMs: config.invitationDays * 24 * 3600 * 1000,
      auditRetentionMs: config.auditRetentionDays * 24 * 3600 * 1000,
    },
  };
}

/** Opens the configured database (migrating it) — for every command that needs one. */
export async function openConfiguredDatabase(config: Config, options: { cacheKb?: number; autoCheckpoint?: boolean; busyTimeoutMs?: number } = {}): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, ...options });
  await database.migrate();
  return database;
}

/** The composition root of `rapport start`: wires everything once, then listens. */
export async function startRapport(config: Config, options: { logger: PinoLogger; clock?: Clock }): Promise<RunningRapport> {
  const { logger } = options;
  // This connection serves the admin API and appends to the event log (fsync'd): checkpoints, which would run inside
  // an append, are left to the processor's connection. Ingestion's checks and the processor have their own.
  const database = await openConfiguredDatabase(config, { cacheKb: 8000, autoCheckpoint: false });
  let closing = false;
  // The metrics read the processor's lag from the engine they are given to: the engine is filled in once built.
  const built: { engine?: Engine } = {};
  const metrics = new PrometheusMetrics(() => built.engine?.processor.lag() ?? Promise.resolve({ events: 0, seconds: 0 }));
  const engine = createEngine({ database, settings: engineSettings(config), clock: options.clock ?? systemClock, logger, metrics, workers: true });
  built.engine = engine;
  const firstRun = await ensureWorkspace(engine, { name: config.workspaceName, writeKey: config.writeKey, secretKey: config.secretKey, logger });
  // The engine's threads start while the HTTP application is built.
  const starting = engine.start({ background: true });
  const app = await buildApp({
    engine,
    metrics,
    logger,
    maxBatchBytes: config.maxBatchBytes,
    rateLimitPerSecond: config.rateLimitPerSecond,
    version,
    publicUrl: config.publicUrl,
    cookieSecure: config.cookieSecure,
    isClosing: () => closing,
    // Built by `npm run build` next to this package (packages/dashboard/dist), from src/ and dist/ alike.
    dashboardDir: fileURLToPath(new URL('../../dashboard/dist', import.meta.url)),
    sdkDir: fileURLToPath(new URL('../../sdk/dist/script', import.meta.url)),
  });
  await starting;
  const address = await app.listen({ port: config.port, host: config.host });
  const port = new URL(address).port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  const setupToken = await engine.accounts.access.setupToken(firstRun.workspace.id);
  return {
    app,
    engine,
    database,
    url,
    firstRun,
    setupUrl: setupToken === undefined ? undefined : `${url}/app/setup?token=${setupToken}`,
    close: async () => {
      closing = true;
      await app.close();
      await engine.stop();
      await database.close();
    },
  };
}
