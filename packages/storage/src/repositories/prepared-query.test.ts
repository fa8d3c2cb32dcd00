import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects, type TestDatabase } from '../testing/index.js';
import type { Executor } from './executor.js';
import { preparedQuery } from './prepared-query.js';
import { createRepositories } from './repositories.js';

describe.each(testDialects())('prepared queries (%s)', (dialect) => {
  let db: TestDatabase;
  const repos = createRepositories(dialect);
  beforeAll(async () => {
    db = await openTestDatabase(dialect);
    await repos.profileProducts.increment(
      db.database.kysely,
      ['a', 'b', 'c'].flatMap((product, i) => ['p1', 'p2'].map((profile) => ({ workspace_id: 'ws', profile_id: profile, product_id: product, views: i + 1, adds: 0, purchases: profile === 'p1' ? 1 : 0, last_viewed_at: 1000 * i, last_added_at: null, last_purchased_at: null }))),
    );
  });
  afterAll(() => db.dispose());

  it('answers each call with its own values, constants of the query kept, an argument used twice filled twice', async () => {
    const products = preparedQuery((x: Executor, profileId: string, minViews: number) =>
      x
        .selectFrom('profile_products')
        .select(['product_id', 'views'])
        .where('workspace_id', '=', 'ws')
        .where('profile_id', '=', profileId)
        .where((eb) => eb.or([eb('views', '>=', minViews), eb('product_id', '=', profileId)]))
        .orderBy('product_id')
        .limit(10),
    );
    const k = db.database.kysely;
    expect(await products(k, 'p1', 2)).toEqual([{ product_id: 'b', views: 2 }, { product_id: 'c', views: 3 }]);
    expect(await products(k, 'p2', 3)).toEqual([{ product_id: 'c', views: 3 }]);
    expect(await products(k, 'p1', 1)).toHaveLength(3);
    expect(await products(k, 'nobody', 0)).toEqual([]);
    // In a transaction too (a handle of its own, prepared again for it).
    await db.database.writeTransaction(async (trx) => {
      expect(await products(trx, 'p2', 1)).toHaveLength(3);
    });
  });

  it('writes a numeric limit into SQLite’s SQL, keeps a limit given as an argument bound, and limits as asked either way', async () => {
    const k = db.database.kysely;
    const query = k.selectFrom('profile_products').select('product_id').where('profile_id', '=', 'p1').orderBy('product_id').limit(2);
    const compiled = query.compile();
    if (dialect === 'sqlite') {
      expect(compiled.sql).toMatch(/ limit 2$/);
      expect(compiled.parameters).toEqual(['p1']);
    }
    expect(await query.execute()).toEqual([{ product_id: 'a' }, { product_id: 'b' }]);
    // With an offset, which stays bound.
    expect(await k.selectFrom('profile_products').select('product_id').where('profile_id', '=', 'p2').orderBy('product_id').limit(1).offset(2).execute()).toEqual([{ product_id: 'c' }]);
    const firstOf = preparedQuery((x: Executor, profileId: string, n: number) => x.selectFrom('profile_products').select('product_id').where('profile_id', '=', profileId).orderBy('product_id').limit(n));
    expect(await firstOf(k, 'p2', 1)).toEqual([{ product_id: 'a' }]);
    expect(await firstOf(k, 'p2', 3)).toHaveLength(3);
  });

  it('refuses an argument that does not become a bound parameter', async () => {
    const written = preparedQuery((x: Executor, column: string) => x.selectFrom('profile_products').select(sql.ref(column).as('c')));
    await expect(written(db.database.kysely, 'views')).rejects.toThrow(/argument 0 is not a bound parameter/);
  });

  it('serves the repositories’ reads by key as before', async () => {
    expect((await repos.segments.membershipsOf(db.database.kysely, 'ws', ['p1']))).toEqual([]);
    expect((await repos.profileProducts.ofProfile(db.database.kysely, 'ws', 'p2')).map((r) => r.product_id).sort()).toEqual(['a', 'b', 'c']);
  });
});
