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
  await database.migrate();
  return {
    database,
    url,
    dataDir,
    schema,
    dispose: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (url !== undefined && schema !== undefined) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      }
    },
  };
}
