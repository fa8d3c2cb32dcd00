import { rfmSegmentNames } from '@rapport/contracts';
import { testDialects } from '@rapport/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appFixture, type AppFixture } from '../testing/index.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe.each(testDialects())('RFM API on %s', (dialect) => {
  let f: AppFixture;
  let now: number;
  beforeEach(async () => {
    f = await appFixture(dialect);
    now = Date.now();
    // An hour off whole days, so that a test running across a day boundary of its own still counts the same days.
    const ago = (days: number) => new Date(now - days * DAY - HOUR).toISOString();
    const order = (userId: string, revenue: number, days: number) => ({ type: 'track', userId, event: 'Order Completed', properties: { order_id: `${userId}-${days}`, revenue }, timestamp: ago(days) });
    const answer = await f.post('batch', {
      batch: [
        { type: 'identify', userId: 'ann', traits: { email: 'ann@example.com' }, timestamp: ago(100) },
        order('ann', 100, 10),
        order('ben', 30, 2),
        order('ben', 40, 1),
        order('cat', 20, 40),
        { type: 'track', userId: 'cat', event: 'Order Refunded', properties: { order_id: 'cat-40', revenue: 5 }, timestamp: ago(39) },
        { type: 'track', anonymousId: 'guest', event: 'Order Completed', properties: { order_id: 'g', revenue: 500 }, timestamp: ago(1) },
      ],
    });
    expect(answer.statusCode).toBe(200);
    await f.drain();
  });
  afterEach(async () => {
    await f.dispose();
  });

  it('shows the stored model with every segment counted, the grid and customers with their scores', async () => {
    const res = await f.admin('GET', '/api/v1/rfm');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // The processor's jobs made the first refresh once the events were in.
    expect(body).toMatchObject({ stored: true, windowDays: null, customers: 3, nextCursor: null });
    expect(Object.keys(body.counts).sort()).toEqual([...rfmSegmentNames].sort());
    expect(Object.values(body.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(3);
    expect(body.grid).toHaveLength(5);
    expect(body.grid.flat().reduce((a: number, b: number) => a + b, 0)).toBe(3);
    // Sorted recency 1, 10, 40 (n = 3: positions 0.4, 0.8, 1.2, 1.6): 4.6, 8.2, 16, 28.
    expect(body.cutPoints.recency.map((v: number) => Math.round(v * 1e9) / 1e9)).toEqual([4.6, 8.2, 16, 28]);
    const byUser = Object.fromEntries(body.items.map((i: { userId: string }) => [i.userId, i]));
    expect(Object.keys(byUser).sort()).toEqual(['ann', 'ben', 'cat']);
    expect(byUser.ben).toMatchObject({ recencyDays: 1, frequency: 2, monetary: 70, r: 5, f: 5 });
    expect(byUser.cat).toMatchObject({ recencyDays: 40, frequency: 1, monetary: 15, r: 1, f: 1, segment: 'Hibernating' });
  });

  it('pages customers and filters them by segment', async () => {
    const first = (await f.admin('GET', '/api/v1/rfm?limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await f.admin('GET', `/api/v1/rfm?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((i: { userId: string }) => i.userId).sort()).toEqual(['ann', 'ben', 'cat']);

    const hibernating = (await f.admin('GET', `/api/v1/rfm?segment=${encodeURIComponent('Hibernating')}`)).json();
    expect(hibernating.items.map((i: { userId: string }) => i.userId)).toEqual(['cat']);
    expect(hibernating.customers).toBe(3);
  });

  it('computes the model for another instant without storing it', async () => {
    const asOf = new Date(now - 20 * DAY).toISOString();
    const res = await f.admin('GET', `/api/v1/rfm?asOf=${encodeURIComponent(asOf)}`);
    expect(res.statusCode).toBe(200);
    // Only cat had ordered 20 days ago (40 days ago, so 20 days before asOf; the hour off whole days rounds down).
    expect(res.json()).toMatchObject({ stored: false, asOf, customers: 1, items: [{ userId: 'cat', recencyDays: 20, frequency: 1, monetary: 15 }] });
    expect((await f.admin('GET', '/api/v1/rfm')).json()).toMatchObject({ stored: true, customers: 3 });
  });

  it('refreshes on demand, now or as of an instant, with the admin scope only', async () => {
    const refreshed = await f.admin('POST', '/api/v1/rfm/refresh');
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toMatchObject({ customers: 3, windowDays: null, counts: expect.any(Object), tookMs: expect.any(Number) });
    expect(Date.parse(refreshed.json().asOf)).toBeGreaterThanOrEqual(now);

    const asOf = new Date(now - 20 * DAY).toISOString();
    const past = await f.admin('POST', '/api/v1/rfm/refresh', { asOf });
    expect(past.json()).toMatchObject({ asOf, customers: 1 });
    expect((await f.admin('GET', '/api/v1/rfm')).json()).toMatchObject({ stored: true, asOf, customers: 1, items: [{ userId: 'cat' }] });

    const reader = (await f.engine.keys.create(f.workspaceId, { kind: 'secret', name: 'reader', scopes: ['read'] })).key;
    expect((await f.admin('GET', '/api/v1/rfm', undefined, reader)).statusCode).toBe(200);
    const refused = await f.admin('POST', '/api/v1/rfm/refresh', undefined, reader);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ERR_AUTH_SCOPE_MISSING');
    expect((await f.admin('GET', '/api/v1/rfm', undefined, null)).statusCode).toBe(401);
  });

  it('refuses a bad asOf, segment or cursor with the path of the problem', async () => {
    const problems = [
      [await f.admin('GET', '/api/v1/rfm?asOf=yesterday'), '/query/asOf'],
      [await f.admin('GET', '/api/v1/rfm?asOf=2026-02-30T00:00:00Z'), '/query/asOf'],
      [await f.admin('GET', '/api/v1/rfm?segment=Whales'), '/query/segment'],
      [await f.admin('GET', '/api/v1/rfm?limit=0'), '/query/limit'],
      [await f.admin('GET', '/api/v1/rfm?cursor=not-ours'), '/cursor'],
      [await f.admin('POST', '/api/v1/rfm/refresh', { asOf: 'soon' }), '/asOf'],
      [await f.admin('POST', '/api/v1/rfm/refresh', { windowDays: 3 }), '/windowDays'],
    ] as const;
    for (const [res, path] of problems) {
      expect(res.statusCode, path).toBe(400);
      expect(res.json(), path).toMatchObject({ code: 'ERR_REQUEST_INVALID', details: [expect.objectContaining({ path })] });
    }
  });
});
