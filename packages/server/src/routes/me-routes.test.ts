import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@rapport/core';
import { userTokenOf } from '@rapport/engine';
import { testDialects } from '@rapport/storage/testing';
import { appFixture, type AppFixture } from '../testing/index.js';

const NOW = Date.UTC(2026, 6, 13, 10);
const products = [
  { id: 'trowel', name: 'Garden Trowel', category: 'Garden', price: 8 },
  { id: 'gloves', name: 'Garden Gloves', category: 'Garden', price: 7 },
  { id: 'mug', name: 'Stoneware Mug', category: 'Cups', price: 12 },
];

describe.each(testDialects())("the end user's own routes and the preference center on %s", (dialect) => {
  let f: AppFixture;
  let secret: string;
  const why = async (query: string) => {
    const res = await f.app.inject({ method: 'GET', url: `/v1/me/why?writeKey=${f.writeKey}&${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const me = (method: 'GET' | 'POST', url: string, body?: object) =>
    method === 'GET' ? f.app.inject({ method, url: `${url}${url.includes('?') ? '&' : '?'}writeKey=${f.writeKey}` }) : f.app.inject({ method, url, payload: { writeKey: f.writeKey, ...body } });

  beforeAll(async () => {
    f = await appFixture(dialect, { clock: new ManualClock(NOW) });
    f.engine.processor.start(); // a consent change is answered once the processor has applied it
    expect((await f.admin('PUT', '/api/v1/catalog/products', { products })).statusCode).toBe(200);
    expect((await f.admin('POST', '/api/v1/segments', { name: 'Gardeners', rule: { version: 1, root: { type: 'event', event: 'Product Viewed', where: [{ property: 'category', op: 'eq', value: 'Garden' }], count: { op: 'gte', value: 2 } } } })).statusCode).toBe(201);
    expect((await f.admin('POST', '/api/v1/placements', { key: 'home_hero', name: 'Home hero', experiences: [{ key: 'garden', name: 'Garden', audience: { segment: 'Gardeners' }, content: { title: 'New for your garden' } }], default: { title: 'Welcome' } })).statusCode).toBe(201);
    const view = (anonymousId: string, product: string, i: number) => ({ type: 'track', event: 'Product Viewed', anonymousId, properties: { product_id: product, category: products.find((p) => p.id === product)!.category }, timestamp: new Date(NOW - 60_000 + i).toISOString() });
    const batch = [view('ann', 'trowel', 0), view('ann', 'gloves', 1), view('ann', 'mug', 2), { type: 'identify', anonymousId: 'ola-phone', userId: 'ola', traits: { firstName: 'Ola' }, timestamp: new Date(NOW - 50_000).toISOString() }];
    expect((await f.post('batch', { batch })).statusCode).toBe(200);
    await f.drain();
    secret = (await f.admin('GET', '/api/v1/identity-secret')).json().secret;
  });
  afterAll(async () => {
    await f.dispose();
  });

  it('says what is personalized and why, in sentences', async () => {
    const ann = await why('anonymousId=ann');
    expect(ann).toMatchObject({ known: true, personalized: true, interests: ['You often look at Garden', 'You often look at Cups'], recentlyViewed: ['Stoneware Mug', 'Garden Gloves', 'Garden Trowel'] });
    expect(ann.summary).toContain('from the group you are in');
    expect(ann.segments).toEqual([{ id: expect.any(String), name: 'Gardeners', since: expect.any(String), sentence: expect.stringMatching(/Product Viewed/) }]);
    expect(ann.placements).toEqual([{ placement: 'home_hero', experience: 'garden', sentence: 'You see this because you are in “Gardeners”.' }]);
    expect(ann.consent.map((c: { purpose: string; granted: boolean; source: string }) => [c.purpose, c.granted, c.source])).toEqual([
      ['analytics', true, 'default'],
      ['personalization', true, 'default'],
      ['marketing', false, 'default'],
      ['advertising', false, 'default'],
    ]);
    // Nobody known: nothing held, the generic placement.
    const stranger = await why('anonymousId=stranger');
    expect(stranger).toMatchObject({ known: false, personalized: false, segments: [], placements: [{ placement: 'home_hero', experience: null }] });
  });

  it("opens a signed-in person's data only with their user token, even from their own device's anonymousId", async () => {
    expect((await me('GET', '/v1/me/why?anonymousId=ola-phone')).json().code).toBe('ERR_AUTH_USER_TOKEN');
    expect((await me('GET', '/v1/me/why?userId=ola')).json().code).toBe('ERR_AUTH_USER_TOKEN');
    expect((await me('GET', `/v1/me/why?userId=ola&userToken=${userTokenOf(secret, 'ann')}`)).statusCode).toBe(401);
    const ola = await why(`userId=ola&userToken=${userTokenOf(secret, 'ola')}`);
    expect(ola.known).toBe(true);
    expect((await me('GET', '/v1/me/why')).statusCode).toBe(400);
  });

  it('changes consent, after which nothing is chosen from their data', async () => {
    const res = await me('POST', '/v1/me/consent', { anonymousId: 'ann', purposes: { personalization: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().purposes.personalization).toMatchObject({ granted: false, source: 'api' });
    const ann = await why('anonymousId=ann');
    expect(ann).toMatchObject({ personalized: false, interests: [], recentlyViewed: [], segments: [] });
    expect(ann.summary).toBe('You turned personalization off: what you see is what everyone sees, and your activity is not used to choose it.');
    expect(ann.placements[0].experience).toBeNull();
    // Someone new can choose before anything else is known about them.
    const fresh = await me('POST', '/v1/me/consent', { anonymousId: 'newcomer', purposes: { marketing: true } });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json().purposes.marketing.granted).toBe(true);
    expect((await me('POST', '/v1/me/consent', { anonymousId: 'ann', purposes: { horoscopes: true } })).json().code).toBe('ERR_CONSENT_UNKNOWN_PURPOSE');
  });

  it('keeps their contact preferences: channels turned off, a lower daily limit', async () => {
    const set = await me('POST', '/v1/me/preferences', { anonymousId: 'ann', channels: { inApp: false }, promotionalPerDay: 1 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ channels: { inApp: false }, promotionalPerDay: 1 });
    // A second change keeps the first.
    const back = await me('POST', '/v1/me/preferences', { anonymousId: 'ann', promotionalPerDay: null });
    expect(back.json()).toEqual({ channels: { inApp: false }, promotionalPerDay: null });
    expect((await why('anonymousId=ann')).preferences).toEqual({ channels: { inApp: false, email: true, push: true, sms: true }, promotionalPerDay: null, shopPromotionalPerDay: 2 });
    expect((await me('POST', '/v1/me/preferences', { anonymousId: 'ann', promotionalPerDay: 1000 })).statusCode).toBe(400);
  });

  it('downloads and erases their data; later events from their ids are refused', async () => {
    const exported = await me('GET', '/v1/me/export?anonymousId=ann');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment; filename="my-data-[0-9a-f]{12}\.json"/);
    const doc = exported.json();
    expect(doc.subject.anonymousIds).toEqual(['ann']);
    expect(doc.stores.events.length).toBeGreaterThanOrEqual(3);
    const erased = await me('POST', '/v1/me/erase', { anonymousId: 'ann' });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().removed.events).toBeGreaterThanOrEqual(3);
    expect((await why('anonymousId=ann')).known).toBe(false);
    expect((await me('GET', '/v1/me/export?anonymousId=ann')).statusCode).toBe(404);
    expect((await f.post('track', { anonymousId: 'ann', event: 'Product Viewed' })).statusCode).toBe(403);
    const requests = (await f.admin('GET', '/api/v1/privacy/requests')).json().items as { kind: string }[];
    expect(requests.map((r) => r.kind).sort()).toEqual(['erase', 'export']);
  });

  it('serves the preference center page with a strict content security policy', async () => {
    const page = await f.app.inject({ method: 'GET', url: '/preferences?writeKey=x&anonymousId=y' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('<script src="/preferences/app.js"></script>');
    const script = await f.app.inject({ method: 'GET', url: '/preferences/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain("'/v1/me/why'");
    expect(script.body).not.toContain('innerHTML');
  });
});
