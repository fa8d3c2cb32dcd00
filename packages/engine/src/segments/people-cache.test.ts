import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, silentLogger } from '@rapport/core';
import { createRepositories, ruleSqlDialect, type EventRow } from '@rapport/storage';
import { openTestDatabase, testDialects, type TestDatabase } from '@rapport/storage/testing';
import type { SegmentRule } from '@rapport/contracts';
import { engineFixture, type EngineFixture } from '../testing/index.js';
import { PeopleCache } from './people-cache.js';
import { collectNeeds } from './person-facts.js';
import { parseProperty, projectProperties, treeOf, mergeTrees } from './property-path.js';
import type { RuleContext } from './rule-context.js';
import { compileRuleSql } from './rule-sql.js';
import { SegmentCatalog } from './segment-catalog.js';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 5, 1);

describe('properties cut to what filters read', () => {
  const tree = (...paths: string[]) => paths.map((p) => treeOf(parseProperty(p)!)).reduce<ReturnType<typeof treeOf> | undefined>((a, b) => mergeTrees(a, b), undefined)!;

  it('keeps the keys read, the parts of array items read by [], and whole values where a path ends', () => {
    const properties = {
      revenue: 80,
      currency: 'EUR',
      shipping: { country: 'FR', city: 'Lyon' },
      products: [
        { product_id: 'a', category: 'Shoes', price: 40, name: 'Boots' },
        { product_id: 'b', category: 'Bags', price: 40 },
      ],
      tags: ['sale', 'gift'],
      coupon: { code: 'X' },
    };
    expect(projectProperties(properties, tree('revenue', 'shipping.country', 'products[].category', 'tags[]', 'coupon'))).toEqual({
      revenue: 80,
      shipping: { country: 'FR' },
      products: [{ category: 'Shoes' }, { category: 'Bags' }],
      tags: ['sale', 'gift'],
      coupon: { code: 'X' },
    });
    // A path that goes on past a value that is not an object finds nothing there either way.
    expect(projectProperties({ revenue: 5, products: 'none' }, tree('revenue.amount', 'products[].category'))).toEqual({ revenue: 5, products: 'none' });
    // An array reached by a key (not by []) is never read into.
    expect(projectProperties({ products: [{ category: 'Shoes' }] }, tree('products.category'))).toEqual({ products: [] });
    expect(projectProperties({ a: 1 }, tree('b'))).toEqual({});
  });
});

describe.each(testDialects())('people\'s events kept between reads (%s)', (dialect) => {
  let db: TestDatabase;
  const repos = createRepositories(dialect);
  const context: RuleContext = { segments: new Map(), geofences: new Map(), purposes: [], lifecycle: { activeDays: 30, atRiskDays: 60, lapsedDays: 120, churnedDays: 365 } } as unknown as RuleContext;
  const rule = (root: unknown): SegmentRule => ({ version: 1, root }) as SegmentRule;
  // Viewed shoes in the last 7 days; ordered at least twice, ever.
  const needs = collectNeeds(
    [
      rule({ type: 'event', event: 'Product Viewed', window: { last: { amount: 7, unit: 'days' } }, where: [{ property: 'category', op: 'eq', value: 'Shoes' }] }),
      rule({ type: 'event', event: 'Order Completed', count: { op: 'gte', value: 2 } }),
    ],
    context,
    NOW,
  );
  let seq = 0;
  const event = (profile: string, name: string, at: number, properties: Record<string, unknown>): EventRow => ({
    seq: ++seq,
    workspace_id: 'ws',
    profile_id: profile,
    message_id: `m${seq}`,
    type: 'track',
    event: name,
    user_id: null,
    anonymous_id: profile,
    timestamp: at,
    received_at: at,
    source: 'http',
    payload: JSON.stringify({ type: 'track', event: name, properties, context: { ip: '203.0.113.9', userAgent: 'a long user agent string' } }),
    flags: null,
    revenue: null,
  });

  beforeAll(async () => {
    db = await openTestDatabase(dialect);
    await repos.events.insertMany(db.database.kysely, [
      event('p1', 'Product Viewed', NOW - 2 * DAY, { category: 'Shoes', name: 'Boots', price: 90 }),
      event('p1', 'Product Viewed', NOW - 30 * DAY, { category: 'Shoes' }),
      event('p1', 'Order Completed', NOW - 300 * DAY, { revenue: 10 }),
      event('p1', 'Page', NOW - DAY, {}),
      event('p2', 'Order Completed', NOW - 3 * DAY, { revenue: 20 }),
      event('p3', 'Order Completed', NOW - 3 * DAY, { revenue: 20 }),
      event('p4', 'Order Completed', NOW - 4 * DAY, { revenue: 40 }),
      event('p5', 'Order Completed', NOW - 5 * DAY, { revenue: 50 }),
    ]);
  });
  afterAll(() => db.dispose());

  it('reads a person once, keeps what the rules read with the properties their filters read, and adds committed events', async () => {
    const cache = new PeopleCache();
    cache.validate(0, 100);
    const first = await cache.read(db.database.kysely, repos, 'ws', ['p1', 'p2'], needs);
    expect(first.get('p1')!.events.map((e) => [e.name, e.timestamp, e.properties])).toEqual([
      ['Order Completed', NOW - 300 * DAY, null],
      ['Product Viewed', NOW - 2 * DAY, { category: 'Shoes' }],
    ]);
    expect(first.get('p2')!.events.map((e) => e.name)).toEqual(['Order Completed']);
    expect(cache.stats()).toMatchObject({ people: 2, hits: 0, misses: 2 });

    // Kept: the rows are no longer read (deleted behind the cache's back, they are still there).
    await db.database.kysely.deleteFrom('events').where('profile_id', '=', 'p2').execute();
    const again = await cache.read(db.database.kysely, repos, 'ws', ['p1', 'p2'], needs);
    expect(again.get('p2')!.events).toHaveLength(1);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2 });

    // A slice commits a new order of p1: it joins what is kept, in time order, cut to nothing (no filter reads it).
    const order = event('p1', 'Order Completed', NOW - 5 * DAY, { revenue: 30 });
    cache.committed(new Map([['p1', [{ profile_id: 'p1', seq: order.seq, type: 'track', event: 'Order Completed', timestamp: order.timestamp, payload: order.payload }]]]), []);
    cache.advanced(101);
    const withOrder = await cache.read(db.database.kysely, repos, 'ws', ['p1'], needs);
    expect(withOrder.get('p1')!.events.map((e) => [e.name, e.timestamp])).toEqual([
      ['Order Completed', NOW - 300 * DAY],
      ['Order Completed', NOW - 5 * DAY],
      ['Product Viewed', NOW - 2 * DAY],
    ]);
    expect(cache.stats().misses).toBe(2);

    // Rules that read more (an earlier window) read the person again.
    const wider = collectNeeds([rule({ type: 'event', event: 'Product Viewed', window: { last: { amount: 60, unit: 'days' } } })], context, NOW);
    const p1 = (await cache.read(db.database.kysely, repos, 'ws', ['p1'], wider)).get('p1')!;
    expect(p1.events.filter((e) => e.name === 'Product Viewed')).toHaveLength(2);
    expect(cache.stats().misses).toBe(3);

    // Another count of removals (an erasure, a purge), or a cursor moved by someone else: everything is read again.
    cache.validate(1, 101);
    expect(cache.stats().people).toBe(0);
    expect((await cache.read(db.database.kysely, repos, 'ws', ['p2'], needs)).get('p2')!.events).toEqual([]);
    cache.validate(1, 250);
    expect(cache.stats().people).toBe(0);
  });

  it('forgets merged people and keeps within its size, dropping those used longest ago', async () => {
    const db_ = db.database.kysely;
    const measure = new PeopleCache();
    measure.validate(0, 0);
    await measure.read(db_, repos, 'ws', ['p3'], needs);
    const one = measure.stats().bytes;
    expect(one).toBeGreaterThan(0);
    // Room for two people like p3 and p4 (one order each), not three.
    const cache = new PeopleCache({ maxBytes: 2 * one });
    cache.validate(0, 0);
    await cache.read(db_, repos, 'ws', ['p3'], needs);
    await cache.read(db_, repos, 'ws', ['p4'], needs);
    await cache.read(db_, repos, 'ws', ['p3'], needs); // p3 used last
    expect(cache.stats()).toMatchObject({ people: 2, hits: 1, misses: 2 });
    await cache.read(db_, repos, 'ws', ['p5'], needs); // a third person: one must make room
    expect(cache.stats()).toMatchObject({ people: 2, misses: 3 });
    await cache.read(db_, repos, 'ws', ['p3'], needs);
    expect(cache.stats().misses).toBe(3); // p3 stayed, and p5
    await cache.read(db_, repos, 'ws', ['p4'], needs);
    expect(cache.stats().misses).toBe(4); // p4, used longest ago, went first
    await cache.read(db_, repos, 'ws', ['p1'], needs); // more than two people's worth: kept only within the bound
    expect(cache.stats().bytes).toBeLessThanOrEqual(2 * one);
    // A person merged in a slice is read again.
    await cache.read(db_, repos, 'ws', ['p4'], needs);
    const before = cache.stats().misses;
    cache.committed(new Map(), ['p4']);
    await cache.read(db_, repos, 'ws', ['p4'], needs);
    expect(cache.stats().misses).toBe(before + 1);
  });
});

describe.each(testDialects())('people\'s memberships kept between reads (%s)', (dialect) => {
  let db: TestDatabase;
  const repos = createRepositories(dialect);
  beforeAll(async () => {
    db = await openTestDatabase(dialect);
    await repos.segments.addMembers(db.database.kysely, [
      { workspace_id: 'ws', segment_id: 's1', profile_id: 'p1', entered_at: 100 },
      { workspace_id: 'ws', segment_id: 's2', profile_id: 'p1', entered_at: 200 },
    ]);
  });
  afterAll(() => db.dispose());

  it('reads people once, follows the diffs written, and reads again after a rebuild or a removal', async () => {
    const kysely = db.database.kysely;
    const cache = new PeopleCache();
    cache.validate(0, 0);
    const first = await cache.memberships(kysely, repos, 'ws', ['p1', 'p2']);
    expect([...first.get('p1')!]).toEqual([
      ['s1', 100],
      ['s2', 200],
    ]);
    expect(first.get('p2')!.size).toBe(0);
    // Written by the processor and told to the cache: followed without reading.
    await repos.segments.removeMembers(kysely, 'ws', 's1', ['p1']);
    await repos.segments.addMembers(kysely, [{ workspace_id: 'ws', segment_id: 's3', profile_id: 'p2', entered_at: 300 }]);
    cache.membershipsWritten({ remove: [{ segmentId: 's1', profileId: 'p1' }], add: [{ workspace_id: 'ws', segment_id: 's3', profile_id: 'p2', entered_at: 300 }] });
    const second = await cache.memberships(kysely, repos, 'ws', ['p1', 'p2']);
    expect([...second.get('p1')!.keys()]).toEqual(['s2']);
    expect([...second.get('p2')!]).toEqual([['s3', 300]]);
    // Kept: a row written behind the cache's back is not seen, until a rebuild makes it read again.
    await repos.segments.addMembers(kysely, [{ workspace_id: 'ws', segment_id: 's4', profile_id: 'p2', entered_at: 400 }]);
    expect((await cache.memberships(kysely, repos, 'ws', ['p2'])).get('p2')!.has('s4')).toBe(false);
    cache.forgetMemberships();
    expect((await cache.memberships(kysely, repos, 'ws', ['p2'])).get('p2')!.has('s4')).toBe(true);
    // A removal (an erasure deletes memberships) empties it.
    await repos.segments.removeMembershipsOf(kysely, 'ws', ['p2']);
    cache.validate(1);
    expect(cache.stats().memberships).toBe(0);
    expect((await cache.memberships(kysely, repos, 'ws', ['p2'])).get('p2')!.size).toBe(0);
  });
});

/**
 * The processor keeps people's events between slices: what removes events behind it (here the retention purge) must
 * make it read them again, or a person's next event would be judged with events that are gone.
 */
describe.each(testDialects())('live segments after the retention purge on %s', (dialect) => {
  let f: EngineFixture;
  const clock = new ManualClock(NOW);
  beforeEach(async () => {
    clock.set(NOW);
    f = await engineFixture(dialect, { clock });
  });
  afterEach(async () => {
    await f.dispose();
  });

  it('judges a person by the events left, as the batch path does', async () => {
    const created = await f.engine.segments.create(f.workspaceId, {
      name: 'Viewed three times',
      purpose: null,
      rule: { version: 1, root: { type: 'event', event: 'Product Viewed', count: { op: 'gte', value: 3 } } },
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const segmentId = created.value.id;
    const view = (daysAgo: number) => ({ type: 'track', event: 'Product Viewed', anonymousId: 'a1', properties: { product_id: 'p' }, timestamp: new Date(clock.now() - daysAgo * DAY).toISOString() });
    await f.send('batch', { batch: [view(40), view(10)] });
    await f.drain();
    const db = f.engine.database.kysely;
    const members = () => f.engine.repos.segments.memberIds(db, f.workspaceId, segmentId, { limit: 10 });
    expect(await members()).toEqual([]);

    await f.engine.workspaces.update(f.workspaceId, { retention: { eventsDays: 30 } });
    expect((await f.engine.maintenance.runOnce()).eventsPurged).toBe(1);
    await f.send('track', view(0));
    await f.drain();

    const catalog = new SegmentCatalog(f.db.database, f.engine.repos, f.engine.workspaces, clock, silentLogger);
    const ws = await catalog.load(f.workspaceId, db);
    const live = ws.segments.find((s) => s.id === segmentId)!;
    const condition = compileRuleSql(live.rule, { dialect: ruleSqlDialect(dialect), context: ws.context, workspaceId: f.workspaceId, now: clock.now(), purpose: null });
    expect(await f.engine.repos.segments.idsMatching(db, f.workspaceId, condition, { limit: 10 })).toEqual([]);
    // Two views left: not a member (three would be, counting the purged one).
    expect(await members()).toEqual([]);

    await f.send('track', view(0));
    await f.drain();
    expect(await members()).toHaveLength(1);
  });
});
