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
  const { rows } = await sql<{ sql: string }>`SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = 'event_log'`.execute(db);
  // Gone from the main file: moved already, by a run that stopped before it was recorded.
  if (rows[0] === undefined) return;
  // The table exactly as the main file has it (0001), in the log's file.
  const create = rows[0].sql.replace(/^create table\s+"?event_log"?/i, 'CREATE TABLE IF NOT EXISTS log."event_log"');
  if (create === rows[0].sql) throw new Error(`unexpected definition of event_log: ${rows[0].sql}`);
  await sql.raw(create).execute(db);
  await sql`INSERT OR IGNORE INTO log.event_log SELECT * FROM main.event_log`.execute(db);
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
