import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { chunksOf, pushAll, type Executor } from './executor.js';
import type { Row, Tables } from '../schema.js';

export type ProductRow = Row<'products'>;
/** What recommendations show and filter on: a product without its description and attributes. */
export type ServingProductRow = Pick<ProductRow, 'id' | 'name' | 'category' | 'tags' | 'price' | 'currency' | 'image_url' | 'url' | 'in_stock' | 'updated_at'>;

const servingColumns = ['id', 'name', 'category', 'tags', 'price', 'currency', 'image_url', 'url', 'in_stock', 'updated_at'] as const;
/** updated_at is summed modulo a day (ms): the sum stays far from either dialect's integer limits. */
const DAY_MS = 86_400_000;

/** The product catalog. */
export class CatalogRepository {
  /** Inserts or replaces products; `created_at` of an existing product is kept. */
  async upsertMany(db: Executor, rows: readonly ProductRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 14)) {
      await db
        .insertInto('products')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            description: eb.ref('excluded.description'),
            category: eb.ref('excluded.category'),
            tags: eb.ref('excluded.tags'),
            price: eb.ref('excluded.price'),
            currency: eb.ref('excluded.currency'),
            image_url: eb.ref('excluded.image_url'),
            url: eb.ref('excluded.url'),
            in_stock: eb.ref('excluded.in_stock'),
            attributes: eb.ref('excluded.attributes'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  async find(db: Executor, workspaceId: string, id: string): Promise<ProductRow | undefined> {
    return db.selectFrom('products').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  async findMany(db: Executor, workspaceId: string, ids: readonly string[]): Promise<ProductRow[]> {
    const found: ProductRow[] = [];
    for (const chunk of chunksOf([...new Set(ids)], 1)) {
      pushAll(found, await db.selectFrom('products').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', chunk).execute());
    }
    return found;
  }

  async list(
    db: Executor,
    options: { workspaceId: string; q?: string | undefined; category?: string | undefined; inStock?: boolean | undefined; limit: number; afterId?: string | undefined },
  ): Promise<ProductRow[]> {
    let query = db.selectFrom('products').selectAll().where('workspace_id', '=', options.workspaceId);
    if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
    if (options.inStock !== undefined) query = query.where('in_stock', '=', options.inStock ? 1 : 0);
    const category = options.category;
    if (category !== undefined) query = query.where((eb) => inCategory(eb, category));
    const q = options.q?.trim();
    if (q) {
      const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb(eb.fn('lower', ['name']), 'like', like), eb(eb.fn('lower', ['id']), 'like', like)]));
    }
    return query.orderBy('id').limit(options.limit).execute();
  }

  /** Products of a category (and its sub-categories), in stock or all, by id; at most `limit`. */
  async idsInCategory(db: Executor, workspaceId: string, category: string, o: { inStock?: boolean; limit: number }): Promise<string[]> {
    let q = db.selectFrom('products').select('id').where('workspace_id', '=', workspaceId).where((eb) => inCategory(eb, category));
    if (o.inStock !== undefined) q = q.where('in_stock', '=', o.inStock ? 1 : 0);
    return (await q.orderBy('id').limit(o.limit).execute()).map((r) => r.id);
  }

  /** Products added to the catalog since `since`, newest first (optionally of a category), in stock. */
  async newest(db: Executor, workspaceId: string, o: { since: number; category?: string | undefined; limit: number }): Promise<ProductRow[]> {
    let q = db.selectFrom('products').selectAll().where('workspace_id', '=', workspaceId).where('created_at', '>=', o.since).where('in_stock', '=', 1);
    const category = o.category;
    if (category !== undefined) q = q.where((eb) => inCategory(eb, category));
    return q.orderBy('created_at', 'desc').orderBy('id').limit(o.limit).execute();
  }

  async delete(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const r = await db.deleteFrom('products').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** When the catalog last changed (the latest update of a product; 0 for an empty catalog), and its size. */
  async version(db: Executor, workspaceId: string): Promise<{ updatedAt: number; products: number }> {
    const row = await db
      .selectFrom('products')
      .select((eb) => [eb.fn.max<number>('updated_at').as('updated'), eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return { updatedAt: Number(row?.updated ?? 0), products: Number(row?.n ?? 0) };
  }

  /**
   * A mark that changes whenever a product is added, changed or deleted: the count, the latest update and the sum of
   * the update times (a product changed by a transaction that committed after a later one moves the sum, not the
   * latest). One scan of the workspace's products, without their text.
   */
  async changeMark(db: Executor, workspaceId: string): Promise<string> {
    const row = await db
      .selectFrom('products')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max<number>('updated_at').as('updated'), eb.fn.sum<number>(sql<number>`updated_at % ${DAY_MS}`).as('times')])
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return `${Number(row?.n ?? 0)}:${Number(row?.updated ?? 0)}:${String(row?.times ?? 0)}`;
  }

  /** Every product's id and last update (to see which changed since a copy was read). */
  async updateTimes(db: Executor, workspaceId: string): Promise<{ id: string; updated_at: number }[]> {
    const rows = await db.selectFrom('products').select(['id', 'updated_at']).where('workspace_id', '=', workspaceId).execute();
    return rows.map((r) => ({ id: r.id, updated_at: Number(r.updated_at) }));
  }

  /** Products as recommendations serve them: the given ids, or a page of every product (`limit` after `afterId`). */
  async servingRows(db: Executor, workspaceId: string, o: { ids: readonly string[] } | { afterId?: string; limit: number }): Promise<ServingProductRow[]> {
    const q = db.selectFrom('products').select(servingColumns).where('workspace_id', '=', workspaceId);
    if ('ids' in o) {
      const found: ServingProductRow[] = [];
      for (const chunk of chunksOf([...new Set(o.ids)], 1)) pushAll(found, await q.where('id', 'in', chunk).execute());
      return found;
    }
    return (o.afterId === undefined ? q : q.where('id', '>', o.afterId)).orderBy('id').limit(o.limit).execute();
  }

  /** Every product of a workspace, `limit` after `afterId` (for building models over the catalog). */
  async page(db: Executor, workspaceId: string, o: { afterId?: string; limit: number }): Promise<ProductRow[]> {
    let q = db.selectFrom('products').selectAll().where('workspace_id', '=', workspaceId);
    if (o.afterId !== undefined) q = q.where('id', '>', o.afterId);
    return q.orderBy('id').limit(o.limit).execute();
  }

  async count(db: Executor, workspaceId: string): Promise<number> {
    const row = await db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

/** A category and its sub-categories ("Home > Garden" includes "Home > Garden > Tools"). */
function inCategory(eb: ExpressionBuilder<Tables, 'products'>, category: string): Expression<SqlBool> {
  return eb.or([eb('category', '=', category), eb('category', 'like', `${category.replace(/[\\%_]/g, (c) => `\\${c}`)} > %`)]);
}
