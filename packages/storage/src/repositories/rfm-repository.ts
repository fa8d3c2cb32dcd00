import { sql } from 'kysely';
import { chunksOf, parseJson, type Executor } from './executor.js';
import type { Row } from '../schema.js';

export type RfmScoreRow = Row<'rfm_scores'>;

/** One customer's orders in a window, as the RFM model reads them. */
export interface CustomerMeasures {
  readonly profile_id: string;
  /** Time of the last Order Completed, Unix ms. */
  readonly last_order_at: number;
  /** Order Completed events. */
  readonly frequency: number;
  /** Σ revenue of Order Completed − Σ revenue of Order Refunded. */
  readonly monetary: number;
}

/** The quintile boundaries of a run (p20, p40, p60, p80 of each measure), null when it had no customer. */
export interface RfmRunCutPoints {
  readonly recency: readonly number[];
  readonly frequency: readonly number[];
  readonly monetary: readonly number[];
}

/** A refresh of a workspace's RFM model. */
export interface RfmRun {
  readonly workspaceId: string;
  readonly id: string;
  readonly asOf: number;
  readonly windowDays: number | null;
  readonly customers: number;
  readonly cutPoints: RfmRunCutPoints | null;
  /** Customers per named segment. */
  readonly counts: Readonly<Record<string, number>>;
  /** grid[r − 1][f − 1]: customers with recency score r and frequency score f. */
  readonly grid: readonly (readonly number[])[];
  readonly computedAt: number;
  readonly tookMs: number;
}

/** What the `counts` column holds: the counts per segment and per (R, F) cell, so that a stored view reads one row. */
interface StoredCounts {
  readonly segments: Record<string, number>;
  readonly grid: number[][];
}

const ORDER_COMPLETED = 'Order Completed';
const ORDER_REFUNDED = 'Order Refunded';

/** The RFM model of each workspace: its customers' scores (those of the last refresh) and the history of refreshes. */
export class RfmRepository {
  /**
   * Per identified profile with at least one Order Completed in (from, asOf] (from = asOf − windowDays, or the
   * beginning of time): the last order's time, the orders and the net revenue. One scan of the (workspace, event,
   * time) index, grouped by profile; the identity check runs once per profile, after grouping, not once per event.
   * Merged profiles need no filter: their events and identities moved to the profile they were merged into.
   */
  async customerMeasures(db: Executor, workspaceId: string, options: { asOf: number; windowDays: number | null }): Promise<CustomerMeasures[]> {
    const from = options.windowDays === null ? null : options.asOf - options.windowDays * 86_400_000;
    const isOrder = sql`e.event = ${ORDER_COMPLETED}`;
    const rows = await sql<{ profile_id: string; last_order_at: number | string; frequency: number | string; monetary: number | string | null }>`
      SELECT m.profile_id, m.last_order_at, m.frequency, m.monetary
      FROM (
        SELECT e.profile_id,
          MAX(CASE WHEN ${isOrder} THEN e.timestamp END) AS last_order_at,
          SUM(CASE WHEN ${isOrder} THEN 1 ELSE 0 END) AS frequency,
          SUM(CASE WHEN ${isOrder} THEN COALESCE(e.revenue, 0) ELSE -COALESCE(e.revenue, 0) END) AS monetary
        FROM events e
        WHERE e.workspace_id = ${workspaceId}
          AND e.event IN (${ORDER_COMPLETED}, ${ORDER_REFUNDED})
          AND e.timestamp <= ${options.asOf}
          ${from === null ? sql`` : sql`AND e.timestamp > ${from}`}
        GROUP BY e.profile_id
      ) m
      WHERE m.last_order_at IS NOT NULL
        AND EXISTS (SELECT 1 FROM identities i WHERE i.workspace_id = ${workspaceId} AND i.profile_id = m.profile_id AND i.kind = 'user')
    `.execute(db);
    // PostgreSQL: SUM over integers is bigint and MAX(bigint) is bigint (parsed as numbers by the dialect, and as
    // strings by a plain pg client); Number() makes both dialects and both clients agree.
    return rows.rows.map((r) => ({
      profile_id: r.profile_id,
      last_order_at: Number(r.last_order_at),
      frequency: Number(r.frequency),
      monetary: Number(r.monetary ?? 0),
    }));
  }

  /** Replaces a workspace's scores with `rows` (those of one refresh). */
  async replaceScores(db: Executor, workspaceId: string, rows: readonly RfmScoreRow[]): Promise<void> {
    await db.deleteFrom('rfm_scores').where('workspace_id', '=', workspaceId).execute();
    for (const chunk of chunksOf(rows, 10)) await db.insertInto('rfm_scores').values(chunk).execute();
  }

  /** The scores of some profiles (those without one are absent). */
  async scoresOf(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<RfmScoreRow[]> {
    const found: RfmScoreRow[] = [];
    for (const chunk of chunksOf([...new Set(profileIds)], 1)) {
      found.push(...(await db.selectFrom('rfm_scores').selectAll().where('workspace_id', '=', workspaceId).where('profile_id', 'in', chunk).execute()));
    }
    return found;
  }

  /** Scores in profile id order, `limit` after `afterProfileId`, of one named segment or all. */
  async page(db: Executor, workspaceId: string, options: { limit: number; afterProfileId?: string | undefined; segment?: string | undefined }): Promise<RfmScoreRow[]> {
    let q = db.selectFrom('rfm_scores').selectAll().where('workspace_id', '=', workspaceId);
    if (options.segment !== undefined) q = q.where('segment', '=', options.segment);
    if (options.afterProfileId !== undefined) q = q.where('profile_id', '>', options.afterProfileId);
    return q.orderBy('profile_id').limit(options.limit).execute();
  }

  async insertRun(db: Executor, run: RfmRun): Promise<void> {
    const counts: StoredCounts = { segments: { ...run.counts }, grid: run.grid.map((row) => [...row]) };
    await db
      .insertInto('rfm_runs')
      .values({
        workspace_id: run.workspaceId,
        id: run.id,
        as_of: run.asOf,
        window_days: run.windowDays,
        customers: run.customers,
        cut_points: JSON.stringify(run.cutPoints),
        counts: JSON.stringify(counts),
        computed_at: run.computedAt,
        took_ms: run.tookMs,
      })
      .execute();
  }

  /** The last refresh of a workspace, whose scores are those stored. */
  async latestRun(db: Executor, workspaceId: string): Promise<RfmRun | undefined> {
    const row = await db.selectFrom('rfm_runs').selectAll().where('workspace_id', '=', workspaceId).orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (row === undefined) return undefined;
    const counts = parseJson<StoredCounts>(row.counts);
    return {
      workspaceId: row.workspace_id,
      id: row.id,
      asOf: row.as_of,
      windowDays: row.window_days,
      customers: row.customers,
      cutPoints: parseJson<RfmRunCutPoints | null>(row.cut_points),
      counts: counts.segments,
      grid: counts.grid,
      computedAt: row.computed_at,
      tookMs: row.took_ms,
    };
  }

  /** Deletes some profiles' scores (erasure); returns how many. */
  async deleteScoresOf(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    let n = 0;
    for (const chunk of chunksOf(profileIds, 1)) {
      const r = await db.deleteFrom('rfm_scores').where('workspace_id', '=', workspaceId).where('profile_id', 'in', chunk).executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    return n;
  }
}
