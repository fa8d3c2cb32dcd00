import { dirname, join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { SQLITE_FILES } from '../dialect/sqlite/sqlite-files.js';

/**
 * SQLite: the event log moves into a file of its own (SQLITE_FILES.log), attached here only for the move. A SQLite file
 * has one write lock: in one file, every acknowledgement of an event waited for the processor's slices to commit. Rows not
 * yet processed move with it, and its sequence goes on where it was (a seq is never given twice: the processor's cursor
 * and the events table are keyed by it). Each step can run again if the move is interrupted. PostgreSQL: nothing.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  const attached = (await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(db)).rows;
  const main = attached.find((d) => d.name === 'main')?.file;
  if (!main) throw new Error('the event log needs a database file: this SQLite database is in memory');
  await sql`ATTACH DATABASE ${join(dirname(main), SQLITE_FILES.log)} AS log`.execute(db);
  try {
    await move(db);
  } finally {
    // Attached, every BEGIN IMMEDIATE of this connection would take the log's write lock too.
    await sql`DETACH DATABASE log`.execute(db);
  }
}

async function move(db: Kysely<unknown>): Promise<void> {
  await sql`PRAGMA log.journal_mode = WAL`.execute(db);
  await db.schema
    .withSchema('log')
    .createTable('event_log')
    .ifNotExists()
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('flags', 'text')
    .execute();
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM main.sqlite_master WHERE type = 'table' AND name = 'event_log'`.execute(db);
  if (rows[0]!.n === 0) return;
  const columns = sql.raw('seq, workspace_id, message_id, received_at, source, payload, payload_hash, flags');
  await sql`INSERT OR IGNORE INTO log.event_log (${columns}) SELECT ${columns} FROM main.event_log`.execute(db);
  // The next seq follows the highest ever given, in either file (rows given and already truncated count too).
  const next = await sql<{ seq: number | null }>`
    SELECT max(seq) AS seq FROM (
      SELECT seq FROM main.sqlite_sequence WHERE name = 'event_log'
      UNION ALL SELECT seq FROM log.sqlite_sequence WHERE name = 'event_log'
      UNION ALL SELECT max(seq) FROM log.event_log)`.execute(db);
  const seq = next.rows[0]?.seq ?? null;
  if (seq !== null) {
    await sql`DELETE FROM log.sqlite_sequence WHERE name = 'event_log'`.execute(db);
    await sql`INSERT INTO log.sqlite_sequence (name, seq) VALUES ('event_log', ${seq})`.execute(db);
  }
  await sql`DROP TABLE main.event_log`.execute(db);
}
