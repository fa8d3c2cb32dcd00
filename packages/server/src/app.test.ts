import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@rapport/storage/testing';
import { basicAuth, engineFixture, type EngineFixture } from '@rapport/engine/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { PrometheusMetrics } from './http/prometheus-metrics.js';

describe.each(testDialects())('the HTTP application on %s', (dialect) => {
  let f: EngineFixture;
  let app: FastifyInstance;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    f = await engineFixture(dialect, { settings: { processorPollMs: 200 } });
    f.engine.processor.start();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await buildApp({ engine: f.engine, metrics: new PrometheusMetrics(() => f.engine.processor.lag()), logger: pino({ level: 'debug' }, sink), maxBatchBytes: 500 * 1024, rateLimitPerSecond: 0, version: 'test' });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await f?.dispose();
  });
  const base = () => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  it('lets the admin API read an accepted event within a second', async () => {
    const auth = { authorization: basicAuth(f.writeKey), 'content-type': 'application/json' };
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const sent = await fetch(`${base()}/v1/track`, { method: 'POST', headers: auth, body: JSON.stringify({ event: 'Fresh', anonymousId: `fresh-${i}` }) });
      expect(sent.status).toBe(200);
      const acked = performance.now();
      for (;;) {
        const res = await fetch(`${base()}/api/v1/profiles/fresh-${i}/events`, { headers: { authorization: `Bearer ${f.secretKey}` } });
        if (res.status === 200 && ((await res.json()) as { items: unknown[] }).items.length === 1) break;
        if (performance.now() - acked > 2000) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      delays.push(performance.now() - acked);
    }
    expect(Math.max(...delays)).toBeLessThan(1000);
  });

  it('serves its OpenAPI document, browsable at /docs', async () => {
    const spec = (await (await fetch(`${base()}/docs/json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe('3.1.0');
    for (const path of ['/v1/track', '/v1/batch', '/api/v1/profiles/{id}', '/api/v1/subjects/{id}/export', '/api/v1/catalog/products', '/api/v1/keys']) expect(spec.paths).toHaveProperty([path]);
    const page = await fetch(`${base()}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/swagger/i);
  });

  it('answers health and readiness probes', async () => {
    expect(await (await fetch(`${base()}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base()}/readyz`)).json()).toMatchObject({ status: 'ready', database: dialect });
  });

  it('logs JSON lines with the request id it answers with, and keeps keys out of logs', async () => {
    const res = await fetch(`${base()}/api/v1/profiles`, { headers: { authorization: 'Bearer sk_wrong_key_but_long_enough', 'x-request-id': 'trace-123' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    expect(((await res.json()) as { requestId: string }).requestId).toBe('trace-123');
    const mine = lines.filter((l) => l['requestId'] === 'trace-123');
    expect(mine.map((l) => l['msg'])).toContain('the key is unknown or revoked');
    expect(JSON.stringify(lines)).not.toContain('sk_wrong_key');
    expect(JSON.stringify(lines)).not.toContain(f.writeKey);
  });
});
