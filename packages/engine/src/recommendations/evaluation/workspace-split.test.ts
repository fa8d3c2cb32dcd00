import { testDialects } from '@rapport/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from '../../testing/index.js';
import { splitWorkspaceOrders } from './workspace-split.js';

const DAY_MS = 86_400_000;

describe.each(testDialects())("splitting a workspace's orders on %s", (dialect) => {
  let f: EngineFixture;
  // Whole days before a fixed noon, so that the split's cutoff falls between orders.
  const base = Math.floor(Date.now() / DAY_MS) * DAY_MS - 12 * 3_600_000;
  const at = (daysAgo: number) => new Date(base - daysAgo * DAY_MS).toISOString();
  const order = (who: object, id: string, products: string[], daysAgo: number, extra: object = {}) => ({
    type: 'track',
    event: 'Order Completed',
    ...who,
    properties: { order_id: id, products: products.map((p) => ({ product_id: p, price: 5, quantity: 2 })) },
    timestamp: at(daysAgo),
    ...extra,
  });

  beforeAll(async () => {
    f = await engineFixture(dialect);
    const answer = await f.send('batch', {
      batch: [
        order({ userId: 'ann' }, 'o1', ['tea', 'mug', 'tea'], 40),
        order({ userId: 'ann' }, 'o2', ['pot'], 5),
        order({ userId: 'ann' }, 'o3', ['tea'], 4),
        order({ userId: 'ben' }, 'o4', ['tea', 'pot'], 35),
        // A guest: no userId, so not a customer a model learns about.
        order({ anonymousId: 'guest' }, 'o5', ['mug', 'pot'], 30),
        // Cat bought while consenting, then withdrew consent to personalization: none of her orders is read.
        order({ userId: 'cat' }, 'o6', ['mug'], 33),
        order({ userId: 'cat' }, 'o7', ['pot'], 3, { context: { consent: { categoryPreferences: { personalization: false } } } }),
        // An order without products gives no interaction.
        { type: 'track', event: 'Order Completed', userId: 'dan', properties: { order_id: 'o8', revenue: 10 }, timestamp: at(2) },
      ],
    });
    expect(answer.status).toBe(200);
    await f.drain();
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('reads the orders of identified, consenting customers, one row per order and product, and splits them in time', async () => {
    const { database, repos, workspaces } = f.engine;
    const split = await splitWorkspaceOrders({ database, repos, workspaces, workspaceId: f.workspaceId, testDays: 10 });
    const names = new Map<string, string>();
    for (const name of ['ann', 'ben', 'cat', 'dan']) names.set((await f.engine.profiles.find(f.workspaceId, name, 'userId'))!.id, name);
    const pairs = (rows: readonly { userId: string; itemId: string }[]) => rows.map((r) => `${names.get(r.userId)}:${r.itemId}`).sort();
    // Orders read: Ann's three, Ben's and Dan's (without products: no row). Cat is left out, and the guest.
    expect(split).toMatchObject({ orders: 5, people: 2, peopleLeftOut: 1 });
    // Ann bought tea twice in one order: one row.
    expect(pairs(split.train)).toEqual(['ann:mug', 'ann:tea', 'ben:pot', 'ben:tea']);
    expect(split.train.every((r) => r.rating === null && r.timestamp <= split.cutoff)).toBe(true);
    // Ann's tea of 4 days ago repeats a train purchase: left out of the test.
    expect(pairs(split.test)).toEqual(['ann:pot']);
    expect(split.repeatsLeftOut).toBe(1);
    // The cutoff is the latest interaction (Ann's tea, 4 days ago; Dan's order has no product) minus 10 days, in Unix seconds.
    expect(split.cutoff).toBe((base - 4 * DAY_MS) / 1000 - 10 * 86_400);
  });
});
