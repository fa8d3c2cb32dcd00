import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../database.js';
import type { DialectName } from '../dialect/dialect-name.js';
import { openDatabase } from '../open-database.js';

/**
 * The dialects storage and engine suites run on: SQLite always, PostgreSQL when `RAPPORT_TEST_PG_URL` is set (CI sets
 * it). Suites do `describe.each(testDialects())`.
 */
export function testDialects(): DialectName[] {
  return process.env['RAPPORT_TEST_PG_URL'] ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  readonly database: Database;
  /** Settings that open this same database again (another process, a restart). */
  readonly url: string | undefined;
  readonly dataDir: string;
  readonly schema: string | undefined;
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database of its own: a temporary directory for SQLite, a schema of its own for PostgreSQL, so
 * that test files never share state and can run in parallel.
 */
export async function openTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
  const url = dialect === 'postgres' ? process.env['RAPPORT_TEST_PG_URL'] : undefined;
  if (dialect === 'postgres' && !url) throw new Error('RAPPORT_TEST_PG_URL is not set');
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const database = await openDatabase({ url, dataDir, schema });
  if (url === undefined) await database.migrate();
  else await whileSchemasStay(url, 'shared', () => database.migrate());
  return {
    database,
    url,
    dataDir,
    schema,
    dispose: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (url !== undefined && schema !== undefined) await whileSchemasStay(url, 'exclusive', (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}

/** Key of the advisory lock that test files take around migrations (shared) and schema drops (exclusive). */
const SCHEMAS_LOCK = 0x7261_7070;

/**
 * Runs `fn` holding the test schemas' lock. The migrator looks for its tables by reading the catalog of every schema of
 * the database, and PostgreSQL fails that read ("schema … does not exist") when another test file drops its schema
 * at the same moment: migrations share the lock, a drop takes it alone.
 */
async function whileSchemasStay<T>(url: string, mode: 'shared' | 'exclusive', fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const suffix = mode === 'shared' ? '_shared' : '';
  try {
    await client.query(`SELECT pg_advisory_lock${suffix}($1)`, [SCHEMAS_LOCK]);
    return await fn(client);
  } finally {
    await client.query(`SELECT pg_advisory_unlock${suffix}($1)`, [SCHEMAS_LOCK]).catch(() => undefined);
    await client.end();
  }
}
