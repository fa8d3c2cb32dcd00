import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { appFixture, type AppFixture } from '../testing/index.js';

const NOW = Date.UTC(2026, 4, 20, 12);
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW - n * DAY).toISOString();

const order = (userId: string, days: number, revenue: number, category = 'Tea') => ({
  type: 'track',
  event: 'Order Completed',
  userId,
  properties: { order_id: `${userId}-${days}-${revenue}`, revenue, products: [{ product_id: `p-${category}`, category, price: revenue }] },
  timestamp: daysAgo(days),
});

/** "Bought Tea twice in the last 30 days", for marketing: the example segment of these tests. */
const teaLovers = {
  name: 'Tea lovers',
  description: 'Bought tea at least twice this month',
  purpose: 'marketing',
  rule: {
    version: 1,
    root: {
      type: 'event',
      event: 'Order Completed',
      where: [{ property: 'products[].category', op: 'eq', value: 'Tea' }],
      count: { op: 'gte', value: 2 },
      window: { last: { amount: 30, unit: 'days' } },
    },
  },
};

describe.each(testDialects())('segments API on %s', (dialect) => {
  let f: AppFixture;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(NOW);
    f = await appFixture(dialect, { clock });
    const marketing = { consent: { categoryPreferences: { marketing: true } } };
    await f.post('batch', {
      batch: [
        { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com', plan: 'gold' }, context: marketing, timestamp: daysAgo(40) },
        order('ada', 20, 30),
        order('ada', 10, 12),
        // Bob buys tea as often, but never consented to marketing.
        { type: 'identify', userId: 'bob', traits: { email: 'bob@example.com' }, timestamp: daysAgo(40) },
        order('bob', 5, 20),
        order('bob', 3, 25),
        // Cy bought tea once this month, and coffee.
        { type: 'identify', userId: 'cy', traits: { plan: 'silver' }, context: marketing, timestamp: daysAgo(40) },
        order('cy', 2, 9),
        order('cy', 1, 90, 'Coffee'),
      ],
    });
    await f.drain();
  });
  afterEach(async () => {
    await f.dispose();
  });

  it('previews a rule: size, who the purpose leaves out, a sample', async () => {
    const res = await f.admin('POST', '/api/v1/segments/preview', { rule: teaLovers.rule, purpose: 'marketing', sample: 5 });
    expect(res.statusCode).toBe(200);
    const preview = res.json();
    expect(preview).toMatchObject({ size: 1, matched: 2, excludedForConsent: 1, total: 3 });
    expect(preview.sample).toEqual([expect.objectContaining({ userId: 'ada', email: 'ada@example.com' })]);
  });

  it('answers a bad rule with 400 and a problem at each bad node: its path, what was expected, what it got', async () => {
    const res = await f.admin('POST', '/api/v1/segments', {
      name: 'Broken',
      purpose: 'newsletters',
      rule: {
        version: 1,
        root: {
          type: 'and',
          conditions: [
            { type: 'trait', trait: 'plan', op: 'gte', value: 'gold' },
            { type: 'event', event: 'Order Completed', count: { op: 'gte', value: -1 } },
            { type: 'segmnet', segment: 'x' },
            { type: 'feature', feature: 'orders', op: 'contains', value: 'a' },
          ],
        },
      },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('ERR_SEGMENT_INVALID_RULE');
    const at = (path: string) => body.details.find((d: { path: string }) => d.path === path);
    expect(at('/purpose')).toMatchObject({ expected: expect.stringContaining('marketing'), got: '"newsletters"' });
    expect(at('/rule/root/conditions/0/value')).toMatchObject({ expected: expect.stringContaining('version'), got: '"gold"' });
    expect(at('/rule/root/conditions/1/count/value')).toMatchObject({ got: '-1' });
    expect(at('/rule/root/conditions/2/type')).toMatchObject({ expected: expect.stringContaining('segment'), got: '"segmnet"' });
    expect(at('/rule/root/conditions/3/op')).toMatchObject({ got: '"contains"' });
    expect(await f.admin('GET', '/api/v1/segments').then((r) => r.json().items)).toEqual([]);
  });

  it('refuses rules nested or grown past the limits, and loops through other segments', async () => {
    let deep: object = { type: 'trait', trait: 'plan', op: 'exists' };
    for (let i = 0; i < 20; i++) deep = { type: 'not', condition: deep };
    const tooDeep = await f.admin('POST', '/api/v1/segments', { name: 'Deep', rule: { version: 1, root: deep } });
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().details[0].message).toMatch(/deeper than 12/);
    const wide = { type: 'or', conditions: Array.from({ length: 250 }, () => ({ type: 'trait', trait: 'plan', op: 'exists' })) };
    expect((await f.admin('POST', '/api/v1/segments', { name: 'Wide', rule: { version: 1, root: wide } })).json().details[0].message).toMatch(/more than 200 nodes/);

    const a = (await f.admin('POST', '/api/v1/segments', { name: 'A', rule: { version: 1, root: { type: 'trait', trait: 'plan', op: 'exists' } } })).json();
    const b = (await f.admin('POST', '/api/v1/segments', { name: 'B', rule: { version: 1, root: { type: 'segment', segment: a.id } } })).json();
    const loop = await f.admin('PATCH', `/api/v1/segments/${a.id}`, { rule: { version: 1, root: { type: 'segment', segment: b.id } } });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().details[0]).toMatchObject({ path: '/rule/root/segment', message: expect.stringMatching(/cycle/) });
    const inUse = await f.admin('DELETE', `/api/v1/segments/${a.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ code: 'ERR_SEGMENT_IN_USE', message: expect.stringContaining('B') });
  });

  it('builds membership, keeps it live, lists and exports members, explains a member and a non-member', async () => {
    const created = await f.admin('POST', '/api/v1/segments', teaLovers);
    expect(created.statusCode).toBe(201);
    const segment = created.json();
    expect(segment).toMatchObject({ name: 'Tea lovers', status: 'building', version: 1, timeDependent: true });
    expect((await f.admin('POST', '/api/v1/segments', teaLovers)).json().code).toBe('ERR_SEGMENT_NAME_TAKEN');

    await f.drain(); // the processor builds it
    const built = (await f.admin('GET', `/api/v1/segments/${segment.id}`)).json();
    expect(built).toMatchObject({ status: 'live', size: 1 });
    const members = (await f.admin('GET', `/api/v1/segments/${segment.id}/members`)).json();
    expect(members.items.map((m: { userId: string }) => m.userId)).toEqual(['ada']);

    // Cy buys tea again and consents: Cy enters as the event is processed.
    await f.post('track', order('cy', 0, 14));
    await f.drain();
    expect((await f.admin('GET', `/api/v1/segments/${segment.id}`)).json().size).toBe(2);
    const csv = await f.admin('GET', `/api/v1/segments/${segment.id}/members.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.trim().split('\n')).toEqual(['profile_id,user_id,anonymous_id,email,entered_at', expect.stringContaining(',ada,,ada@example.com,'), expect.stringContaining(',cy,,,')]);

    const why = (await f.admin('GET', `/api/v1/segments/${segment.id}/explain/ada`)).json();
    expect(why).toMatchObject({ member: true, matched: true, consent: { purpose: 'marketing', granted: true } });
    expect(why.root).toMatchObject({ matched: true, values: { count: 2 } });
    expect(why.root.sentence).toBe('Did Order Completed (products[].category equal to "Tea") 2 times in the last 30 days; needed at least 2');
    const bob = (await f.admin('GET', `/api/v1/segments/${segment.id}/explain/bob`)).json();
    expect(bob).toMatchObject({ member: false, matched: true, consent: { purpose: 'marketing', granted: false } });
    expect(bob.summary).toMatch(/does not consent to marketing/);

    // Time passes: Ada's older order leaves the 30-day window, and she leaves the segment.
    clock.advance(11 * DAY);
    await f.drain();
    const changes = (await f.admin('GET', `/api/v1/segment-changes?segmentId=${segment.id}`)).json().items;
    expect(changes.map((c: { kind: string; reason: string }) => `${c.kind}:${c.reason}`)).toEqual(['entered:rebuild', 'entered:event', 'exited:time']);
    const ada = (await f.admin('GET', '/api/v1/profiles/ada/segments')).json();
    expect(ada.items).toEqual([]);
    expect(ada.history.map((c: { kind: string }) => c.kind)).toEqual(['exited', 'entered']);
    const sizes = (await f.admin('GET', `/api/v1/segments/${segment.id}/sizes`)).json().items;
    expect(sizes.at(-1)).toEqual({ day: new Date(clock.now()).toISOString().slice(0, 10), size: 1 });
  });

  it('rebuilds a segment whose rule changes, and removes the members of a deleted one', async () => {
    const segment = (await f.admin('POST', '/api/v1/segments', teaLovers)).json();
    await f.drain();
    const changed = await f.admin('PATCH', `/api/v1/segments/${segment.id}`, { purpose: null });
    expect(changed.json()).toMatchObject({ version: 2, status: 'building' });
    await f.drain();
    expect((await f.admin('GET', `/api/v1/segments/${segment.id}`)).json()).toMatchObject({ status: 'live', size: 2 });
    expect((await f.admin('DELETE', `/api/v1/segments/${segment.id}`)).statusCode).toBe(204);
    expect((await f.admin('GET', `/api/v1/segments/${segment.id}`)).statusCode).toBe(404);
    await f.drain();
    expect(await f.engine.repos.segments.countMembers(f.engine.database.kysely, f.workspaceId, segment.id)).toBe(0);
  });

  it('exports and erases a person’s segments and their history, and the segment shrinks', async () => {
    const segment = (await f.admin('POST', '/api/v1/segments', { ...teaLovers, purpose: null })).json();
    await f.drain();
    const doc = (await f.admin('GET', '/api/v1/subjects/ada/export')).json();
    expect(doc.stores.segment_members).toEqual([expect.objectContaining({ segment: 'Tea lovers' })]);
    expect(doc.stores.segment_changes).toEqual([expect.objectContaining({ segment: 'Tea lovers', kind: 'entered', reason: 'rebuild' })]);
    const erased = await f.admin('DELETE', '/api/v1/subjects/ada');
    expect(erased.statusCode).toBe(200);
    expect(erased.json().removed).toMatchObject({ segment_members: 1, segment_changes: 1 });
    expect((await f.admin('GET', `/api/v1/segments/${segment.id}`)).json().size).toBe(1);
    const left = await f.engine.database.kysely.selectFrom('segment_changes').select('profile_id').execute();
    expect(left).toHaveLength(1); // Bob's
  });

  it("shows a person's lifecycle stage and RFM scores with their profile, and both change with time", async () => {
    const ada = (await f.admin('GET', '/api/v1/profiles/ada')).json();
    expect(ada.lifecycleStage).toBe('active'); // first seen 40 days ago, last seen 10 days ago
    expect(ada.rfm).toMatchObject({ frequency: 2, monetary: 42, recencyDays: 10 });
    clock.advance(25 * DAY);
    expect((await f.admin('GET', '/api/v1/profiles/ada')).json().lifecycleStage).toBe('at_risk');
    const rule = { version: 1, root: { type: 'lifecycle', stages: ['at_risk'] } };
    expect((await f.admin('POST', '/api/v1/segments/preview', { rule })).json()).toMatchObject({ size: 1, sample: [expect.objectContaining({ userId: 'ada' })] });

    // At risk after 20 days without activity and lapsed after 30 (instead of 30 and 90): the segment is built again
    // with the new thresholds. Ada (35 days) is now lapsed; Bob (28) and Cy (25) are at risk.
    const atRisk = (await f.admin('POST', '/api/v1/segments', { name: 'At risk', rule })).json();
    await f.drain();
    expect((await f.admin('GET', `/api/v1/segments/${atRisk.id}`)).json()).toMatchObject({ version: 1, size: 1 });
    const patched = await f.admin('PATCH', '/api/v1/workspace', { lifecycle: { atRiskDays: 20, lapsedDays: 30 } });
    expect(patched.statusCode).toBe(200);
    expect((await f.admin('GET', `/api/v1/segments/${atRisk.id}`)).json()).toMatchObject({ version: 2, status: 'building' });
    await f.drain();
    expect((await f.admin('GET', `/api/v1/segments/${atRisk.id}`)).json()).toMatchObject({ status: 'live', size: 2 });
    const members = (await f.admin('GET', `/api/v1/segments/${atRisk.id}/members`)).json().items;
    expect(members.map((m: { userId: string }) => m.userId).sort()).toEqual(['bob', 'cy']);
    expect((await f.admin('GET', '/api/v1/profiles/ada')).json().lifecycleStage).toBe('lapsed');
    const wrong = await f.admin('PATCH', '/api/v1/workspace', { lifecycle: { lapsedDays: 10 } });
    expect(wrong.json()).toMatchObject({ code: 'ERR_WORKSPACE_INVALID_SETTINGS', details: [expect.objectContaining({ path: '/lifecycle' })] });
  });

  it('builds a segment again when a geofence it names changes shape', async () => {
    await f.post('track', { event: 'Location Updated', userId: 'ada', properties: { latitude: 51.54, longitude: -0.14 }, timestamp: daysAgo(1) });
    const store = (await f.admin('POST', '/api/v1/geofences', { key: 'camden', name: 'Camden store', shape: { kind: 'circle', latitude: 51.539, longitude: -0.1426, radiusKm: 2 } })).json();
    const near = (await f.admin('POST', '/api/v1/segments', { name: 'Near Camden', rule: { version: 1, root: { type: 'location', geofence: 'camden' } } })).json();
    await f.drain();
    expect((await f.admin('GET', `/api/v1/segments/${near.id}`)).json()).toMatchObject({ version: 1, size: 1 });
    // The store moves to Paris: the rule means something else, and Ada is no longer near it.
    expect((await f.admin('PATCH', `/api/v1/geofences/${store.id}`, { shape: { kind: 'circle', latitude: 48.86, longitude: 2.35, radiusKm: 2 } })).statusCode).toBe(200);
    expect((await f.admin('GET', `/api/v1/segments/${near.id}`)).json()).toMatchObject({ version: 2, status: 'building' });
    await f.drain();
    expect((await f.admin('GET', `/api/v1/segments/${near.id}`)).json()).toMatchObject({ status: 'live', size: 0 });
  });

  it('refuses a write key and a read-only key where segments change', async () => {
    expect((await f.admin('GET', '/api/v1/segments', undefined, f.writeKey)).statusCode).toBe(403);
    const reader = (await f.admin('POST', '/api/v1/keys', { kind: 'secret', name: 'reader', scopes: ['read'] })).json().key;
    expect((await f.admin('GET', '/api/v1/segments', undefined, reader)).statusCode).toBe(200);
    expect((await f.admin('POST', '/api/v1/segments', teaLovers, reader)).json().code).toBe('ERR_AUTH_SCOPE_MISSING');
  });
});
