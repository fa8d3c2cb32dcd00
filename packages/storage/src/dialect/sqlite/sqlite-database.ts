import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { inlineLimits } from './inline-limits.js';
import type { Database, LogAppend } from '../../database.js';
import { migrateToLatest } from '../../migrations/migrations.js';
import { SQLITE_FILES } from './sqlite-files.js';
import { logAppender } from './sqlite-log-appender.js';
import { registerSegmentFunctions } from './sqlite-segment-functions.js';
import type { Tables } from '../../schema.js';

export interface SqliteOptions {
  /** Directory of the database files (SQLITE_FILES); created when missing. */
  readonly dataDir: string;
  /** How long a writer waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number | undefined;
  readonly cacheKb?: number | undefined;
  readonly autoCheckpoint?: boolean | undefined;
}

/** Statements kept prepared: parsing SQL costs as much as running it for the processor's many small queries. */
const STATEMENT_CACHE = 500;
/**
 * Longer SQL is not kept: multi-row inserts and long `in (…)` lists differ in their number of rows from one call to the
 * next, are rarely reused, and each prepared one holds memory in proportion to its parameters (a slice's insert of a
 * thousand events is several megabytes). Keeping hundreds of them cost more than 100 MB of resident memory.
 */
const CACHED_SQL_CHARS = 2000;

/**
 * better-sqlite3 prepares a statement for every query Kysely sends. Reusing prepared statements by SQL text is safe:
 * Kysely runs one query at a time on this connection and reads every result at once (all/run).
 */
function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare: (sqlText: string) => {
      if (sqlText.length > CACHED_SQL_CHARS) return db.prepare(sqlText) as unknown as ReturnType<SqliteDatabase['prepare']>;
      let stmt = cache.get(sqlText);
      if (stmt === undefined) {
        stmt = db.prepare(sqlText);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, stmt);
      }
      return stmt as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}

/** Settings of every connection: WAL, every commit fsync'd (`synchronous = FULL`), a page cache, checkpoints. */
function configure(sqlite: BetterSqlite3.Database, o: { busyTimeoutMs: number; cacheKb: number; autoCheckpointPages: number }): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma(`busy_timeout = ${o.busyTimeoutMs}`);
  sqlite.pragma(`cache_size = -${o.cacheKb}`);
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma(`wal_autocheckpoint = ${o.autoCheckpointPages}`);
  sqlite.defaultSafeIntegers(false);
}

/** A connection and its query layer. */
interface Connection {
  readonly sqlite: BetterSqlite3.Database;
  readonly kysely: Kysely<Tables>;
}

function connection(sqlite: BetterSqlite3.Database): Connection {
  return { sqlite, kysely: new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins: [inlineLimits] }) };
}

/** Runs `fn` in a transaction that holds the connection's write lock from the start (BEGIN IMMEDIATE). */
function transaction<T>(c: Connection, fn: (trx: Kysely<Tables>) => Promise<T>, durable: boolean): Promise<T> {
  return c.kysely.connection().execute(async (conn) => {
    // Only between transactions: SQLite ignores a change of `synchronous` inside one.
    if (!durable) c.sqlite.pragma('synchronous = NORMAL');
    try {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (error) {
        if (c.sqlite.inTransaction) await sql`ROLLBACK`.execute(conn);
        throw error;
      }
    } finally {
      if (!durable) c.sqlite.pragma('synchronous = FULL');
    }
  });
}

/**
 * The embedded default, in two files (SQLITE_FILES), each in WAL mode with `synchronous = FULL`: every commit is
 * fsync'd, which is what makes an ingestion 2xx durable. Each file has its own connection and its own write lock:
 * - the main connection (`kysely`) reads and writes everything but the event log;
 * - the log connection reads the log (`log`), appends to it (`appendToLog`) and deletes from it (`logTransaction`).
 * The log is not attached to the main connection: BEGIN IMMEDIATE takes the write lock of every attached file.
 * better-sqlite3 is synchronous, so Kysely's promises over it settle without yielding to the event loop; the raw
 * prepared statements of `appendToLog` share the log connection and check that no transaction is open on it.
 */
export function openSqliteDatabase(options: SqliteOptions): Database {
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, SQLITE_FILES.main);
  const logFile = join(dir, SQLITE_FILES.log);
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;

  // No checkpoints of its own: an append that crosses the mark would copy megabytes and wait for an fsync more before its
  // acknowledgement; the processor's thread checkpoints the log instead (`checkpoint`).
  const logSqlite = new BetterSqlite3(logFile);
  configure(logSqlite, { busyTimeoutMs, cacheKb: 2000, autoCheckpointPages: 0 });
  // Under a sustained flow the write-ahead log grows (SQLite starts it over only when a writer begins with all of it
  // checkpointed, which appends back to back never do). The processor cuts it to nothing when idle (`checkpoint` with
  // `idle`); should a writer start it over first, it is cut to 64 MB.
  logSqlite.pragma('journal_size_limit = 67108864');
  const log = connection(logSqlite);

  const sqlite = new BetterSqlite3(file);
  // 16 MB of log between checkpoints (the default is 4 MB): each checkpoint runs, with its fsync, in the commit that
  // crosses the mark, so fewer of them leave more commits fast.
  configure(sqlite, { busyTimeoutMs, cacheKb: options.cacheKb ?? 32_000, autoCheckpointPages: options.autoCheckpoint === false ? 0 : 4000 });
  registerSegmentFunctions(sqlite);
  const main = connection(sqlite);
  const kysely = main.kysely;

  // Prepared on first use: the table exists only once migrations have run.
  let appendAll: ((rows: readonly LogAppend[]) => number[]) | undefined;
  const appender = (): ((rows: readonly LogAppend[]) => number[]) => (appendAll ??= logAppender(logSqlite));

  /**
   * Appends at once, or answers undefined when another connection to the log holds its write lock (the processor's,
   * deleting processed rows). SQLite's own busy handler would wait inside the call, and better-sqlite3 is synchronous:
   * the whole event loop would stand still for as long, with every request behind it.
   */
  const tryAppend = (rows: readonly LogAppend[]): number[] | undefined => {
    logSqlite.pragma('busy_timeout = 0');
    try {
      return appender()(rows);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return undefined;
      throw error;
    } finally {
      logSqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  };

  return {
    dialect: 'sqlite',
    kysely,
    location: `sqlite:${file}`,
    options: { dataDir: options.dataDir, cacheKb: options.cacheKb, autoCheckpoint: options.autoCheckpoint },
    migrate: async () => {
      const result = await migrateToLatest(kysely as Kysely<unknown>, 'sqlite');
      if (result.error) throw result.error;
      return (result.results ?? []).map((r) => r.migrationName);
    },
    log: log.kysely,
    writeTransaction: (fn) => transaction(main, fn, true),
    // One connection, one writer: SQLite transactions are already serialized, in this process and across processes.
    // A non-durable commit goes to the same write-ahead log, in order: the next fsync'd commit of the main file makes it
    // durable too (the processor makes one before it deletes processed rows from the log).
    processingTransaction: (fn, options) => transaction(main, fn, options?.durable !== false),
    logTransaction: (fn) => transaction(log, fn, true),
    appendToLog: (rows) => {
      if (rows.length === 0) return Promise.resolve([]);
      const appended = logSqlite.inTransaction ? undefined : tryAppend(rows);
      if (appended !== undefined) return Promise.resolve(appended);
      // Wait without blocking the event loop: for a transaction of this connection that awaits real I/O (it would
      // otherwise swallow the append), or for another connection's write lock.
      const deadline = performance.now() + busyTimeoutMs;
      return new Promise((done, fail) => {
        const retry = (): void => {
          try {
            const result = logSqlite.inTransaction ? undefined : tryAppend(rows);
            if (result !== undefined) return done(result);
            if (performance.now() > deadline) return fail(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
            setTimeout(retry, 1);
          } catch (error) {
            fail(error);
          }
        };
        setTimeout(retry, 1);
      });
    },
    listTables: async () =>
      [sqlite, logSqlite]
        .flatMap((c) => (c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name))
        .filter((name) => !name.startsWith('sqlite_') && !name.startsWith('kysely_'))
        .sort(),
    checkpoint: async (o) => {
      if (!logSqlite.inTransaction) {
        const [passive] = logSqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
        // TRUNCATE holds the log's write lock while it copies: only once a PASSIVE one copied everything, so that it has
        // nothing left to copy and an append arriving meanwhile waits for no more than the cut.
        if (o?.idle === true && passive !== undefined && passive.checkpointed === passive.log) logSqlite.pragma('wal_checkpoint(TRUNCATE)');
      }
      if (!sqlite.inTransaction) sqlite.pragma('wal_checkpoint(PASSIVE)');
    },
    ping: async () => {
      sqlite.prepare('SELECT 1').get();
    },
    close: async () => {
      await kysely.destroy();
      await log.kysely.destroy();
    },
  };
}
