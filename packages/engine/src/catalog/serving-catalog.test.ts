import { ManualClock } from '@rapport/core';
import type { ProductRow } from '@rapport/storage';
import { testDialects } from '@rapport/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from '../testing/index.js';
import { CATALOG_CHECK_MS } from './serving-catalog.js';

const NOW = Date.UTC(2026, 6, 10, 12);
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

/** A product row as another thread or process writes it (the processor, the import, another server). */
const row = (workspaceId: string, id: string, name: string, updatedAt: number, extra: Partial<ProductRow> = {}): ProductRow => ({
  workspace_id: workspaceId,
  id,
  name,
  description: null,
  category: null,
  tags: '[]',
  price: 5,
  currency: 'GBP',
  image_url: null,
  url: null,
  in_stock: 1,
  attributes: '{}',
  created_at: updatedAt,
  updated_at: updatedAt,
  ...extra,
});

describe.each(testDialects())('the catalog recommendations serve from memory, on %s', (dialect) => {
  let f: EngineFixture;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(NOW);
    f = await engineFixture(dialect, { clock });
    await f.engine.catalog.upsert(f.workspaceId, [
      { id: 'earl-grey', name: 'Earl Grey Tea', tags: ['classic'] },
      { id: 'mug', name: 'Stoneware Mug' },
      { id: 'teapot', name: 'Cast Iron Teapot' },
    ]);
  });
  afterEach(async () => {
    await f.dispose();
  });

  const serving = () => f.engine.catalog.serving;
  const names = async () => [...(await serving().products(f.workspaceId)).values()].map((p) => p.name).sort();

  it('shows a product changed by another thread within the check interval, and what this process writes at once', async () => {
    const db = f.engine.database.kysely;
    expect(await names()).toEqual(['Cast Iron Teapot', 'Earl Grey Tea', 'Stoneware Mug']);
    expect((await serving().products(f.workspaceId)).get('earl-grey')?.tags).toEqual(['classic']);
    // Another thread renames the mug, adds a product, changes the tea and deletes the teapot.
    await f.engine.repos.catalog.upsertMany(db, [row(f.workspaceId, 'mug', 'Blue Mug', NOW + 500), row(f.workspaceId, 'sencha', 'Sencha', NOW + 500)]);
    await f.engine.repos.catalog.upsertMany(db, [row(f.workspaceId, 'earl-grey', 'Earl Grey, loose', NOW + 200, { in_stock: 0 })]);
    await f.engine.repos.catalog.delete(db, f.workspaceId, 'teapot');
    // Within the interval the copy answers as it was.
    expect(await names()).toEqual(['Cast Iron Teapot', 'Earl Grey Tea', 'Stoneware Mug']);
    clock.advance(CATALOG_CHECK_MS);
    await expect.poll(names).toEqual(['Blue Mug', 'Earl Grey, loose', 'Sencha']);
    expect((await serving().products(f.workspaceId)).get('earl-grey')?.inStock).toBe(false);
    // A transaction that began earlier commits a change stamped before the latest one: neither the count nor the
    // latest update moves, only the sum of update times.
    await f.engine.repos.catalog.upsertMany(db, [row(f.workspaceId, 'sencha', 'Sencha, first flush', NOW + 300)]);
    clock.advance(CATALOG_CHECK_MS);
    await expect.poll(names).toEqual(['Blue Mug', 'Earl Grey, loose', 'Sencha, first flush']);
    // Through the catalog service, at once, without waiting for a comparison.
    await f.engine.catalog.upsert(f.workspaceId, [{ id: 'matcha', name: 'Matcha' }]);
    expect(await f.engine.catalog.delete(f.workspaceId, 'mug')).toBe(true);
    expect(await names()).toEqual(['Earl Grey, loose', 'Matcha', 'Sencha, first flush']);
  });

  it('never recommends a product once it is deleted', async () => {
    const orders = ['o1', 'o2', 'o3'].map((id, i) => ({
      type: 'track',
      event: 'Order Completed',
      userId: `u${i}`,
      properties: { order_id: id, revenue: 20, products: ['earl-grey', 'mug'].map((p) => ({ product_id: p, price: 10, quantity: 1 })) },
      timestamp: ago((i + 1) * DAY),
    }));
    expect((await f.send('batch', { batch: orders })).status).toBe(200);
    await f.drain();
    const together = async () => {
      const r = await f.engine.recommendations.recommend(f.workspaceId, { strategy: 'bought_together', itemIds: ['earl-grey'], limit: 5 });
      if (!r.ok) throw new Error(r.error.reason);
      return r.value.items.map((i) => i.productId);
    };
    expect(await together()).toContain('mug');
    await f.engine.catalog.delete(f.workspaceId, 'mug');
    // No time passes: the deletion applies to the very next request.
    expect(await together()).not.toContain('mug');
  });
});
