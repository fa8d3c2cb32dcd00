import type { Executor } from './executor.js';
import type { Row } from '../schema.js';

/** A stored offline evaluation; `params` and `metrics` are JSON text. */
export type RecEvaluationRow = Row<'rec_evaluations'>;

/** An Order Completed event of an identified person, with that person's consent (JSON text of the profile). */
export interface OrderEventRow {
  readonly seq: number;
  readonly profile_id: string;
  /** Unix ms. */
  readonly timestamp: number;
  readonly payload: string;
  readonly consent: string;
}

/** Where a page of `orderEvents` ends, to ask for the next one. */
export interface OrderEventCursor {
  readonly timestamp: number;
  readonly seq: number;
}

const ORDER_COMPLETED = 'Order Completed';

/** Offline evaluations of recommendation algorithms, and the interactions they read from a workspace. */
export class RecEvaluationsRepository {
  async insert(db: Executor, row: RecEvaluationRow): Promise<void> {
    await db.insertInto('rec_evaluations').values(row).execute();
  }

  /** A workspace's evaluations, newest first, of one algorithm or all. */
  async list(db: Executor, workspaceId: string, options: { limit: number; algorithm?: string | undefined }): Promise<RecEvaluationRow[]> {
    let q = db.selectFrom('rec_evaluations').selectAll().where('workspace_id', '=', workspaceId);
    if (options.algorithm !== undefined) q = q.where('algorithm', '=', options.algorithm);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  }

  async find(db: Executor, workspaceId: string, id: string): Promise<RecEvaluationRow | undefined> {
    return db.selectFrom('rec_evaluations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /**
   * Order Completed events of people with a user id (identified: a recommendation model learns about customers, not
   * anonymous sessions), in (time, seq) order, `limit` after `after`, each with its person's consent. Read through
   * the (workspace, event, time) index. Merged profiles need no filter: their events moved to the surviving profile.
   */
  async orderEvents(db: Executor, workspaceId: string, options: { after?: OrderEventCursor | undefined; limit: number }): Promise<OrderEventRow[]> {
    const after = options.after;
    const rows = await db
      .selectFrom('events as e')
      .innerJoin('profiles as p', (j) => j.onRef('p.workspace_id', '=', 'e.workspace_id').onRef('p.id', '=', 'e.profile_id'))
      .select(['e.seq', 'e.profile_id', 'e.timestamp', 'e.payload', 'p.consent'])
      .where('e.workspace_id', '=', workspaceId)
      .where('e.event', '=', ORDER_COMPLETED)
      .$if(after !== undefined, (q) => q.where((eb) => eb.or([eb('e.timestamp', '>', after!.timestamp), eb.and([eb('e.timestamp', '=', after!.timestamp), eb('e.seq', '>', after!.seq)])])))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('identities as i')
            .select('i.profile_id')
            .whereRef('i.workspace_id', '=', 'e.workspace_id')
            .whereRef('i.profile_id', '=', 'e.profile_id')
            .where('i.kind', '=', 'user'),
        ),
      )
      .orderBy('e.timestamp')
      .orderBy('e.seq')
      .limit(options.limit)
      .execute();
    // PostgreSQL's plain client reads BIGINT as text: make both dialects and both clients agree.
    return rows.map((r) => ({ ...r, seq: Number(r.seq), timestamp: Number(r.timestamp) }));
  }
}
