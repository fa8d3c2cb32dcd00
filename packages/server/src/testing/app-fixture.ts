import type { Role } from '@rapport/contracts';
import type { Clock } from '@rapport/core';
import type { DialectName } from '@rapport/storage';
import { basicAuth, engineFixture, testSettings, type EngineFixture } from '@rapport/engine/testing';
import type { EngineSettings } from '@rapport/engine';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDependencies } from '../app.js';
import { PrometheusMetrics } from '../http/prometheus-metrics.js';
import { testSessions, type TestSession } from './test-sessions.js';

export interface AppFixture extends EngineFixture {
  readonly app: FastifyInstance;
  readonly metrics: PrometheusMetrics;
  /** An admin API request with the admin secret key (or `key`, or none with `key: null`). */
  admin(method: InjectOptions['method'], url: string, body?: unknown, key?: string | null): Promise<LightMyRequestResponse>;
  /** An ingestion request, with the write key as HTTP Basic user unless `headers.authorization` says otherwise. */
  post(endpoint: string, payload: string | Buffer | object, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A person of `role`, signed in with a new session (the user is made on first use). */
  signIn(role: Role): Promise<TestSession>;
  /** An API request as a signed-in person: their cookies, and their CSRF token unless `csrf` says otherwise. */
  as(session: TestSession, method: InjectOptions['method'], url: string, body?: unknown, csrf?: string | null): Promise<LightMyRequestResponse>;
}

/** The HTTP application on a fresh database, driven with `inject` (no socket). */
export async function appFixture(
  dialect: DialectName,
  options: { rateLimitPerSecond?: number; settings?: Partial<EngineSettings>; clock?: Clock; app?: Pick<AppDependencies, 'cookieSecure' | 'publicUrl' | 'dashboardDir' | 'sdkDir'> } = {},
): Promise<AppFixture> {
  let metrics: PrometheusMetrics | undefined;
  const f = await engineFixture(dialect, {
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    metrics: (engine) => (metrics = new PrometheusMetrics(() => engine().processor.lag())),
  });
  const app = await buildApp({
    engine: f.engine,
    metrics: metrics!,
    maxBatchBytes: options.settings?.ingest?.maxBatchBytes ?? testSettings.ingest.maxBatchBytes,
    rateLimitPerSecond: options.rateLimitPerSecond ?? 0,
    version: 'test',
    ...options.app,
  });
  return {
    ...f,
    app,
    metrics: metrics!,
    admin: (method, url, body, key) =>
      app.inject({
        method,
        url,
        headers: key === null ? {} : { authorization: `Bearer ${key ?? f.secretKey}` },
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      }),
    signIn: testSessions(f.engine, f.workspaceId),
    as: (session, method, url, body, csrf) =>
      app.inject({
        method,
        url,
        headers: { cookie: session.cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf ?? session.csrfToken }) },
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      }),
    post: (endpoint, payload, headers = {}) =>
      app.inject({
        method: 'POST',
        url: `/v1/${endpoint}`,
        headers: { 'content-type': 'application/json', authorization: basicAuth(f.writeKey), ...headers },
        payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
      }),
    dispose: async () => {
      await app.close();
      await f.dispose();
    },
  };
}
