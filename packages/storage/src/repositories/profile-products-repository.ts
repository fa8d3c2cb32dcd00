import { sql, type RawBuilder } from 'kysely';
import { chunksOf, type Executor } from './executor.js';
import { jsonRowsOf } from './json-sql.js';
import { preparedQuery } from './prepared-query.js';
import type { Row } from '../schema.js';
import type { DialectName } from '../dialect/dialect-name.js';

export type ProfileProductRow = Row<'profile_products'>;
/** A person's row of one product, without the keys the caller already knows. */
export type PersonProductRow = Omit<ProfileProductRow, 'workspace_id' | 'profile_id'>;

/** The later of two nullable times, in either dialect (SQLite's max() returns NULL when one side is NULL). */
function later(current: string, incoming: string): RawBuilder<number | null> {
  const c = sql.ref(current);
  const i = sql.ref(incoming);
  return sql<number | null>`CASE WHEN ${i} IS NULL THEN ${c} WHEN ${c} IS NULL THEN ${i} WHEN ${i} > ${c} THEN ${i} ELSE ${c} END`;
}

/** A person's row of a product they have not touched yet: every count 0, no times. */
export function untouchedProduct(workspaceId: string, profileId: string, productId: string): ProfileProductRow {
  return { workspace_id: workspaceId, profile_id: profileId, product_id: productId, views: 0, adds: 0, purchases: 0, last_viewed_at: null, last_added_at: null, last_purchased_at: null };
}

/** A person's row of one product as `ofProfile` reads it: the columns of PersonProductRow, in their order. */
type PersonProductTuple = [string, number, number, number, number | null, number | null, number | null];

/** Per person and product: views, adds to cart and purchases, with when each last happened. */
export class ProfileProductsRepository {
  /**
   * A person's rows as one JSON array built by the database: serving reads them on every personalized request, and a
   * wholesaler's hundreds of rows cross into JavaScript as one string to parse instead of an object made per row and
   * column (about half the time on SQLite, measured on the Online Retail customers).
   */
  readonly #ofProfile;

  constructor(dialect: DialectName = 'sqlite') {
    const personRows = jsonRowsOf(dialect, ['product_id', 'views', 'adds', 'purchases', 'last_viewed_at', 'last_added_at', 'last_purchased_at']);
    this.#ofProfile = preparedQuery((db: Executor, workspaceId: string, profileId: string) =>
      db.selectFrom('profile_products').select(personRows.as('rows')).where('workspace_id', '=', workspaceId).where('profile_id', '=', profileId),
    );
  }

  /**
   * Adds counts to rows (creating them). Returns the resulting rows, from which the caller sees which products are
   * new for a person: a count equal to the increment was zero before.
   */
  async increment(db: Executor, rows: readonly ProfileProductRow[]): Promise<ProfileProductRow[]> {
    const out: ProfileProductRow[] = [];
    for (const chunk of chunksOf(rows, 9)) {
      out.push(
        ...(await db
          .insertInto('profile_products')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['workspace_id', 'profile_id', 'product_id']).doUpdateSet({
              views: sql`profile_products.views + excluded.views`,
              adds: sql`profile_products.adds + excluded.adds`,
              purchases: sql`profile_products.purchases + excluded.purchases`,
              last_viewed_at: later('profile_products.last_viewed_at', 'excluded.last_viewed_at'),
              last_added_at: later('profile_products.last_added_at', 'excluded.last_added_at'),
              last_purchased_at: later('profile_products.last_purchased_at', 'excluded.last_purchased_at'),
            }),
          )
          .returningAll()
          .execute()),
      );
    }
    return out;
  }

  /** Moves `from`'s rows onto `to`, adding counts where both have the product. */
  async merge(db: Executor, workspaceId: string, from: string, to: string): Promise<void> {
    const rows = await this.ofProfiles(db, workspaceId, [from]);
    if (rows.length === 0) return;
    await this.increment(db, rows.map((r) => ({ ...r, profile_id: to })));
    await this.deleteOfProfiles(db, workspaceId, [from]);
  }

  async ofProfiles(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<ProfileProductRow[]> {
    if (profileIds.length === 0) return [];
    return db
      .selectFrom('profile_products')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('profile_id', 'in', profileIds)
      .orderBy('product_id')
      .execute();
  }

  /**
   * One person's products, in no particular order, without the workspace and profile ids of every row: what serving
   * a recommendation reads (a wholesaler has thousands).
   */
  async ofProfile(db: Executor, workspaceId: string, profileId: string): Promise<PersonProductRow[]> {
    const rows = (await this.#ofProfile(db, workspaceId, profileId))[0]?.rows ?? null;
    if (rows === null) return [];
    return (JSON.parse(rows) as PersonProductTuple[]).map(([product_id, views, adds, purchases, last_viewed_at, last_added_at, last_purchased_at]) => ({ product_id, views, adds, purchases, last_viewed_at, last_added_at, last_purchased_at }));
  }

  /** Distinct products viewed, added and purchased by one person. */
  async distinctCounts(db: Executor, workspaceId: string, profileId: string): Promise<{ viewed: number; added: number; purchased: number }> {
    const row = await db
      .selectFrom('profile_products')
      .select([
        sql<number>`SUM(CASE WHEN views > 0 THEN 1 ELSE 0 END)`.as('viewed'),
        sql<number>`SUM(CASE WHEN adds > 0 THEN 1 ELSE 0 END)`.as('added'),
        sql<number>`SUM(CASE WHEN purchases > 0 THEN 1 ELSE 0 END)`.as('purchased'),
      ])
      .where('workspace_id', '=', workspaceId)
      .where('profile_id', '=', profileId)
      .executeTakeFirst();
    return { viewed: Number(row?.viewed ?? 0), added: Number(row?.added ?? 0), purchased: Number(row?.purchased ?? 0) };
  }

  async deleteOfProfiles(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    if (profileIds.length === 0) return 0;
    const r = await db.deleteFrom('profile_products').where('workspace_id', '=', workspaceId).where('profile_id', 'in', profileIds).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
