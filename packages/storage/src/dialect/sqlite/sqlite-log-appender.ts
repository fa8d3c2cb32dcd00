import type BetterSqlite3 from 'better-sqlite3';
import type { LogAppend } from '../../database.js';

/** Appends rows to the event log in one transaction (BEGIN IMMEDIATE) and returns their seqs, in order. */
export function logAppender(sqlite: BetterSqlite3.Database): (rows: readonly LogAppend[]) => number[] {
  const insert = sqlite.prepare(
    'INSERT INTO event_log (workspace_id, message_id, received_at, source, payload, payload_hash, flags) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const appendAll = sqlite.transaction((rows: readonly LogAppend[]) =>
    rows.map((r) => Number(insert.run(r.workspaceId, r.messageId, r.receivedAt, r.source, r.payload, r.payloadHash, r.flags).lastInsertRowid)),
  );
  return (rows) => appendAll.immediate(rows);
}
