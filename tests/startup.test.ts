import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { basicAuth } from './support/shop.js';
import { CLI, removeDataDir, spawnRapport, type RapportProcess } from './support/rapport-process.js';

const run = promisify(execFile);

describe('rapport start (built server, embedded SQLite)', () => {
  const started: RapportProcess[] = [];
  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    for (const dir of new Set(started.map((p) => p.dataDir))) removeDataDir(dir);
  });

  it('is ready in under 3 s, prints its keys on the first run only, the setup link until an owner exists, and shuts down gracefully without losing acknowledged events', async () => {
    const t0 = performance.now();
    const first = await spawnRapport({ writeKey: undefined, secretKey: undefined, env: { RAPPORT_WRITE_KEY: '', RAPPORT_SECRET_KEY: '' } });
    started.push(first);
    const ready = await fetch(`${first.url}/readyz`);
    const elapsed = performance.now() - t0;
    expect(ready.status).toBe(200);
    expect(elapsed).toBeLessThan(3000);

    const writeKey = /Write key[^:]*:\s+(wk_\S+)/.exec(first.output())?.[1];
    const secretKey = /Admin secret key[^:]*:\s+(sk_\S+)/.exec(first.output())?.[1];
    expect(writeKey).toBeDefined();
    expect(secretKey).toBeDefined();
    expect(first.output()).toContain('shown only this once');

    const setupLink = new RegExp(`${first.url}/app/setup\\?token=(setup_[\\w-]+)`).exec(first.output());
    expect(setupLink?.[1]).toBeDefined();
    const owner = { token: setupLink![1], email: 'olive@shop.example', name: 'Olive', password: 'correct horse battery staple' };
    const setup = await fetch(`${first.url}/api/v1/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
    expect(setup.status).toBe(201);
    expect(setup.headers.get('set-cookie')).toMatch(/rapport_session=ses_[\w-]+;.*HttpOnly; SameSite=Strict/);

    const auth = { authorization: basicAuth(writeKey!), 'content-type': 'application/json' };
    const batch = { batch: Array.from({ length: 50 }, (_, i) => ({ type: 'track', event: 'Product Viewed', anonymousId: 'visitor', messageId: `m-${i}`, properties: { product_id: `p${i}` } })) };
    const sent = await fetch(`${first.url}/v1/batch`, { method: 'POST', headers: auth, body: JSON.stringify(batch) });
    expect(sent.status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await spawnRapport({ dataDir: first.dataDir, env: { RAPPORT_WRITE_KEY: '', RAPPORT_SECRET_KEY: '' } });
    started.push(second);
    expect(second.output()).not.toContain('Write key');
    expect(second.output()).not.toContain('/app/setup');
    let count = 0;
    for (let i = 0; i < 50 && count < 50; i++) {
      const res = await fetch(`${second.url}/api/v1/profiles/visitor`, { headers: { authorization: `Bearer ${secretKey}` } });
      if (res.status === 200) count = Object.values(((await res.json()) as { features: { eventCounts: Record<string, number> } }).features.eventCounts)[0] ?? 0;
      if (count < 50) await new Promise((r) => setTimeout(r, 100));
    }
    expect(count).toBe(50);
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it('refuses to start on an invalid configuration, listing every problem', async () => {
    const failed = await run(process.execPath, [CLI, 'start'], { env: { ...process.env, RAPPORT_PORT: 'x', RAPPORT_MAX_DEPTH: '1' } }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed && failed.code).toBe(2);
    expect('stderr' in failed && failed.stderr).toMatch(/RAPPORT_PORT="x"[\s\S]*RAPPORT_MAX_DEPTH="1"/);
  });

  it('migrates a database with `rapport migrate`', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/rapport-migrate-`);
    const { stdout } = await run(process.execPath, [CLI, 'migrate'], { env: { ...process.env, RAPPORT_DATA_DIR: dir } });
    expect(stdout).toMatch(/newest schema version/);
    removeDataDir(dir);
  });
});
