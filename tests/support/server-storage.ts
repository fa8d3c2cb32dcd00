import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database, type DialectName } from '@rapport/storage';
import pg from 'pg';
import { removeDataDir } from './rapport-process.js';

/** Where a spawned server keeps its data: a data directory of its own and, on PostgreSQL, a database of its own. */
export interface ServerStorage {
  readonly dialect: DialectName;
  readonly dataDir: string;
  /** What to add to the server's environment (`RAPPORT_DATABASE_URL` on PostgreSQL). */
  readonly env: Readonly<Record<string, string>>;
  /** Opens the same database from the test, once the server has stopped (or alongside it, read only). */
  open(): Promise<Database>;
  /** Removes the data directory and drops the database. */
  dispose(): Promise<void>;
}

async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Storage for a server started with `spawnRapport`. On PostgreSQL (`RAPPORT_TEST_PG_URL`) it creates a throw-away
 * database rather than a schema: the command line takes a database URL, not a schema.
 */
export async function serverStorage(dialect: DialectName): Promise<ServerStorage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-it-'));
  if (dialect === 'sqlite') {
    return {
      dialect,
      dataDir,
      env: {},
      open: () => openDatabase({ dataDir }),
      dispose: async () => removeDataDir(dataDir),
    };
  }
  const base = process.env['RAPPORT_TEST_PG_URL'];
  if (!base) throw new Error('RAPPORT_TEST_PG_URL is not set');
  const name = `rapport_it_${randomBytes(6).toString('hex')}`;
  await onServer(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    dialect,
    dataDir,
    env: { RAPPORT_DATABASE_URL: url.toString() },
    open: () => openDatabase({ url: url.toString(), dataDir }),
    dispose: async () => {
      removeDataDir(dataDir);
      await onServer(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
