import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFixture, type AppFixture } from '../testing/index.js';

const PAGE = '<!doctype html><title>Rapport</title><script type="module" src="/app/assets/index-abc123.js"></script>';

describe('the dashboard at /app', () => {
  let f: AppFixture;
  let outside: string;
  beforeAll(async () => {
    outside = mkdtempSync(join(tmpdir(), 'rapport-dashboard-'));
    const dist = join(outside, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), PAGE);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1);');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(outside, 'secret.txt'), 'not for the web');
    f = await appFixture('sqlite', { app: { dashboardDir: dist } });
  });
  afterAll(async () => {
    await f?.dispose();
    rmSync(outside, { recursive: true, force: true });
  });
  const get = (url: string) => f.app.inject({ method: 'GET', url });

  it('serves the page for every address under /app, never cached, with a strict content security policy', async () => {
    for (const url of ['/app/', '/app/settings/team', '/app/setup?token=setup_x', '/app/index.html']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(PAGE);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });

  it('serves hashed assets for a year, other files revalidated, and no page for a missing asset', async () => {
    const script = await get('/app/assets/index-abc123.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await get('/app/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    const missing = await get('/app/assets/index-old999.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<title>');
  });

  it('never serves a file outside its folder', async () => {
    for (const url of ['/app/../secret.txt', '/app/%2e%2e/secret.txt', '/app/..%2fsecret.txt', '/app/assets/%2e%2e/%2e%2e/secret.txt']) {
      const res = await get(url);
      expect(res.body, url).not.toContain('not for the web');
    }
  });

  it('leads / and /app to /app/, and leaves unknown API addresses to the API', async () => {
    const home = await get('/');
    expect(home.statusCode).toBe(302);
    expect(home.headers.location).toBe('app/');
    const app = await get('/app');
    expect(app.statusCode).toBe(301);
    expect(app.headers.location).toBe('app/');
    const api = await get('/api/v1/no-such-route');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: expect.stringMatching(/^ERR_/) });
  });

  it('is not in the API reference', async () => {
    const paths = Object.keys((f.app.swagger() as { paths: Record<string, unknown> }).paths);
    expect(paths.filter((p) => p === '/' || p.startsWith('/app'))).toEqual([]);
  });
});

describe('the dashboard at /app, not built', () => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await appFixture('sqlite', { app: { dashboardDir: join(tmpdir(), 'rapport-no-such-dashboard') } });
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('answers 503 with a page that says how to build it', async () => {
    for (const url of ['/app/', '/app/login']) {
      const res = await f.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('npm run build');
    }
  });
});
