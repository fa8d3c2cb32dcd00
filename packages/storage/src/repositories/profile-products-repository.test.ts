import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects, type TestDatabase } from '../testing/index.js';
import { createRepositories } from './repositories.js';
import { untouchedProduct, type ProfileProductRow } from './profile-products-repository.js';

describe.each(testDialects())('a person’s products (%s)', (dialect) => {
  let db: TestDatabase;
  const repos = createRepositories(dialect);
  const row = (profileId: string, productId: string, counts: Partial<ProfileProductRow>): ProfileProductRow => ({ ...untouchedProduct('ws', profileId, productId), ...counts });
  beforeAll(async () => {
    db = await openTestDatabase(dialect);
  });
  afterAll(() => db.dispose());

  it('reads back every row of one person as written, counts added up, times kept as numbers or null', async () => {
    const late = Date.UTC(2026, 10, 30, 12);
    await repos.profileProducts.increment(db.database.kysely, [
      row('p1', 'tea "Earl Grey" 100g', { views: 2, last_viewed_at: late - 5000 }),
      row('p1', 'MUG-1', { purchases: 1, last_purchased_at: late }),
      row('p2', 'MUG-1', { views: 9, last_viewed_at: late }),
    ]);
    await repos.profileProducts.increment(db.database.kysely, [row('p1', 'MUG-1', { adds: 1, purchases: 2, last_added_at: late - 1000, last_purchased_at: late - 9000 })]);
    const read = await repos.profileProducts.ofProfile(db.database.kysely, 'ws', 'p1');
    expect(read.sort((a, b) => (a.product_id < b.product_id ? -1 : 1))).toEqual([
      { product_id: 'MUG-1', views: 0, adds: 1, purchases: 3, last_viewed_at: null, last_added_at: late - 1000, last_purchased_at: late },
      { product_id: 'tea "Earl Grey" 100g', views: 2, adds: 0, purchases: 0, last_viewed_at: late - 5000, last_added_at: null, last_purchased_at: null },
    ]);
    expect(await repos.profileProducts.ofProfile(db.database.kysely, 'ws', 'nobody')).toEqual([]);
  });
});
