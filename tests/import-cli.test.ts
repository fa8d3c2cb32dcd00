import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@rapport/storage';
import { removeDataDir, runRapport, spawnRapport } from './support/rapport-process.js';

// `rapport import` as a person runs it: the built command line, on a database of its own.

const SAMPLE = resolve(import.meta.dirname, '../packages/engine/src/import/fixtures/online-retail-sample.csv');
const FIXTURE = resolve(import.meta.dirname, 'fixtures/online-retail-first-15000-lines.csv.gz');
const UCI_FILE = resolve(import.meta.dirname, '../../shared/data/online-retail/online-retail.csv.gz');

/** Runs `rapport import …` with only the given RAPPORT_* variables. */
const rapportImport = (args: readonly string[], env: Record<string, string>) => runRapport(['import', ...args], env);

describe('rapport import', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-import-cli-'));
    env = { RAPPORT_DATA_DIR: join(dir, 'data') };
    writeFileSync(join(dir, 'sample.csv.gz'), gzipSync(readFileSync(SAMPLE)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a gzipped file into a new database, shows the new keys once, and sums up what it did', async () => {
    const run = await rapportImport([join(dir, 'sample.csv.gz'), '--format', 'online-retail'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created the workspace "My shop"');
    expect(run.stdout).toMatch(/Admin secret key \(keep it secret\): +sk_/);
    expect(run.stdout).toContain('Read:      21 lines, 17 invoices');
    expect(run.stdout).toContain('Orders:    11 completed, 1 refunded; 4 customers (5 identify events), 3 guest checkouts');
    expect(run.stdout).toContain('Catalog:   10 products');
    expect(run.stdout).toContain('Events:    17 sent: 17 new, 0 already imported, 0 rejected');
    expect(run.stdout).toContain('1 invoice: bad-debt adjustments (InvoiceNo starting with A), not sales (line 9)');
    expect(run.stdout).toContain('4 invoices: one of their lines could not be read (lines 16, 19, 20, 21)');
    expect(run.stdout).toContain('1 line: InvoiceDate is not a date (line 19)');
  });

  it('adds nothing the second time, and creates no second workspace', async () => {
    const run = await rapportImport([join(dir, 'sample.csv.gz'), '--format', 'online-retail'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('created the workspace');
    expect(run.stdout).toContain('17 sent: 0 new, 17 already imported');
  });

  it('waits for another writer that holds the database for more than 10 s (a busy server), and then imports', async () => {
    // Another connection takes the write lock for 12 s: a server processing a large backlog on a loaded machine does.
    const other = new BetterSqlite3(join(dir, 'data', 'rapport.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    const released = new Promise<void>((done) =>
      setTimeout(() => {
        other.exec('COMMIT');
        other.close();
        done();
      }, 12_000),
    );
    const run = await rapportImport([FIXTURE, '--format', 'online-retail'], env);
    await released;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Events: +\d[\d,]* sent: \d[\d,]* new/);
  }, 60_000);

  it('answers a wrong call with exit code 2 and a sentence on stderr', async () => {
    const noFormat = await rapportImport([join(dir, 'sample.csv.gz')], env);
    expect(noFormat).toMatchObject({ code: 2, stdout: '' });
    expect(noFormat.stderr).toContain("required option '--format <format>' not specified");

    const missing = await rapportImport([join(dir, 'nothing-here.csv'), '--format', 'online-retail'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no file at');

  });

  it('answers a wrong file, configuration or workspace with exit code 2 too', async () => {
    const wrongFormat = await rapportImport([join(dir, 'sample.csv.gz'), '--format', 'segment-jsonl'], env);
    expect(wrongFormat.code).toBe(2);
    expect(wrongFormat.stderr).toContain('this is not a segment-jsonl file');

    const badConfig = await rapportImport([join(dir, 'sample.csv.gz'), '--format', 'online-retail'], { ...env, RAPPORT_DATA_DIRR: dir });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('did you mean RAPPORT_DATA_DIR?');

    const unknownWorkspace = await rapportImport([join(dir, 'sample.csv.gz'), '--format', 'online-retail', '--workspace', 'nope'], env);
    expect(unknownWorkspace.code).toBe(2);
    expect(unknownWorkspace.stderr).toContain('there is no workspace nope');
  });

  it('imports into the database of a running server, whose processor then builds the profiles', async () => {
    const server = await spawnRapport();
    try {
      const run = await rapportImport([join(dir, 'sample.csv.gz'), '--format', 'online-retail'], { RAPPORT_DATA_DIR: server.dataDir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('17 sent: 17 new');
      const answer = await fetch(`${server.url}/api/v1/profiles/12583`, { headers: { authorization: `Bearer ${server.secretKey}` } });
      const profile = (await answer.json()) as { traits: { country: string }; features: { orders: number; revenue: number } };
      expect(profile).toMatchObject({ traits: { country: 'Germany' }, features: { orders: 3, revenue: 220.2 } });
    } finally {
      await server.stop();
      removeDataDir(server.dataDir);
    }
  });

  it('imports segment-jsonl and says which lines were rejected', async () => {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, ['{"type":"track","event":"Signed Up","userId":"u1","timestamp":"2021-01-01T00:00:00Z"}', '{oops', ''].join('\n'));
    const run = await rapportImport([path, '--format', 'segment-jsonl'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Events:    1 sent: 1 new, 0 already imported, 1 rejected');
    expect(run.stdout).toContain('1 ERR_INGEST_INVALID_JSON: line 2');
  });
});

/** Drops a database once the connections of a closed pool have gone (FORCE would kill them as they close, unhandled). */
async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (error) {
      // 55006: the database is still being accessed.
      if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The whole UCI file, timed: not part of the suite (about half a minute). Run it with
 *   npm run build && RAPPORT_MEASURE_IMPORT=1 [RAPPORT_TEST_PG_URL=postgres://…] npx vitest run tests/import-cli.test.ts
 * It prints the time, events and profiles for SQLite, and for PostgreSQL when RAPPORT_TEST_PG_URL is set.
 */
describe.skipIf(!process.env['RAPPORT_MEASURE_IMPORT'] || !existsSync(UCI_FILE))('rapport import of the whole UCI file (measured)', () => {
  const dialects = process.env['RAPPORT_TEST_PG_URL'] ? ['sqlite', 'postgres'] : ['sqlite'];

  it.each(dialects)('finishes within 2 minutes on %s', async (dialect) => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-import-full-'));
    const file = join(dir, 'online-retail.csv.gz');
    copyFileSync(UCI_FILE, file);
    const pgUrl = process.env['RAPPORT_TEST_PG_URL'];
    const dbName = `rapport_measure_${randomBytes(4).toString('hex')}`;
    const admin = dialect === 'postgres' ? new pg.Client({ connectionString: pgUrl }) : undefined;
    await admin?.connect();
    await admin?.query(`CREATE DATABASE ${dbName}`);
    const url = dialect === 'postgres' ? Object.assign(new URL(pgUrl!), { pathname: `/${dbName}` }).toString() : undefined;
    try {
      const env = { RAPPORT_DATA_DIR: join(dir, 'data'), ...(url === undefined ? {} : { RAPPORT_DATABASE_URL: url }) };
      const started = performance.now();
      const run = await rapportImport([file, '--format', 'online-retail'], env);
      const seconds = (performance.now() - started) / 1000;
      expect(run.code, run.stderr).toBe(0);
      const database = await openDatabase({ url, dataDir: env.RAPPORT_DATA_DIR });
      const count = async (table: 'events' | 'profiles') => Number((await database.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const counts = { events: await count('events'), profiles: await count('profiles') };
      await database.close();
      process.stdout.write(`\n[${dialect}] ${seconds.toFixed(1)} s, ${counts.events} events, ${counts.profiles} profiles\n${run.stdout}`);
      expect(counts).toEqual({ events: 30_285, profiles: 8_079 });
      expect(seconds).toBeLessThan(120);
    } finally {
      if (admin !== undefined) await dropDatabase(admin, dbName);
      await admin?.end();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
