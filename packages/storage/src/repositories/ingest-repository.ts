import { sql } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { chunksOf, pushAll, type Executor } from './executor.js';
import type { NewRow, Row } from '../schema.js';

export type LogRow = Row<'event_log'>;
export type RejectedRow = Row<'rejected_events'>;
export type MessageIdRow = Row<'message_ids'>;

/** The event log (outbox), message-id deduplication and rejected payloads. */
export class IngestRepository {
  constructor(private readonly dialect: DialectName) {}

  /**
   * Makes the next seq of the log greater than `seq` (the processor's cursor): a seq at or below the cursor would never
   * be processed. On SQLite the log and the cursor are in two files, and a restore could put back a log older than the
   * cursor; on PostgreSQL they are restored together, and nothing is done. Run with the log's own query layer, before
   * anything is appended.
   */
  async continueLogAfter(db: Executor, seq: number): Promise<void> {
    if (this.dialect !== 'sqlite') return;
    await sql`UPDATE sqlite_sequence SET seq = ${seq} WHERE name = 'event_log' AND seq < ${seq}`.execute(db);
    await sql`INSERT INTO sqlite_sequence (name, seq) SELECT 'event_log', ${seq} WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'event_log')`.execute(db);
  }

  async readLogAfter(db: Executor, afterSeq: number, limit: number): Promise<LogRow[]> {
    return db.selectFrom('event_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  }

  /** The last seq appended, 0 for an empty log. */
  async lastLogSeq(db: Executor): Promise<number> {
    const row = await db.selectFrom('event_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async firstLogRowAfter(db: Executor, afterSeq: number): Promise<Pick<LogRow, 'seq' | 'received_at'> | undefined> {
    return db.selectFrom('event_log').select(['seq', 'received_at']).where('seq', '>', afterSeq).orderBy('seq').limit(1).executeTakeFirst();
  }

  /**
   * Deletes processed log rows up to and including `seq`, at most `limit` of them; returns how many. Run in the log's
   * write transaction (`logTransaction`). On SQLite, when every row of the log is processed, all of them go at once:
   * emptying a table frees its pages without writing them, while deleting rows writes the pages they were on (300,000
   * rows of 1 KB: 0.3 MB of write-ahead log against 160 MB, bench/README.md) — which the next flow's appends then wait
   * behind. On PostgreSQL a row committed after the check could fall to a delete without a bound: it keeps the bound.
   */
  async truncateLog(db: Executor, upToSeq: number, limit: number): Promise<number> {
    if (this.dialect === 'sqlite' && (await this.lastLogSeq(db)) <= upToSeq) {
      const result = await db.deleteFrom('event_log').executeTakeFirst();
      return Number(result.numDeletedRows);
    }
    const last = await db.selectFrom('event_log').select('seq').where('seq', '<=', upToSeq).orderBy('seq').limit(1).offset(limit - 1).executeTakeFirst();
    const bound = last === undefined ? upToSeq : Math.min(upToSeq, last.seq);
    const result = await db.deleteFrom('event_log').where('seq', '<=', bound).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteLogRows(db: Executor, seqs: readonly number[]): Promise<number> {
    let n = 0;
    for (const chunk of chunksOf(seqs, 1)) {
      const result = await db.deleteFrom('event_log').where('seq', 'in', chunk).executeTakeFirst();
      n += Number(result.numDeletedRows);
    }
    return n;
  }

  async findMessageIds(db: Executor, workspaceId: string, messageIds: readonly string[]): Promise<MessageIdRow[]> {
    const found: MessageIdRow[] = [];
    for (const chunk of chunksOf([...new Set(messageIds)], 1)) {
      pushAll(found, await db.selectFrom('message_ids').selectAll().where('workspace_id', '=', workspaceId).where('message_id', 'in', chunk).execute());
    }
    return found;
  }

  async insertMessageIds(db: Executor, rows: readonly NewRow<'message_ids'>[]): Promise<void> {
    for (const chunk of chunksOf(rows, 6)) {
      await db.insertInto('message_ids').values(chunk).onConflict((oc) => oc.doNothing()).execute();
    }
  }

  /** Forgets message ids received before `before`, except those of imported events; returns how many. */
  async pruneMessageIds(db: Executor, before: number): Promise<number> {
    const r = await db.deleteFrom('message_ids').where('received_at', '<', before).where('keep', '=', 0).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Deletes the deduplication entries of these profiles' events (their messageIds may name the person). */
  async deleteMessageIdsOfProfiles(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<void> {
    if (profileIds.length === 0) return;
    await db
      .deleteFrom('message_ids')
      .where('workspace_id', '=', workspaceId)
      .where('seq', 'in', (eb) => eb.selectFrom('events').select('seq').where('workspace_id', '=', workspaceId).where('profile_id', 'in', profileIds))
      .execute();
  }

  async deleteMessageIdsOfSeqs(db: Executor, workspaceId: string, seqs: readonly number[]): Promise<void> {
    for (const chunk of chunksOf(seqs, 1)) {
      await db.deleteFrom('message_ids').where('workspace_id', '=', workspaceId).where('seq', 'in', chunk).execute();
    }
  }

  async insertRejected(db: Executor, rows: readonly RejectedRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 14)) await db.insertInto('rejected_events').values(chunk).execute();
  }

  /** Rejected payloads, newest first; `before` is the (received_at, id) of the last row of the previous page. */
  async listRejected(
    db: Executor,
    options: { workspaceId: string; code?: string | undefined; limit: number; before?: { receivedAt: number; id: string } | undefined },
  ): Promise<RejectedRow[]> {
    let q = db.selectFrom('rejected_events').selectAll().where('workspace_id', '=', options.workspaceId);
    if (options.code !== undefined) q = q.where('code', '=', options.code);
    const before = options.before;
    if (before !== undefined) {
      q = q.where((eb) =>
        eb.or([eb('received_at', '<', before.receivedAt), eb.and([eb('received_at', '=', before.receivedAt), eb('id', '<', before.id)])]),
      );
    }
    return q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  }

  async purgeRejected(db: Executor, workspaceId: string, before: number): Promise<number> {
    const r = await db.deleteFrom('rejected_events').where('workspace_id', '=', workspaceId).where('received_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
