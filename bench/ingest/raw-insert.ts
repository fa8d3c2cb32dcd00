import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, SQLITE_FILES, type LogAppend } from '@rapport/storage';
import { sql } from 'kysely';
import { percentile } from './percentile.js';

export interface RawInsertOptions {
  /** A fresh directory: the ceiling gets its own database file. */
  readonly dataDir: string;
  /** Rows to insert in turn; the log has no unique index, so a row inserted again costs what a new one does. */
  readonly rows: readonly LogAppend[];
  readonly rowsPerTransaction: number;
  readonly seconds: number;
}

export interface RawInsertResult {
  readonly seconds: number;
  readonly rows: number;
  readonly rowsPerSecond: number;
  /** Milliseconds per transaction (insert + COMMIT with its fsync). */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

// Settings of a connection rather than of the file: copied from the connection Rapport opens, so that the ceiling
// follows any change made to them in packages/storage/src/dialect/sqlite/sqlite-database.ts.
const connectionPragmas = ['cache_size', 'temp_store', 'wal_autocheckpoint'] as const;

/**
 * Opens the database as Rapport does (migrating it) and returns the file of its event log and the settings of Rapport's
 * main connection (the log's own connection runs no checkpoints: the ceiling keeps the main one's, as before the log
 * had a file of its own, and so stays comparable with earlier runs).
 */
async function rapportDatabaseFile(
  dataDir: string,
): Promise<{ file: string; pragmas: Record<string, unknown> }> {
  const database = await openDatabase({ dataDir });
  try {
    await database.migrate();
    const pragmas: Record<string, unknown> = {};
    for (const name of connectionPragmas) {
      const { rows } = await sql<Record<string, unknown>>`PRAGMA ${sql.raw(name)}`.execute(database.kysely);
      pragmas[name] = rows[0]?.[name];
    }
    return { file: join(dirname(database.location.replace(/^sqlite:/, '')), SQLITE_FILES.log), pragmas };
  } finally {
    await database.close();
  }
}

/**
 * The storage ceiling: the fastest the event log takes rows on this disk with Rapport's durability and nothing else.
 * The schema comes from Rapport's own migrations; the connection is opened directly with better-sqlite3, in WAL mode
 * with `synchronous = FULL` (every COMMIT is fsync'd, as an ingestion 2xx requires) and Rapport's other connection
 * settings, and rows go in through one prepared statement, `rowsPerTransaction` per BEGIN IMMEDIATE … COMMIT.
 */
export async function measureRawInserts(options: RawInsertOptions): Promise<RawInsertResult> {
  const { file, pragmas } = await rapportDatabaseFile(options.dataDir);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  for (const [name, value] of Object.entries(pragmas)) sqlite.pragma(`${name} = ${Number(value)}`);
  const insert = sqlite.prepare(
    'INSERT INTO event_log (workspace_id, message_id, received_at, source, payload, payload_hash, flags) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const appendAll = sqlite.transaction((rows: readonly LogAppend[]) => {
    for (const r of rows)
      insert.run(r.workspaceId, r.messageId, r.receivedAt, r.source, r.payload, r.payloadHash, r.flags);
  });

  const { rows, rowsPerTransaction } = options;
  const transactionMs: number[] = [];
  const started = performance.now();
  const until = started + options.seconds * 1000;
  let inserted = 0;
  let at = 0;
  try {
    while (performance.now() < until) {
      if (at + rowsPerTransaction > rows.length) at = 0;
      const t = performance.now();
      appendAll.immediate(rows.slice(at, at + rowsPerTransaction));
      transactionMs.push(performance.now() - t);
      at += rowsPerTransaction;
      inserted += rowsPerTransaction;
    }
  } finally {
    sqlite.close();
  }
  const seconds = (performance.now() - started) / 1000;
  transactionMs.sort((a, b) => a - b);
  return {
    seconds,
    rows: inserted,
    rowsPerSecond: inserted / seconds,
    p50Ms: percentile(transactionMs, 50),
    p99Ms: percentile(transactionMs, 99),
  };
}
