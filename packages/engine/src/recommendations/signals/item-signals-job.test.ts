import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories, type ItemPairRow } from '@rapport/storage';
import { testDialects } from '@rapport/storage/testing';
import { engineFixture, type EngineFixture } from '../../testing/index.js';
import { SIGNALS_CHANGED } from './item-signals-job.js';

const T0 = Date.parse('2026-11-02T10:00:00.000Z');
const consent = { consent: { categoryPreferences: { analytics: true, personalization: true } } };
const view = (person: string, productId: string, minute: number) => ({
  type: 'track',
  event: 'Product Viewed',
  anonymousId: person,
  messageId: `${person}-${productId}-${minute}`,
  timestamp: new Date(T0 + minute * 60_000).toISOString(),
  properties: { product_id: productId },
  context: consent,
});

describe.each(testDialects())('products viewed in the same session (%s)', (dialect) => {
  let f: EngineFixture;
  beforeEach(async () => {
    f = await engineFixture(dialect);
  });
  afterEach(() => f.dispose());

  const partnersOf = async (productId: string): Promise<Pick<ItemPairRow, 'b' | 'count'>[]> =>
    (await createRepositories(f.db.database.dialect).recommendations.pairsOf(f.db.database.kysely, f.workspaceId, 'viewed', [productId], 100)).map(({ b, count }) => ({ b, count }));

  it('pairs a view with the latest 20 views before it in the session, also when they were processed earlier, and not with a session that ended', async () => {
    // 25 products viewed a minute apart, processed first; then one more view, processed on its own.
    await f.send('batch', { batch: Array.from({ length: 25 }, (_, i) => view('ada', `p${i + 1}`, i)) });
    await f.drain();
    await f.send('track', view('ada', 'x', 25));
    await f.drain();
    const partners = await partnersOf('x');
    // The latest 20 before it (p6 … p25), each once; the first five are too far back in this long browse to count.
    expect(partners.map((p) => p.b).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `p${i + 6}`).sort());
    expect(partners.every((p) => p.count === 1)).toBe(true);

    // 31 minutes after the last view a new session starts: nothing to pair with.
    await f.send('track', view('ada', 'y', 56));
    await f.drain();
    expect(await partnersOf('y')).toEqual([]);
  });
});

describe.each(testDialects())('lists that are the same for everyone (%s)', (dialect) => {
  let f: EngineFixture;
  beforeEach(async () => {
    f = await engineFixture(dialect);
  });
  afterEach(() => f.dispose());

  it('are computed again when the signals change, not when events that change none are processed', async () => {
    const popular = async () => {
      const r = await f.engine.recommendations.recommend(f.workspaceId, { strategy: 'popular', limit: 5 });
      return r.ok ? r.value.items.map((i) => i.productId) : [];
    };
    const changedAt = async () => createRepositories(f.db.database.dialect).processor.cursor(f.db.database.kysely, SIGNALS_CHANGED);
    await f.engine.catalog.upsert(f.workspaceId, ['tea', 'mug'].map((id) => ({ id, name: id, category: 'Kitchen', price: 5 })));
    await f.send('batch', { batch: [view('ada', 'tea', 0), view('bob', 'tea', 1)] });
    await f.drain();
    expect(await popular()).toEqual(['tea']);
    const changed = await changedAt();
    expect(changed).toBeGreaterThan(0);
    // Page views change no product signal: the mark stays, and the list is served as it was.
    await f.send('batch', { batch: Array.from({ length: 5 }, (_, i) => ({ type: 'page', anonymousId: 'cy', name: `p${i}`, timestamp: new Date(T0 + i * 1000).toISOString(), context: consent })) });
    await f.drain();
    expect(await changedAt()).toBe(changed);
    expect(await popular()).toEqual(['tea']);
    // Views of the mug move it, and the list follows.
    await f.send('batch', { batch: [view('cy', 'mug', 2), view('dee', 'mug', 3), view('eve', 'mug', 4)] });
    await f.drain();
    expect(await changedAt()).toBeGreaterThan(changed);
    expect(await popular()).toEqual(['mug', 'tea']);
  });
});
