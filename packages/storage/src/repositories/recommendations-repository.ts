import { sql } from 'kysely';
import { chunksOf, type Executor } from './executor.js';
import type { Row } from '../schema.js';

export type ItemStatsRow = Row<'item_stats'>;
export type ItemPairRow = Row<'item_pairs'>;
export type ItemTotalRow = Row<'item_totals'>;
export type RecModelRow = Row<'rec_models'>;
export type RecommenderRow = Row<'recommenders'>;

/** The kinds of pairs: bought in the same order, viewed in the same session. */
export type PairKind = 'bought' | 'viewed';

/** A product and a count over a period: the rows of popularity, trends and best sellers. */
export interface ProductCount {
  readonly product_id: string;
  readonly count: number;
}

/** What recommendations are served from: product statistics, products together, models, named recommenders. */
export class RecommendationsRepository {
  /** Adds to the daily counts of products. */
  async addStats(db: Executor, rows: readonly ItemStatsRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 7)) {
      await db
        .insertInto('item_stats')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'product_id', 'day']).doUpdateSet((eb) => ({
            views: eb('item_stats.views', '+', eb.ref('excluded.views')),
            adds: eb('item_stats.adds', '+', eb.ref('excluded.adds')),
            purchases: eb('item_stats.purchases', '+', eb.ref('excluded.purchases')),
            revenue: eb('item_stats.revenue', '+', eb.ref('excluded.revenue')),
          })),
        )
        .execute();
    }
  }

  /** Adds to pair counts (give both directions). */
  async addPairs(db: Executor, rows: readonly ItemPairRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 5)) {
      await db
        .insertInto('item_pairs')
        .values(chunk)
        .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'a', 'b']).doUpdateSet((eb) => ({ count: eb('item_pairs.count', '+', eb.ref('excluded.count')) })))
        .execute();
    }
  }

  async addTotals(db: Executor, rows: readonly ItemTotalRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 4)) {
      await db
        .insertInto('item_totals')
        .values(chunk)
        .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'product_id']).doUpdateSet((eb) => ({ count: eb('item_totals.count', '+', eb.ref('excluded.count')) })))
        .execute();
    }
  }

  /**
   * Products by a weighted count over days [fromDay, toDay]: `views·w.views + adds·w.adds + purchases·w.purchases`,
   * each day's counts multiplied by 0.5^((toDay − day) / halfLifeDays) when a half-life is given. Highest first.
   */
  async rankProducts(
    db: Executor,
    workspaceId: string,
    o: { fromDay: number; toDay: number; weights: { views: number; adds: number; purchases: number }; halfLifeDays?: number; productIds?: readonly string[]; limit: number },
  ): Promise<ProductCount[]> {
    const weighted = sql<number>`(views * ${o.weights.views} + adds * ${o.weights.adds} + purchases * ${o.weights.purchases})`;
    const decayed = o.halfLifeDays === undefined ? weighted : sql<number>`${weighted} * power(0.5, (${o.toDay} - day) / CAST(${o.halfLifeDays} AS DOUBLE PRECISION))`;
    let q = db
      .selectFrom('item_stats')
      .select((eb) => ['product_id', eb.fn.sum<number>(decayed).as('count')])
      .where('workspace_id', '=', workspaceId)
      .where('day', '>=', o.fromDay)
      .where('day', '<=', o.toDay);
    if (o.productIds !== undefined) q = q.where('product_id', 'in', o.productIds.length === 0 ? [''] : o.productIds);
    const rows = await q.groupBy('product_id').orderBy('count', 'desc').orderBy('product_id').limit(o.limit).execute();
    return rows.map((r) => ({ product_id: r.product_id, count: Number(r.count) })).filter((r) => r.count > 0);
  }

  /** The products most often together with `productId`, with the pair counts. */
  async pairsOf(db: Executor, workspaceId: string, kind: PairKind, productIds: readonly string[], limit: number): Promise<Pick<ItemPairRow, 'a' | 'b' | 'count'>[]> {
    if (productIds.length === 0) return [];
    // Only what serving reads: the rows of a best seller's 50 partners cost less than half without the key's text.
    return db
      .selectFrom('item_pairs')
      .select(['a', 'b', 'count'])
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', kind)
      .where('a', 'in', productIds)
      .orderBy('count', 'desc')
      .orderBy('b')
      .limit(limit)
      .execute();
  }

  /** Orders or sessions holding each product ("" for all of them). */
  async totals(db: Executor, workspaceId: string, kind: PairKind, productIds: readonly string[]): Promise<Map<string, number>> {
    if (productIds.length === 0) return new Map();
    const found = new Map<string, number>();
    for (const chunk of chunksOf(productIds, 1)) {
      const rows = await db.selectFrom('item_totals').select(['product_id', 'count']).where('workspace_id', '=', workspaceId).where('kind', '=', kind).where('product_id', 'in', chunk).execute();
      for (const r of rows) found.set(r.product_id, Number(r.count));
    }
    return found;
  }

  // ---- models ----

  async insertModel(db: Executor, row: RecModelRow): Promise<void> {
    await db.insertInto('rec_models').values(row).execute();
  }

  /** The newest ready model of an algorithm, snapshot included. */
  async latestModel(db: Executor, workspaceId: string, algorithm: string): Promise<RecModelRow | undefined> {
    return db
      .selectFrom('rec_models')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('algorithm', '=', algorithm)
      .where('status', '=', 'ready')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The version of the newest ready model of an algorithm, without reading its snapshot (servers poll it). */
  async latestModelVersion(db: Executor, workspaceId: string, algorithm: string): Promise<number | undefined> {
    const row = await db
      .selectFrom('rec_models')
      .select('version')
      .where('workspace_id', '=', workspaceId)
      .where('algorithm', '=', algorithm)
      .where('status', '=', 'ready')
      .where('snapshot', 'is not', null)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.version);
  }

  async nextModelVersion(db: Executor, workspaceId: string, algorithm: string): Promise<number> {
    const row = await db
      .selectFrom('rec_models')
      .select((eb) => eb.fn.max<number>('version').as('v'))
      .where('workspace_id', '=', workspaceId)
      .where('algorithm', '=', algorithm)
      .executeTakeFirst();
    return Number(row?.v ?? 0) + 1;
  }

  /** Models of a workspace, newest first, without their snapshots. */
  async models(db: Executor, workspaceId: string, limit: number): Promise<Omit<RecModelRow, 'snapshot'>[]> {
    return db
      .selectFrom('rec_models')
      .select(['workspace_id', 'id', 'algorithm', 'version', 'status', 'params', 'metrics', 'users', 'items', 'interactions', 'error', 'trained_at', 'took_ms'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('trained_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** One model version, without its snapshot. */
  async model(db: Executor, workspaceId: string, id: string): Promise<Omit<RecModelRow, 'snapshot'> | undefined> {
    return db
      .selectFrom('rec_models')
      .select(['workspace_id', 'id', 'algorithm', 'version', 'status', 'params', 'metrics', 'users', 'items', 'interactions', 'error', 'trained_at', 'took_ms'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The time of the latest event of a name in a workspace (Unix ms), read through the (workspace, event, time) index. */
  async latestEventAt(db: Executor, workspaceId: string, event: string): Promise<number | null> {
    const row = await db.selectFrom('events').select('timestamp').where('workspace_id', '=', workspaceId).where('event', '=', event).orderBy('timestamp', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? null : Number(row.timestamp);
  }

  /** Models asked for and not yet trained (status queued), oldest first, of every workspace. */
  async queuedModels(db: Executor, limit: number): Promise<Pick<RecModelRow, 'workspace_id' | 'id' | 'algorithm' | 'params'>[]> {
    return db.selectFrom('rec_models').select(['workspace_id', 'id', 'algorithm', 'params']).where('status', '=', 'queued').orderBy('trained_at').orderBy('id').limit(limit).execute();
  }

  /** The newest model of an algorithm that was trained or failed (not queued or training), without its snapshot. */
  async latestAttempt(db: Executor, workspaceId: string, algorithm: string): Promise<Omit<RecModelRow, 'snapshot'> | undefined> {
    return db
      .selectFrom('rec_models')
      .select(['workspace_id', 'id', 'algorithm', 'version', 'status', 'params', 'metrics', 'users', 'items', 'interactions', 'error', 'trained_at', 'took_ms'])
      .where('workspace_id', '=', workspaceId)
      .where('algorithm', '=', algorithm)
      .where('status', 'in', ['ready', 'failed'])
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Claims a queued model for training; false when another trainer took it first. */
  async claimModel(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const result = await db.updateTable('rec_models').set({ status: 'training' }).where('workspace_id', '=', workspaceId).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async updateModel(db: Executor, workspaceId: string, id: string, changes: Partial<Omit<RecModelRow, 'workspace_id' | 'id' | 'algorithm'>>): Promise<void> {
    await db.updateTable('rec_models').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  }

  /** Models left in training by a trainer that stopped: queued again. */
  async requeueInterrupted(db: Executor): Promise<number> {
    const result = await db.updateTable('rec_models').set({ status: 'queued' }).where('status', '=', 'training').executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Deletes the snapshots of all but the newest `keep` versions of each algorithm (their rows and metrics stay). */
  async pruneSnapshots(db: Executor, workspaceId: string, algorithm: string, keep: number): Promise<void> {
    const newest = await db.selectFrom('rec_models').select('version').where('workspace_id', '=', workspaceId).where('algorithm', '=', algorithm).orderBy('version', 'desc').limit(keep).execute();
    const floor = newest.at(-1)?.version;
    if (floor === undefined) return;
    await db.updateTable('rec_models').set({ snapshot: null }).where('workspace_id', '=', workspaceId).where('algorithm', '=', algorithm).where('version', '<', floor).execute();
  }

  // ---- named recommenders ----

  async insertRecommender(db: Executor, row: RecommenderRow): Promise<void> {
    await db.insertInto('recommenders').values(row).execute();
  }

  async updateRecommender(db: Executor, workspaceId: string, id: string, changes: Partial<Omit<RecommenderRow, 'workspace_id' | 'id' | 'name' | 'created_at'>>): Promise<void> {
    await db.updateTable('recommenders').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  }

  async recommender(db: Executor, workspaceId: string, idOrName: string): Promise<RecommenderRow | undefined> {
    return db
      .selectFrom('recommenders')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
  }

  async recommenders(db: Executor, workspaceId: string): Promise<RecommenderRow[]> {
    return db.selectFrom('recommenders').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
  }

  async deleteRecommender(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const r = await db.deleteFrom('recommenders').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
