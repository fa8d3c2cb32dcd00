import { describe, expect, it } from 'vitest';
import { reduceEvent, type EventFacts, type ReduceContext } from './feature-reducer.js';
import { affinityShares, emptyFeatures, AFFINITY_HALF_LIFE_MS } from './features.js';
import { mergeFeatures } from './profile-merge.js';
import { UserAgentParser } from './user-agent.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const MIN = 60_000;
const ctx: ReduceContext = {
  analytics: true,
  personalization: true,
  categoryOf: (id) => (id === 'catalog-1' ? 'Garden' : null),
  userAgents: new UserAgentParser(),
  locationDecimals: 2,
};
const track = (event: string, t: number, properties: Record<string, unknown> = {}, context: Record<string, unknown> = {}): EventFacts => ({
  type: 'track',
  event,
  properties,
  context,
  t,
});

describe('reduceEvent', () => {
  it('counts events, sessions and activity times', () => {
    const f = emptyFeatures();
    reduceEvent(f, track('Product Viewed', T0), ctx);
    reduceEvent(f, track('Product Viewed', T0 + 10 * MIN), ctx);
    reduceEvent(f, { type: 'page', properties: {}, context: {}, t: T0 + 50 * MIN }, ctx); // 40 min later: new session
    reduceEvent(f, track('Signed Up', T0 - 24 * 60 * MIN), ctx); // a late event: earlier first seen, no new session
    expect(f).toMatchObject({ sessions: 2, pageViews: 1, firstSeenAt: T0 - 24 * 60 * MIN, lastSeenAt: T0 + 50 * MIN });
    expect(f.eventCounts).toEqual({ 'Product Viewed': 2, 'Signed Up': 1 });
  });

  it('adds up orders, revenue and refunds as Segment e-commerce v2 names them', () => {
    const f = emptyFeatures();
    reduceEvent(f, track('Order Completed', T0, { order_id: '1', revenue: 30, currency: 'EUR' }), ctx);
    reduceEvent(f, track('Order Completed', T0 + MIN, { order_id: '2', total: '12.50' }), ctx);
    reduceEvent(f, track('Order Completed', T0 + 2 * MIN, { order_id: '3', products: [{ product_id: 'a', price: 2, quantity: 3 }, { product_id: 'b', price: 1 }] }), ctx);
    reduceEvent(f, track('Order Refunded', T0 + 3 * MIN, { order_id: '1', revenue: 30 }), ctx);
    expect(f).toMatchObject({ orders: 3, revenue: 49.5, refunds: 1, refundedRevenue: 30, firstOrderAt: T0, lastOrderAt: T0 + 2 * MIN, currency: 'EUR' });
  });

  it('tracks products and categories, taking the catalog category when the event has none', () => {
    const f = emptyFeatures();
    const touches = [
      ...reduceEvent(f, track('Product Viewed', T0, { product_id: 'p1', category: 'Shoes' }), ctx),
      ...reduceEvent(f, track('Product Added', T0, { product_id: 'catalog-1' }), ctx),
      ...reduceEvent(f, track('Order Completed', T0, { products: [{ product_id: 'p1', category: 'Shoes' }, { sku: 'no-category' }] }), ctx),
    ];
    expect(touches.map((t) => [t.productId, t.views, t.adds, t.purchases])).toEqual([
      ['p1', 1, 0, 0],
      ['catalog-1', 0, 1, 0],
      ['p1', 0, 0, 1],
      ['no-category', 0, 0, 1],
    ]);
    expect(f.categories).toEqual({ viewed: { Shoes: 1 }, added: { Garden: 1 }, purchased: { Shoes: 1 } });
    // Shoes: view 1 + purchase 5 = 6; Garden: add 3.
    expect(affinityShares(f.affinity)).toEqual({ Shoes: 0.666667, Garden: 0.333333 });
  });

  it('lets old interest fade: equal weight a half-life apart counts twice for the recent one', () => {
    const f = emptyFeatures();
    reduceEvent(f, track('Product Viewed', T0, { product_id: 'x', category: 'Old' }), ctx);
    reduceEvent(f, track('Product Viewed', T0 + AFFINITY_HALF_LIFE_MS, { product_id: 'y', category: 'New' }), ctx);
    expect(affinityShares(f.affinity)).toEqual({ New: 0.666667, Old: 0.333333 });
  });

  it('takes device, OS, browser, locale and timezone from the latest context', () => {
    const f = emptyFeatures();
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    reduceEvent(f, track('A', T0, {}, { userAgent: iphone, locale: 'fr-FR', timezone: 'Europe/Paris' }), ctx);
    reduceEvent(f, track('B', T0 - MIN, {}, { locale: 'en-US', timezone: 'Not/AZone' }), ctx); // older: ignored
    expect(f).toMatchObject({ locale: 'fr-FR', timezone: 'Europe/Paris', platform: 'web', os: { name: 'iOS', version: '17.4' } });
    expect(f.device).toMatchObject({ type: 'mobile', manufacturer: 'Apple', model: 'iPhone' });
    expect(f.browser?.name).toBe('Mobile Safari');
    reduceEvent(f, track('C', T0 + MIN, {}, { device: { type: 'android', manufacturer: 'Google', model: 'Pixel 8' }, os: { name: 'Android', version: '15' }, app: { name: 'Shop', version: '2.1.0', build: '210' }, timezone: 'Bad/Zone' }), ctx);
    expect(f).toMatchObject({ platform: 'android', os: { name: 'Android', version: '15' }, app: { version: '2.1.0' }, timezone: 'Europe/Paris' });
  });

  it('keeps only a coarse location', () => {
    const f = emptyFeatures();
    reduceEvent(f, track('X', T0, {}, { location: { latitude: 51.539123, longitude: -0.142567, city: 'London', country: 'GB' } }), ctx);
    expect(f.location).toEqual({ latitude: 51.54, longitude: -0.14, city: 'London', country: 'GB', region: null, at: T0 });
  });

  it('changes nothing of a group whose purpose lacks consent', () => {
    const f = emptyFeatures();
    const facts = track('Product Viewed', T0, { product_id: 'p1', category: 'Shoes' }, { location: { latitude: 1, longitude: 2 }, locale: 'de-DE' });
    expect(reduceEvent(f, facts, { ...ctx, personalization: false })).toEqual([]);
    expect(f.categories.viewed).toEqual({});
    expect(f.location).toBeNull();
    expect(f.eventCounts).toEqual({ 'Product Viewed': 1 });
    const g = emptyFeatures();
    reduceEvent(g, facts, { ...ctx, analytics: false });
    expect(g).toMatchObject({ eventCounts: {}, sessions: 0, locale: null, categories: { viewed: { Shoes: 1 } } });
  });
});

describe('mergeFeatures', () => {
  it('gives the same counts as processing both histories in one profile', () => {
    const events = [
      track('Product Viewed', T0, { product_id: 'a', category: 'Shoes' }),
      track('Order Completed', T0 + 5 * MIN, { revenue: 10, products: [{ product_id: 'a', category: 'Shoes' }] }),
      track('Product Viewed', T0 + 3 * 3600_000, { product_id: 'b', category: 'Hats' }),
      track('Order Completed', T0 + 4 * 3600_000, { revenue: 5 }),
    ];
    const all = emptyFeatures();
    const a = emptyFeatures();
    const b = emptyFeatures();
    events.forEach((e, i) => {
      reduceEvent(all, e, ctx);
      reduceEvent(i % 2 === 0 ? a : b, e, ctx);
    });
    const merged = mergeFeatures(a, b);
    for (const key of ['orders', 'revenue', 'firstSeenAt', 'lastSeenAt', 'firstOrderAt', 'lastOrderAt', 'eventCounts', 'categories'] as const) {
      expect(merged[key]).toEqual(all[key]);
    }
    expect(affinityShares(merged.affinity)).toEqual(affinityShares(all.affinity));
  });
});
