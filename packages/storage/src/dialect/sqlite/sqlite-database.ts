import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database, LogAppend } from '../../database.js';
import { migrateToLatest } from '../../migrations/migrations.js';
import type { Tables } from '../../schema.js';

export interface SqliteOptions {
  /** Directory of the database file `rapport.sqlite`; created when missing. */
  readonly dataDir: string;
  /** How long a writer waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number;
}

/**
 * The embedded default. WAL with `synchronous = FULL`: every commit is fsync'd, which is what makes an ingestion 2xx
 * durable. better-sqlite3 is synchronous, so Kysely's promises over it settle without yielding to the event loop; the
 * raw prepared statements of `appendToLog` share the connection and check that no transaction is open on it.
 */
export function openSqliteDatabase(options: SqliteOptions): Database {
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'rapport.sqlite');
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  sqlite.pragma('cache_size = -32000'); // 32 MB
  sqlite.pragma('temp_store = MEMORY');
  sqlite.defaultSafeIntegers(false);

  const kysely = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  // Prepared on first use: the table exists only once migrations have run.
  let appendAll: ((rows: readonly LogAppend[]) => number[]) | undefined;
  const appender = (): ((rows: readonly LogAppend[]) => number[]) => {
    if (appendAll) return appendAll;
    const insertLog = sqlite.prepare(
      'INSERT INTO event_log (workspace_id, message_id, received_at, source, payload, payload_hash, flags) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const tx = sqlite.transaction((rows: readonly LogAppend[]) =>
      rows.map((r) =>
        Number(insertLog.run(r.workspaceId, r.messageId, r.receivedAt, r.source, r.payload, r.payloadHash, r.flags).lastInsertRowid),
      ),
    );
    appendAll = (rows) => tx.immediate(rows);
    return appendAll;
  };

  const writeTransaction = <T>(fn: (trx: Kysely<Tables>) => Promise<T>): Promise<T> =>
    kysely.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (error) {
        if (sqlite.inTransaction) await sql`ROLLBACK`.execute(conn);
        throw error;
      }
    });

  const appendNow = (rows: readonly LogAppend[]): number[] => appender()(rows);

  return {
    dialect: 'sqlite',
    kysely,
    location: `sqlite:${file}`,
    migrate: async () => {
      const result = await migrateToLatest(kysely as Kysely<unknown>, 'sqlite');
      if (result.error) throw result.error;
      return (result.results ?? []).map((r) => r.migrationName);
    },
    writeTransaction,
    // One connection, one writer: SQLite transactions are already serialized, in this process and across processes.
    processingTransaction: writeTransaction,
    appendToLog: (rows) => {
      if (rows.length === 0) return Promise.resolve([]);
      // A transaction of this connection that awaits real I/O would otherwise swallow the append; wait for it to end.
      if (!sqlite.inTransaction) return Promise.resolve(appendNow(rows));
      return new Promise((done, fail) => {
        const retry = (): void => {
          if (sqlite.inTransaction) return void setImmediate(retry);
          try {
            done(appendNow(rows));
          } catch (error) {
            fail(error);
          }
        };
        setImmediate(retry);
      });
    },
    listTables: async () =>
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name),
    ping: async () => {
      sqlite.prepare('SELECT 1').get();
    },
    close: async () => {
      await kysely.destroy();
    },
  };
}
