import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_FILES } from '@rapport/storage';
import { basicAuth } from './support/shop.js';
import { removeDataDir, runRapport, spawnRapport, waitForProcessor, type RapportProcess } from './support/rapport-process.js';

// `rapport backup` while a server takes a steady flow of events and processes them: the copy is one consistent state.
// Restored, it holds every event acknowledged before the backup began, exactly once, processed or still to process.

const CLIENTS = 4;
const EVENTS_PER_BATCH = 20;

describe('rapport backup', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-backup-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies both files under load, and the copy, started as a server, has every event acknowledged before it, once', { timeout: 90_000 }, async () => {
    let server: RapportProcess | undefined = await spawnRapport({ env: { RAPPORT_RATE_LIMIT_PER_SECOND: '0' } });
    const acked = new Set<string>();
    const unexpected: string[] = [];
    let stopping = false;
    const client = async (c: number) => {
      for (let b = 0; !stopping; b++) {
        const ids = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => `c${c}-b${b}-e${i}`);
        const res = await fetch(`${server!.url}/v1/batch`, {
          method: 'POST',
          headers: { authorization: basicAuth(server!.writeKey), 'content-type': 'application/json' },
          body: JSON.stringify({ batch: ids.map((id, i) => ({ type: 'track', event: 'Backed Up', userId: `user-${c}-${b % 7}`, messageId: id, properties: { i } })) }),
        });
        if (res.status === 200) for (const id of ids) acked.add(id);
        else unexpected.push(`${res.status} ${await res.text()}`);
      }
    };
    const backupDir = join(dir, 'backup');
    let restored: RapportProcess | undefined;
    try {
      const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
      await sleep(1500);
      const before = new Set(acked);
      const run = await runRapport(['backup', backupDir], { RAPPORT_DATA_DIR: server.dataDir });
      const during = acked.size - before.size;
      await sleep(300);
      stopping = true;
      await Promise.all(clients);
      expect(unexpected).toEqual([]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Backed up .* in \d+\.\d s: rapport\.sqlite \(\d+\.\d MiB\) and log\.sqlite \(\d+\.\d MiB\)\.\nTo restore: stop Rapport/);
      // Events kept arriving while the copy was made: the copy did not stop ingestion.
      expect(before.size).toBeGreaterThan(500);
      expect(during).toBeGreaterThan(0);
      expect(await server.stop('SIGTERM')).toBe(0);
      server = undefined;

      // The copy, started as it is: the events it holds unprocessed are processed now.
      restored = await spawnRapport({ dataDir: backupDir });
      await waitForProcessor(restored.url);
      expect(await restored.stop('SIGTERM')).toBe(0);
      restored = undefined;
      const db = await openDatabase({ dataDir: backupDir });
      const rows = await db.kysely.selectFrom('events').select('message_id').execute().finally(() => db.close());
      const times = new Map<string, number>();
      for (const r of rows) times.set(r.message_id, (times.get(r.message_id) ?? 0) + 1);
      expect([...times].filter(([, n]) => n > 1)).toEqual([]);
      expect([...before].filter((id) => !times.has(id))).toEqual([]);
    } finally {
      stopping = true;
      await server?.stop('SIGKILL');
      await restored?.stop('SIGKILL');
    }
  });

  it('refuses a directory that holds a database already, and PostgreSQL, with exit code 2 and what to do instead', async () => {
    const data = join(dir, 'data');
    const migrated = await runRapport(['migrate'], { RAPPORT_DATA_DIR: data });
    expect(migrated.code).toBe(0);
    const target = join(dir, 'taken');
    rmSync(target, { recursive: true, force: true });
    const first = await runRapport(['backup', target], { RAPPORT_DATA_DIR: data });
    expect(first.code).toBe(0);
    writeFileSync(join(target, 'note.txt'), 'kept');
    const again = await runRapport(['backup', target], { RAPPORT_DATA_DIR: data });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`rapport backup: ${join(target, SQLITE_FILES.main)} exists already: back up into a new or empty directory\n`);
    const pg = await runRapport(['backup', join(dir, 'pg')], { RAPPORT_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(pg.code).toBe(2);
    expect(pg.stderr).toContain('back up PostgreSQL with pg_dump');
    removeDataDir(data);
  });
});
