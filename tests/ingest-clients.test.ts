import type { ProfileView } from '@rapport/contracts';
import { buildApp } from '@rapport/server';
import type { AppFixture } from '@rapport/server/testing';
import { testDialects } from '@rapport/storage/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestSuite, KiB, metric, onlyKept } from './support/ingest-suite.js';
import { basicAuth, openShop } from './support/shop.js';

// What clients do that is not wrong but must be answered right: sendBeacon bodies, the short endpoints of
// analytics.js, keys of every kind (missing, unknown, revoked, secret, another workspace's), repeated and conflicting
// messageIds, timestamps far off or skewed, and bursts past the rate limit.

describe.each(testDialects())('ingestion from clients on %s', (dialect) => {
  const suite = ingestSuite(dialect);
  const shop = suite.shop;
  let f: AppFixture;
  beforeAll(() => {
    f = suite.fixture();
  });

  it('accepts a text/plain body with the write key inside, as navigator.sendBeacon sends it', async () => {
    const s = await shop();
    const beacon = JSON.stringify({
      writeKey: s.writeKey,
      event: 'Product Viewed',
      anonymousId: 'beacon-1',
      properties: { product_id: 'p-1' },
    });
    const answer = await s.send('t', beacon, {
      'content-type': 'text/plain;charset=UTF-8',
      authorization: undefined,
    });
    expect(answer.status).toBe(200);
    const json = await s.send(
      'batch',
      { writeKey: s.writeKey, batch: [{ type: 'page', name: 'Home', anonymousId: 'beacon-1' }] },
      { authorization: undefined },
    );
    expect(json.status).toBe(200);
    await f.drain();
    const events = await s.timeline('beacon-1');
    expect(events.map((e) => e.type).sort()).toEqual(['page', 'track']);
    expect(events.find((e) => e.type === 'track')).toMatchObject({
      event: 'Product Viewed',
      properties: { product_id: 'p-1' },
    });
    // The key is how the event came in, not part of it.
    expect(JSON.stringify(events)).not.toContain(s.writeKey);
  });

  it('refuses missing, unknown, revoked and secret keys, and keeps nothing for them', async () => {
    const s = await shop();
    const event = (userId: string) => ({ event: 'Key test', userId });
    const created = await f.admin('POST', '/api/v1/keys', { kind: 'write', name: 'old site' }, s.secretKey);
    expect(created.statusCode).toBe(201);
    const { key: oldKey, apiKey } = created.json<{ key: string; apiKey: { id: string } }>();
    expect((await s.send('track', event('u-key'), { authorization: basicAuth(oldKey) })).status).toBe(200);
    expect((await f.admin('DELETE', `/api/v1/keys/${apiKey.id}`, undefined, s.secretKey)).statusCode).toBe(
      200,
    );

    const refused: [Record<string, string | undefined>, object, number, string][] = [
      [{ authorization: undefined }, event('u-none'), 401, 'ERR_AUTH_MISSING_KEY'],
      [
        { authorization: basicAuth('wk_this_key_does_not_exist_0000') },
        event('u-unknown'),
        401,
        'ERR_AUTH_INVALID_KEY',
      ],
      [
        { authorization: undefined },
        { ...event('u-unknown'), writeKey: 'wk_this_key_does_not_exist_0000' },
        401,
        'ERR_AUTH_INVALID_KEY',
      ],
      [{ authorization: basicAuth(oldKey) }, event('u-revoked'), 401, 'ERR_AUTH_INVALID_KEY'],
      [{ authorization: basicAuth(s.secretKey) }, event('u-secret'), 403, 'ERR_AUTH_WRONG_KEY_KIND'],
      [{ authorization: `Bearer ${s.secretKey}` }, event('u-secret'), 403, 'ERR_AUTH_WRONG_KEY_KIND'],
    ];
    for (const [headers, body, status, code] of refused) {
      const answer = await s.send('track', body, headers);
      expect([answer.status, answer.body.code], JSON.stringify(headers)).toEqual([status, code]);
      expect(answer.body.message).not.toContain(s.secretKey);
    }
    await f.drain();
    expect(await s.rejected()).toEqual([]);
    for (const id of ['u-none', 'u-unknown', 'u-revoked', 'u-secret'])
      expect(await s.timeline(id)).toEqual([]);
    expect(await s.timeline('u-key')).toHaveLength(1);
  });

  it("keeps each workspace's events to itself: a write key only writes where it belongs", async () => {
    const a = await shop('Shop A');
    const b = await shop('Shop B');
    expect(
      (await a.send('track', { event: 'Visited', userId: 'same-person', properties: { shop: 'A' } })).status,
    ).toBe(200);
    expect(
      (await b.send('track', { event: 'Visited', userId: 'same-person', properties: { shop: 'B' } })).status,
    ).toBe(200);
    expect(
      (await b.send('identify', { userId: 'only-in-b', traits: { email: 'b@example.com' } })).status,
    ).toBe(200);
    await f.drain();
    expect((await a.timeline('same-person')).map((e) => e.properties)).toEqual([{ shop: 'A' }]);
    expect((await b.timeline('same-person')).map((e) => e.properties)).toEqual([{ shop: 'B' }]);
    expect(await a.timeline('only-in-b')).toEqual([]);
    expect((await f.admin('GET', '/api/v1/profiles/only-in-b', undefined, a.secretKey)).statusCode).toBe(404);
    const listed = await a.read<{ items: { userIds: string[] }[] }>('/api/v1/profiles');
    expect(listed.items.flatMap((p) => p.userIds)).toEqual(['same-person']);
  });

  it('counts a repeated messageId once and keeps a conflicting one aside', async () => {
    const s = await shop();
    const dedupedBefore = await metric(f, 'rapport_events_deduplicated_total');
    const conflictsBefore = await metric(f, 'rapport_events_conflicts_total');
    const order = {
      type: 'track',
      event: 'Order Completed',
      userId: 'u-dup',
      messageId: 'order-m1',
      properties: { order_id: 'o-1', revenue: 42 },
      timestamp: '2026-01-05T10:00:00.000Z',
    };
    expect((await s.send('track', order)).status).toBe(200);
    expect((await s.send('track', order)).status).toBe(200);
    // A client retrying the batch: same events, a later sentAt.
    expect((await s.send('batch', { batch: [order, order], sentAt: new Date().toISOString() })).status).toBe(
      200,
    );
    const other = { ...order, messageId: 'order-m2', properties: { order_id: 'o-2', revenue: 10 } };
    expect((await s.send('track', other)).status).toBe(200);
    expect((await s.send('track', { ...other, properties: { order_id: 'o-2', revenue: 99 } })).status).toBe(
      200,
    );
    await f.drain();

    const events = await s.timeline('u-dup');
    expect(events.map((e) => [e.messageId, e.properties?.['revenue']]).sort()).toEqual([
      ['order-m1', 42],
      ['order-m2', 10],
    ]);
    const profile = await s.read<ProfileView>('/api/v1/profiles/u-dup');
    expect(profile.features).toMatchObject({ orders: 2, revenue: 52 });
    expect((await metric(f, 'rapport_events_deduplicated_total')) - dedupedBefore).toBe(3);
    expect((await metric(f, 'rapport_events_conflicts_total')) - conflictsBefore).toBe(1);
    // Set aside by the processor, which is where messageIds are compared.
    const kept = onlyKept(await s.rejected(), {
      code: 'ERR_INGEST_MESSAGE_ID_CONFLICT',
      endpoint: 'processor',
    });
    expect(kept.messageId).toBe('order-m2');
    expect(JSON.parse(kept.body)).toMatchObject({ properties: { revenue: 99 } });
  });

  it('accepts timestamps years old or far in the future, flags them, and corrects a skewed device clock', async () => {
    const s = await shop();
    const inTwoYears = (ms: number) => new Date(ms + 2 * 365 * 24 * 3600 * 1000).toISOString();
    const now = Date.now();
    const answer = await s.send('batch', {
      batch: [
        { type: 'track', event: 'Old', userId: 'u-time', timestamp: '2015-03-01T10:00:00.000Z' },
        { type: 'track', event: 'Future', userId: 'u-time', timestamp: '2099-01-01T00:00:00.000Z' },
        // A phone whose clock is two years ahead queued an event 5 s before sending it.
        {
          type: 'track',
          event: 'Skewed',
          userId: 'u-time',
          originalTimestamp: inTwoYears(now - 5000),
          sentAt: inTwoYears(now),
        },
      ],
    });
    expect(answer.status).toBe(200);
    await f.drain();
    const events = new Map((await s.timeline('u-time')).map((e) => [e.event, e]));
    expect(events.get('Old')).toMatchObject({
      timestamp: '2015-03-01T10:00:00.000Z',
      flags: ['old_timestamp'],
    });
    expect(events.get('Future')).toMatchObject({
      timestamp: '2099-01-01T00:00:00.000Z',
      flags: ['future_timestamp'],
    });
    const skewed = events.get('Skewed')!;
    expect(skewed.flags).toBeUndefined();
    expect(Date.parse(skewed.timestamp)).toBe(Date.parse(skewed.receivedAt) - 5000);
    // A clock in 2099 does not make the person "seen" in 2099.
    const profile = await s.read<ProfileView>('/api/v1/profiles/u-time');
    expect(Date.parse(profile.features.lastSeenAt!)).toBeLessThan(Date.now() + 60_000);
  });

  it('takes the short endpoints of analytics.js', async () => {
    const s = await shop();
    const sent: [string, object][] = [
      ['t', { event: 'Short Track', anonymousId: 'anon-short' }],
      ['p', { name: 'Home', anonymousId: 'anon-short' }],
      ['s', { name: 'Cart', anonymousId: 'anon-short' }],
      ['i', { userId: 'u-short', anonymousId: 'anon-short', traits: { plan: 'pro' } }],
      ['g', { userId: 'u-short', groupId: 'g-1', traits: { name: 'Acme' } }],
      ['a', { userId: 'u-short', previousId: 'anon-short' }],
      ['b', { batch: [{ type: 'track', event: 'Short Batch', userId: 'u-short' }] }],
    ];
    for (const [endpoint, body] of sent) expect((await s.send(endpoint, body)).status, endpoint).toBe(200);
    await f.drain();
    const types = (await s.timeline('u-short')).map((e) => e.type).sort();
    expect(types).toEqual(['alias', 'group', 'identify', 'page', 'screen', 'track', 'track']);
    expect(await s.read<ProfileView>('/api/v1/profiles/anon-short')).toMatchObject({
      userIds: ['u-short'],
      traits: { plan: 'pro' },
    });
    const unknown = await s.send('x', { event: 'Nowhere', userId: 'u-short' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ERR_ROUTE_NOT_FOUND']);
  });

  it('limits requests per write key with 429 and Retry-After, and records only what it accepted', async () => {
    // A second app over the same engine and database, with a limit of 2 requests per second per write key.
    const limited = await buildApp({
      engine: f.engine,
      metrics: f.metrics,
      maxBatchBytes: 500 * KiB,
      rateLimitPerSecond: 2,
      version: 'test',
    });
    try {
      const s = await openShop({ ...f, app: limited });
      const other = await openShop({ ...f, app: limited });
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          s.send('track', { event: 'Burst', userId: 'u-burst', properties: { i } }),
        ),
      );
      const accepted = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      expect(accepted.length + refused.length).toBe(answers.length);
      expect(refused.length).toBeGreaterThanOrEqual(4);
      expect(accepted.length).toBeGreaterThanOrEqual(1);
      for (const r of refused) {
        expect(r.body.code).toBe('ERR_RATE_LIMITED');
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      // Another shop's key has a budget of its own.
      expect((await other.send('track', { event: 'Calm', userId: 'u-calm' })).status).toBe(200);
      await f.drain();
      expect(await s.timeline('u-burst')).toHaveLength(accepted.length);
    } finally {
      await limited.close();
    }
  });
});
