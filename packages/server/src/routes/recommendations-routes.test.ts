import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { basicAuth } from '@rapport/engine/testing';
import { userTokenOf } from '@rapport/engine';
import { appFixture, type AppFixture } from '../testing/index.js';

const NOW = Date.UTC(2026, 6, 10, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const products = [
  { id: 'earl-grey', name: 'Earl Grey Tea', category: 'Tea > Black', price: 6, tags: ['classic'] },
  { id: 'assam', name: 'Assam Tea', category: 'Tea > Black', price: 5 },
  { id: 'sencha', name: 'Sencha', category: 'Tea > Green', price: 9 },
  { id: 'matcha', name: 'Matcha', category: 'Tea > Green', price: 25, inStock: false },
  { id: 'mug', name: 'Stoneware Mug', category: 'Cups', price: 12 },
  { id: 'teapot', name: 'Cast Iron Teapot', category: 'Cups', price: 40 },
  { id: 'gift-box', name: 'Gift Box', category: 'Gifts', price: 30 },
];

const order = (who: { userId?: string; anonymousId?: string }, items: string[], at: number, id: string, extra: object = {}) => ({
  type: 'track',
  event: 'Order Completed',
  ...who,
  properties: { order_id: id, revenue: items.length * 10, products: items.map((p) => ({ product_id: p, price: 10, quantity: 1 })) },
  timestamp: ago(at),
  ...extra,
});
const view = (who: { userId?: string; anonymousId?: string }, product: string, at: number, extra: object = {}) => ({ type: 'track', event: 'Product Viewed', ...who, properties: { product_id: product }, timestamp: ago(at), ...extra });

describe.each(testDialects())('recommendations API on %s', (dialect) => {
  let f: AppFixture;
  const recommend = async (body: object) => {
    const res = await f.admin('POST', '/api/v1/recommendations', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { recommender: string | null; strategy: string; fallback: boolean; personalized: boolean; items: { productId: string; reason: { kind: string; sentence: string; productIds?: string[] } }[] };
  };
  const ids = (r: { items: { productId: string }[] }) => r.items.map((i) => i.productId);

  beforeAll(async () => {
    f = await appFixture(dialect, { clock: new ManualClock(NOW) });
    expect((await f.admin('PUT', '/api/v1/catalog/products', { products })).statusCode).toBe(200);
    const noPersonalization = { context: { consent: { categoryPreferences: { personalization: false } } } };
    await f.post('batch', {
      batch: [
        // Earl Grey is bought with a mug three times, with a teapot once; Assam with a mug once.
        order({ userId: 'u1' }, ['earl-grey', 'mug'], 5 * DAY, 'o1'),
        order({ userId: 'u2' }, ['earl-grey', 'mug', 'teapot'], 4 * DAY, 'o2'),
        order({ userId: 'u3' }, ['earl-grey', 'mug'], 3 * DAY, 'o3'),
        order({ userId: 'u4' }, ['assam', 'mug'], 2 * DAY, 'o4'),
        // Someone who does not consent to personalization: their basket is not counted as bought together.
        order({ userId: 'u5' }, ['earl-grey', 'gift-box'], 2 * DAY, 'o5', noPersonalization),
        order({ userId: 'u5' }, ['earl-grey', 'gift-box'], 1 * DAY, 'o6', noPersonalization),
        // A session of views: Sencha, then Matcha and the Teapot within 30 minutes; later, another session.
        view({ anonymousId: 'v1' }, 'sencha', 10 * HOUR),
        view({ anonymousId: 'v1' }, 'matcha', 10 * HOUR - 5 * 60_000),
        view({ anonymousId: 'v1' }, 'teapot', 10 * HOUR - 10 * 60_000),
        view({ anonymousId: 'v1' }, 'gift-box', 2 * HOUR),
        view({ anonymousId: 'v2' }, 'sencha', 3 * HOUR),
        view({ anonymousId: 'v2' }, 'teapot', 3 * HOUR - 60_000),
        // Ada likes tea: she views it, bought Earl Grey 40 days ago and a mug yesterday.
        { type: 'identify', userId: 'ada', anonymousId: 'ada-phone', traits: { email: 'ada@example.com' }, timestamp: ago(50 * DAY) },
        order({ userId: 'ada' }, ['earl-grey'], 40 * DAY, 'o7'),
        view({ userId: 'ada' }, 'sencha', 2 * DAY),
        view({ userId: 'ada' }, 'assam', 1 * DAY),
        order({ userId: 'ada' }, ['mug'], 1 * DAY, 'o8'),
      ],
    });
    await f.drain();
  }, 60_000);
  afterAll(async () => {
    await f.dispose();
  });

  it('says what is bought together with a product, and why, from orders of people who consent', async () => {
    expect((await f.admin('POST', '/api/v1/recommenders', { name: 'all-pairs', strategy: 'bought_together', params: { minSupport: 1 }, fallback: null })).statusCode).toBe(201);
    const r = await recommend({ recommender: 'all-pairs', itemIds: ['earl-grey'], limit: 3 });
    expect(ids(r)).toEqual(['mug', 'teapot']);
    expect(r.items[0]!.reason).toEqual({ kind: 'bought_together', productIds: ['earl-grey'], sentence: 'Often bought with Earl Grey Tea' });
    expect(r.fallback).toBe(false);
    // The gift box was bought with Earl Grey twice, but only by someone who withdrew consent to personalization.
    expect(ids(r)).not.toContain('gift-box');
    // Lift: the mug is in 5 of the 6 baskets counted, so Earl Grey makes it no likelier (lift 0.75 / (5 / 6) = 0.9).
    await f.admin('PATCH', '/api/v1/recommenders/all-pairs', { params: { minSupport: 1, minLift: 1 } });
    expect(ids(await recommend({ recommender: 'all-pairs', itemIds: ['earl-grey'], limit: 3 }))).toEqual(['teapot']);
  });

  it('applies association thresholds and falls back to popular products when too few remain', async () => {
    const named = await f.admin('POST', '/api/v1/recommenders', { name: 'strong-pairs', strategy: 'bought_together', params: { minSupport: 3 }, fallback: 'popular' });
    expect(named.statusCode).toBe(201);
    const r = await recommend({ recommender: 'strong-pairs', itemIds: ['earl-grey'], limit: 3 });
    expect(ids(r)[0]).toBe('mug');
    expect(r.items[0]!.reason.kind).toBe('bought_together');
    expect(r.fallback).toBe(true);
    expect(r.items.slice(1).every((i) => i.reason.kind === 'popular')).toBe(true);
    expect(ids(r)).not.toContain('earl-grey'); // never the product being looked at
  });

  it('says what else was viewed in the same session', async () => {
    const r = await recommend({ strategy: 'also_viewed', itemIds: ['sencha'], limit: 5 });
    // Matcha is out of stock; the gift box was viewed hours later, in another session.
    expect(ids(r)[0]).toBe('teapot');
    expect(r.items[0]!.reason.sentence).toBe('People who viewed Sencha also viewed this');
    expect(r.items.filter((i) => i.reason.kind === 'also_viewed').map((i) => i.productId)).toEqual(['teapot']);
  });

  it('finds similar products by their text (a new product nobody bought yet included), rebuilt when the catalog changes', async () => {
    const r = await recommend({ strategy: 'similar_items', itemIds: ['earl-grey'], limit: 2 });
    expect(r.items[0]).toMatchObject({ productId: 'assam', reason: { kind: 'similar', productIds: ['earl-grey'], sentence: 'Similar to Earl Grey Tea' } });
    await f.admin('PUT', '/api/v1/catalog/products', { products: [{ id: 'lady-grey', name: 'Lady Grey Tea', category: 'Tea > Black', price: 7, tags: ['classic'] }] });
    await f.drain();
    f.engine.recommendations.forgetModels();
    expect((await recommend({ strategy: 'similar_items', itemIds: ['earl-grey'], limit: 1 })).items[0]!.productId).toBe('lady-grey');
  });

  it('ranks popular products by weighted recent interest and never shows what is out of stock', async () => {
    const r = await recommend({ strategy: 'popular', limit: 10 });
    expect(ids(r)[0]).toBe('earl-grey');
    expect(ids(r)).not.toContain('matcha');
    expect(r.items[0]!.reason.sentence).toBe('Popular right now');
    const tea = await recommend({ strategy: 'top_sellers', category: 'Tea', limit: 5 });
    expect(tea.items.filter((i) => i.reason.kind === 'top_seller').map((i) => i.productId)).toEqual(['earl-grey', 'assam']);
    expect(tea.items[0]!.reason.sentence).toBe('Best seller in Tea');
    // Sencha was only viewed: it comes from the fallback, popular tea, after the best sellers.
    expect(tea).toMatchObject({ fallback: true, items: [{}, {}, { productId: 'sencha', reason: { kind: 'popular', sentence: 'Popular in Tea this week' } }] });
  });

  it("personalizes with the person's own history and consent: recently viewed, their categories", async () => {
    const recent = await recommend({ strategy: 'recently_viewed', userId: 'ada', limit: 5 });
    expect(recent).toMatchObject({ personalized: true, strategy: 'recently_viewed' });
    expect(ids(recent).slice(0, 2)).toEqual(['assam', 'sencha']);
    expect(recent.items[0]!.reason.sentence).toBe('You viewed this yesterday');
    // Her strongest interest is Cups (a purchase yesterday weighs 5; her views of tea 1 each, her tea bought 40 days ago
    // has halved since), then the teas she viewed.
    const liked = await recommend({ strategy: 'category_based', userId: 'ada', limit: 3 });
    expect(liked.items.map((i) => i.reason.sentence)).toContain('Because you like Cups');
    expect(liked.items[0]!.reason.sentence).toBe('Because you like Cups');

    // Without consent to personalization, the same request is answered as popular products are.
    const u5 = await recommend({ strategy: 'recently_viewed', userId: 'u5', limit: 3 });
    expect(u5).toMatchObject({ personalized: false, strategy: 'popular' });
  });

  it('applies business rules: bought products out except replenishable ones, price, diversity, boosts and pins', async () => {
    const created = await f.admin('POST', '/api/v1/recommenders', {
      name: 'home-for-you',
      strategy: 'popular',
      rules: {
        excludePurchased: { days: 30, exceptCategories: ['Tea'] },
        price: { max: 35 },
        maxPerCategory: 1,
        boost: [{ match: { categories: ['Tea > Green'] }, factor: 100 }],
        pinned: [{ productId: 'gift-box', position: 1 }],
      },
    });
    expect(created.statusCode).toBe(201);
    const r = await recommend({ recommender: 'home-for-you', userId: 'ada', limit: 4 });
    expect(r.items[0]).toMatchObject({ productId: 'gift-box', reason: { kind: 'pinned', sentence: 'Featured by the shop' } });
    // Sencha (boosted Green tea) first, one Black tea (Earl Grey: tea is replenishable, so bought 40 days ago is fine),
    // no mug (bought yesterday), no teapot (over 35), at most one product per category.
    expect(ids(r)).toEqual(['gift-box', 'sencha', 'earl-grey']);
    // The same recommender as a draft (being edited, not saved): the dashboard previews it with the same answer.
    const draft = created.json();
    const preview = await recommend({ draft: { strategy: draft.strategy, params: draft.params, rules: draft.rules, fallback: draft.fallback }, userId: 'ada', limit: 4 });
    expect({ ids: ids(preview), recommender: preview.recommender }).toEqual({ ids: ['gift-box', 'sencha', 'earl-grey'], recommender: null });
    // Only the admin API takes drafts; a bad one is refused at its path.
    const bad = await f.admin('POST', '/api/v1/recommendations', { draft: { strategy: 'popular', rules: { maxPerCategory: 0 } } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().details)).toContain('/draft/rules/maxPerCategory');
  });

  it('serves apps with the write key: a visitor by anonymousId, a signed-in person only with their user token', async () => {
    const get = (query: string, key = f.writeKey) => f.app.inject({ method: 'GET', url: `/v1/recommendations?${query}`, headers: { authorization: basicAuth(key) } });
    const visitor = await get('strategy=recently_viewed&anonymousId=v1&limit=2');
    expect(visitor.statusCode).toBe(200);
    expect(visitor.json()).toMatchObject({ personalized: true, items: [{ productId: 'gift-box' }, { productId: 'teapot' }] });
    const cart = await get('strategy=bought_together&itemIds=earl-grey,mug&limit=2');
    expect(cart.json().items.map((i: { productId: string }) => i.productId)).not.toContain('mug');
    // A userId alone would let anyone holding the public key read a person's history: it needs its user token.
    const byUser = await get('strategy=recently_viewed&userId=ada');
    expect(byUser.statusCode).toBe(401);
    expect(byUser.json().code).toBe('ERR_AUTH_USER_TOKEN');
    const secret = (await f.admin('GET', '/api/v1/identity-secret')).json().secret as string;
    const signed = await get(`strategy=recently_viewed&userId=ada&userToken=${userTokenOf(secret, 'ada')}&limit=5`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ personalized: true, strategy: 'recently_viewed' });
    expect(signed.headers['access-control-allow-origin']).toBe('*');
    expect((await get('strategy=popular', f.secretKey)).json().code).toBe('ERR_AUTH_WRONG_KEY_KIND');
    expect((await f.app.inject({ method: 'GET', url: '/v1/recommendations?strategy=popular' })).json().code).toBe('ERR_AUTH_MISSING_KEY');
    expect((await get('recommender=nope')).json().code).toBe('ERR_RECS_RECOMMENDER_NOT_FOUND');
  });

  it('manages named recommenders', async () => {
    expect((await f.admin('POST', '/api/v1/recommenders', { name: 'strong-pairs', strategy: 'popular' })).json().code).toBe('ERR_RECS_NAME_TAKEN');
    expect((await f.admin('POST', '/api/v1/recommenders', { name: 'Bad Name', strategy: 'popular' })).statusCode).toBe(400);
    const changed = await f.admin('PATCH', '/api/v1/recommenders/strong-pairs', { params: { minSupport: 1 } });
    expect(changed.json()).toMatchObject({ name: 'strong-pairs', params: { minSupport: 1 } });
    expect((await f.admin('GET', '/api/v1/recommenders')).json().items.map((r: { name: string }) => r.name)).toEqual(['all-pairs', 'home-for-you', 'strong-pairs']);
    expect((await f.admin('DELETE', '/api/v1/recommenders/strong-pairs')).statusCode).toBe(204);
    expect((await f.admin('GET', '/api/v1/recommenders/strong-pairs')).statusCode).toBe(404);
  });
});
