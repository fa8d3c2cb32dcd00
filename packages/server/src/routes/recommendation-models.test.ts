import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { profileFromRow, userTokenOf } from '@rapport/engine';
import { appFixture, type AppFixture } from '../testing/index.js';

const NOW = Date.UTC(2026, 6, 10, 12);
const DAY = 24 * 3_600_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const tea = ['earl-grey', 'assam', 'darjeeling', 'mug', 'teapot'];
const coffee = ['espresso', 'grinder', 'beans', 'french-press', 'cup'];
const products = [
  ...tea.map((id) => ({ id, name: `Tea ${id}`, category: 'Tea', price: 10 })),
  ...coffee.map((id) => ({ id, name: `Coffee ${id}`, category: 'Coffee', price: 10 })),
  { id: 'earl-grey', name: 'Earl Grey Tea', category: 'Tea', price: 6 },
  { id: 'gift-box', name: 'Gift Box', category: 'Gifts', price: 30 },
];

const order = (userId: string, items: readonly string[], at: number, id: string, extra: object = {}) => ({
  type: 'track',
  event: 'Order Completed',
  userId,
  properties: { order_id: id, revenue: items.length * 10, products: items.map((p) => ({ product_id: p, price: 10, quantity: 1 })) },
  timestamp: ago(at),
  ...extra,
});

/**
 * Twelve tea drinkers and twelve coffee drinkers, each buying three products of their taste over 60 days (the first
 * two early, the third in the last 30 days: the offline measure's test), and a customer without consent to
 * personalization who buys gift boxes with tea: no model may learn from them.
 */
function history(): object[] {
  const events: object[] = [];
  for (let i = 0; i < 12; i++) {
    for (const [taste, list] of [['tea', tea], ['coffee', coffee]] as const) {
      const pick = (k: number) => list[(i + k) % list.length]!;
      events.push({ type: 'identify', userId: `${taste}-${i}`, traits: { country: taste === 'tea' ? 'United Kingdom' : 'France' }, timestamp: ago(60 * DAY) });
      events.push(order(`${taste}-${i}`, [pick(0), pick(1)], (50 + i) * DAY, `${taste}-${i}-a`));
      events.push(order(`${taste}-${i}`, [pick(2)], (10 + i) * DAY, `${taste}-${i}-b`));
    }
  }
  const noPersonalization = { context: { consent: { categoryPreferences: { personalization: false } } } };
  for (let k = 0; k < 5; k++) events.push(order('private', ['gift-box', 'earl-grey'], (40 - k) * DAY, `private-${k}`, noPersonalization));
  // Newcomers: one bought Earl Grey, one bought an espresso; the last one only viewed a grinder.
  events.push(order('new-tea', ['earl-grey'], 2 * DAY, 'new-tea-1'));
  events.push(order('new-coffee', ['espresso'], 2 * DAY, 'new-coffee-1'));
  events.push({ type: 'track', event: 'Product Viewed', userId: 'looker', properties: { product_id: 'grinder' }, timestamp: ago(DAY) });
  return events;
}

interface ModelView {
  id: string;
  algorithm: string;
  version: number;
  status: string;
  metrics: { ndcg: number; testUsers: number; popular: { ndcg: number } } | null;
  customers: number;
  products: number;
  error: string | null;
}

describe.each(testDialects())('trained recommendation models on %s', (dialect) => {
  let f: AppFixture;
  const clock = new ManualClock(NOW);
  const train = async (algorithm: string, params?: object) => {
    const res = await f.admin('POST', '/api/v1/recommendations/models', { algorithm, ...(params === undefined ? {} : { params }) });
    expect(res.statusCode, res.body).toBe(202);
    return res.json() as ModelView;
  };
  const model = async (id: string) => (await f.admin('GET', `/api/v1/recommendations/models/${id}`)).json() as ModelView;
  const recommend = async (body: object) => {
    const res = await f.admin('POST', '/api/v1/recommendations', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { strategy: string; personalized: boolean; fallback: boolean; modelVersion: number | null; items: { productId: string; reason: { kind: string; sentence: string; productIds?: string[] } }[] };
  };

  beforeAll(async () => {
    f = await appFixture(dialect, { clock, settings: { training: { testDays: 30, threads: 1 } } });
    expect((await f.admin('PUT', '/api/v1/catalog/products', { products })).statusCode).toBe(200);
    expect((await f.post('batch', { batch: history() })).statusCode).toBe(200);
    await f.drain();
  }, 60_000);
  afterAll(async () => {
    await f.dispose();
  });

  it('trains a model on demand in the background, from consenting customers only, and measures it against popular', async () => {
    const queued = await train('sar');
    expect(queued).toMatchObject({ algorithm: 'sar', version: 1, status: 'queued', metrics: null });
    // Nothing is served from a model that is not trained yet: the fallback answers.
    expect((await recommend({ strategy: 'collaborative', userId: 'new-tea' })).fallback).toBe(true);

    // The model asked for, and the hybrid, which the schedule trains when a shop has orders and no version yet.
    expect(await f.engine.trainer.runOnce()).toBe(2);
    const ready = await model(queued.id);
    expect(ready.status).toBe('ready');
    // 24 + the two newcomers; the customer without consent is not learned from, nor their gift boxes.
    expect(ready.customers).toBe(26);
    expect(ready.products).toBe(10);
    expect(ready.metrics!.testUsers).toBeGreaterThan(10);
    expect(ready.metrics!.ndcg).toBeGreaterThan(ready.metrics!.popular.ndcg);
    const list = (await f.admin('GET', '/api/v1/recommendations/models?algorithm=sar')).json() as { items: ModelView[] };
    expect(list.items.map((m) => m.id)).toEqual([queued.id]);
  });

  it('recommends from the person’s own history with the model, saying which purchase each item comes from', async () => {
    const r = await recommend({ strategy: 'collaborative', userId: 'new-tea', limit: 4 });
    expect(r).toMatchObject({ strategy: 'collaborative', personalized: true, fallback: false, modelVersion: 1 });
    expect(r.items.map((i) => i.productId).every((id) => tea.includes(id) && id !== 'earl-grey')).toBe(true);
    expect(r.items[0]!.reason).toEqual({ kind: 'because_you_bought', productIds: ['earl-grey'], sentence: 'Because you bought Earl Grey Tea' });
    const coffeeList = await recommend({ strategy: 'collaborative', userId: 'new-coffee', limit: 4 });
    expect(coffeeList.items.map((i) => i.productId).every((id) => coffee.includes(id) && id !== 'espresso')).toBe(true);
    // A product only viewed counts too, said as such.
    const looker = await recommend({ strategy: 'collaborative', userId: 'looker', limit: 3 });
    expect(looker.items[0]!.reason.kind).toBe('because_you_viewed');
    expect(coffee).toContain(looker.items[0]!.productId);
  });

  it('sorts a page by the model’s own scores of its products, within the recommender’s rules', async () => {
    expect((await f.admin('POST', '/api/v1/recommenders', { name: 'mine', strategy: 'collaborative', rules: { excludeCategories: ['Gifts'] } })).statusCode).toBe(201);
    const created = await f.admin('POST', '/api/v1/placements', { key: 'plp_mine', name: 'Sorted by the model', kind: 'sort', experiences: [{ key: 'model', name: 'Model', ranking: { affinityWeight: 0.9, recommender: 'mine' } }] });
    expect(created.statusCode, created.body).toBe(201);
    const items = ['espresso', 'gift-box', 'grinder', 'earl-grey', 'cup', 'assam', 'beans', 'darjeeling'];
    // Every product on the page the model has evidence for is scored; not the one bought, not one the rules leave out.
    const person = (await f.engine.profiles.find(f.workspaceId, 'new-tea', 'userId'))!;
    const scores = await f.engine.recommendations.scoreItems(f.workspaceId, 'mine', f.engine.recommendations.personOf(f.workspaceId, profileFromRow(person), true), items);
    expect([...scores!.keys()].sort()).toEqual(['assam', 'darjeeling']);
    const secret = (await f.admin('GET', '/api/v1/identity-secret')).json().secret as string;
    const res = await f.post('decide', { userId: 'new-tea', userToken: userTokenOf(secret, 'new-tea'), placements: ['plp_mine'], context: { items }, recordExposure: false });
    expect(res.statusCode, res.body).toBe(200);
    const sorted = (res.json() as { decisions: { items: { productId: string; reason: string | null }[] }[] }).decisions[0]!.items;
    // Tea first (the person's category, and the model's picks); the model's best is said to be the recommender's pick.
    expect(sorted.slice(0, 3).map((i) => i.productId).sort()).toEqual(['assam', 'darjeeling', 'earl-grey']);
    const best = [...scores!].sort((a, b) => b[1] - a[1])[0]![0];
    expect(sorted.find((i) => i.productId === best)!.reason).toBe('Picked for you by “mine”');
    expect(sorted).toHaveLength(items.length);
  });

  it('answers without personal data for a person who does not consent to personalization', async () => {
    const r = await recommend({ strategy: 'collaborative', userId: 'private' });
    expect(r).toMatchObject({ strategy: 'popular', personalized: false, modelVersion: null });
  });

  it('keeps serving the previous version while a new one is trained, then serves the new one', async () => {
    const second = await train('sar', { similarity: 'lift' });
    expect(second).toMatchObject({ version: 2, status: 'queued' });
    expect((await recommend({ strategy: 'collaborative', userId: 'new-tea' })).modelVersion).toBe(1);
    await f.engine.trainer.runOnce();
    expect((await model(second.id)).status).toBe('ready');
    // The serving side looks for newer versions every 30 s, in the background: the request that notices still gets
    // the loaded version, and a later one the new version.
    clock.advance(31_000);
    expect((await recommend({ strategy: 'collaborative', userId: 'new-tea' })).modelVersion).toBe(1);
    let version = 1;
    for (let tries = 0; tries < 100 && version === 1; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      version = (await recommend({ strategy: 'collaborative', userId: 'new-tea' })).modelVersion!;
    }
    expect(version).toBe(2);
  });

  it('refuses bad parameters with each problem, and an unknown algorithm, before queueing anything', async () => {
    const bad = await f.admin('POST', '/api/v1/recommendations/models', { algorithm: 'als', params: { factors: -3, bogus: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'ERR_RECS_BAD_PARAMS' });
    expect((bad.json() as { details: unknown[] }).details.length).toBeGreaterThanOrEqual(2);
    expect((await f.admin('POST', '/api/v1/recommendations/models', { algorithm: 'magic' })).statusCode).toBe(400);
    expect((await f.admin('GET', '/api/v1/recommendations/models/nope')).statusCode).toBe(404);
    const all = (await f.admin('GET', '/api/v1/recommendations/models')).json() as { items: ModelView[] };
    expect(all.items.every((m) => m.status !== 'queued')).toBe(true);
  });

  it('trains on schedule what is due, only when newer orders came, and the hybrid serves newcomers', async () => {
    // Both scheduled algorithms have a version that learned from every order: nothing is due.
    expect(await f.engine.trainer.runOnce()).toBe(0);
    const hybrid = (await f.admin('GET', '/api/v1/recommendations/models?algorithm=hybrid')).json() as { items: ModelView[] };
    expect(hybrid.items[0]).toMatchObject({ status: 'ready', version: 1 });

    const r = await recommend({ strategy: 'hybrid', userId: 'new-coffee', limit: 3 });
    expect(r).toMatchObject({ strategy: 'hybrid', personalized: true, modelVersion: 1 });
    expect(r.items.every((i) => coffee.includes(i.productId))).toBe(true);
    // Someone new looking at a tea product: its neighbours in the model.
    expect((await f.post('identify', { userId: 'fresh', traits: {} })).statusCode).toBe(200);
    await f.drain();
    const fresh = await recommend({ strategy: 'hybrid', userId: 'fresh', itemIds: ['assam'], limit: 3 });
    expect(fresh.items.length).toBeGreaterThan(0);
    expect(fresh.items.every((i) => tea.includes(i.productId))).toBe(true);

    // A day later without new orders nothing is due; a new order makes both due.
    clock.advance(DAY + 1000);
    expect(await f.engine.trainer.runOnce()).toBe(0);
    expect((await f.post('track', order('tea-0', ['teapot'], -DAY, 'later'))).statusCode).toBe(200);
    await f.drain();
    expect(await f.engine.trainer.runOnce()).toBe(2);
  });

  it('gives a newcomer without history or affinity what customers of their country buy', async () => {
    expect((await f.post('identify', { userId: 'parisian', traits: { country: 'France' } })).statusCode).toBe(200);
    await f.drain();
    const r = await recommend({ strategy: 'hybrid', userId: 'parisian', limit: 3 });
    expect(r.fallback).toBe(false);
    expect(r.items.length).toBe(3);
    expect(r.items.every((i) => coffee.includes(i.productId))).toBe(true);
    expect(r.items[0]!.reason).toEqual({ kind: 'popular', sentence: 'Popular in France' });
  });

  it('stores no one’s data in a model: the snapshot holds products, not people', async () => {
    const rows = await f.engine.database.kysely.selectFrom('rec_models').select(['algorithm', 'snapshot']).where('status', '=', 'ready').where('snapshot', 'is not', null).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const bytes = Buffer.from(row.snapshot!);
      for (const person of ['tea-0', 'coffee-3', 'new-tea', 'looker']) expect(bytes.includes(person), `${row.algorithm} holds ${person}`).toBe(false);
    }
  });
});
