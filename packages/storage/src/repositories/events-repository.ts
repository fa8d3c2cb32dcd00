import { chunksOf, type Executor } from './executor.js';
import type { Row } from '../schema.js';

export type EventRow = Row<'events'>;

/** Processed events, attributed to profiles. */
export class EventsRepository {
  async insertMany(db: Executor, rows: readonly EventRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 13)) await db.insertInto('events').values(chunk).execute();
  }

  async reassignProfile(db: Executor, workspaceId: string, from: string, to: string): Promise<void> {
    await db.updateTable('events').set({ profile_id: to }).where('workspace_id', '=', workspaceId).where('profile_id', '=', from).execute();
  }

  /** A profile's events, newest first; `before` is the (timestamp, seq) of the last event of the previous page. */
  async timeline(
    db: Executor,
    options: {
      workspaceId: string;
      profileId: string;
      limit: number;
      before?: { timestamp: number; seq: number } | undefined;
      event?: string | undefined;
      type?: string | undefined;
    },
  ): Promise<EventRow[]> {
    let q = db.selectFrom('events').selectAll().where('workspace_id', '=', options.workspaceId).where('profile_id', '=', options.profileId);
    if (options.event !== undefined) q = q.where('event', '=', options.event);
    if (options.type !== undefined) q = q.where('type', '=', options.type);
    const before = options.before;
    if (before !== undefined) {
      q = q.where((eb) => eb.or([eb('timestamp', '<', before.timestamp), eb.and([eb('timestamp', '=', before.timestamp), eb('seq', '<', before.seq)])]));
    }
    return q.orderBy('timestamp', 'desc').orderBy('seq', 'desc').limit(options.limit).execute();
  }

  /** All events of some profiles, oldest first, `limit` at a time after `afterSeq` (for exports). */
  async ofProfiles(db: Executor, workspaceId: string, profileIds: readonly string[], afterSeq: number, limit: number): Promise<EventRow[]> {
    if (profileIds.length === 0) return [];
    return db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('profile_id', 'in', profileIds)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  async deleteOfProfiles(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    if (profileIds.length === 0) return 0;
    const r = await db.deleteFrom('events').where('workspace_id', '=', workspaceId).where('profile_id', 'in', profileIds).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Deletes events older than `before` (event time) of one workspace, at most `limit`; returns their seqs. */
  async purgeOlderThan(db: Executor, workspaceId: string, before: number, limit: number): Promise<number[]> {
    const victims = await db
      .selectFrom('events')
      .select('seq')
      .where('workspace_id', '=', workspaceId)
      .where('timestamp', '<', before)
      .orderBy('timestamp')
      .limit(limit)
      .execute();
    const seqs = victims.map((v) => v.seq);
    for (const chunk of chunksOf(seqs, 1)) await db.deleteFrom('events').where('seq', 'in', chunk).execute();
    return seqs;
  }

  async countOfProfiles(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    if (profileIds.length === 0) return 0;
    const row = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('profile_id', 'in', profileIds)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
