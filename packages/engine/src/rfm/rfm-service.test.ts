import { ManualClock } from '@rapport/core';
import type { RfmCustomerView } from '@rapport/contracts';
import type { RfmRepository } from '@rapport/storage';
import { testDialects } from '@rapport/storage/testing';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from '../testing/index.js';
import { rfmPrivacyStores } from './rfm-privacy.js';
import { RfmService } from './rfm-service.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** "Now" of every test, and so the default asOf. */
const NOW = Date.UTC(2026, 6, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const ago = (ms: number) => iso(NOW - ms);

type Message = Record<string, unknown>;
const identify = (userId: string): Message => ({ type: 'identify', userId, traits: { name: userId }, timestamp: iso(NOW - 400 * DAY) });
let orderSeq = 0;
const order = (who: { userId?: string; anonymousId?: string }, revenue: number, timestamp: string): Message => ({
  type: 'track',
  ...who,
  event: 'Order Completed',
  properties: { order_id: `o-${++orderSeq}`, revenue },
  timestamp,
});
const refund = (userId: string, revenue: number, timestamp: string): Message => ({ type: 'track', userId, event: 'Order Refunded', properties: { order_id: `r-${++orderSeq}`, revenue }, timestamp });

/** The named segments by [r − 1][f − 1], written out from docs/rfm.md. */
const SEGMENTS = [
  ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
  ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
  ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal Customers', 'Loyal Customers'],
  ['Promising', 'Potential Loyalists', 'Potential Loyalists', 'Loyal Customers', 'Loyal Customers'],
  ['New Customers', 'Potential Loyalists', 'Potential Loyalists', 'Champions', 'Champions'],
];

/** A small seeded PRNG (mulberry32), so that the random population is the same at every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testDialects())('RFM model on %s', (dialect) => {
  let f: EngineFixture;
  let clock: ManualClock;
  let rfm: RfmService;
  let repo: RfmRepository;
  beforeEach(async () => {
    clock = new ManualClock(NOW);
    f = await engineFixture(dialect, { clock });
    repo = f.engine.repos.rfm;
    rfm = new RfmService({ database: f.engine.database, repos: f.engine.repos, rfm: repo, workspaces: f.engine.workspaces, clock });
  });
  afterEach(async () => {
    await f.dispose();
  });

  const send = async (messages: Message[]) => {
    for (let i = 0; i < messages.length; i += 200) {
      const answer = await f.send('batch', { batch: messages.slice(i, i + 200) });
      expect(answer.status).toBe(200);
    }
    await f.drain();
  };
  const profileId = async (userId: string) => (await f.engine.profiles.find(f.workspaceId, userId))!.id;
  const keyedByUser = (items: RfmCustomerView[]) => Object.fromEntries(items.map(({ userId, profileId: _, ...rest }) => [userId, rest]));
  /** The model's customers keyed by userId, computed on the fly as of `asOf` (default now). */
  const byUser = async (asOf = clock.now()) => keyedByUser((await rfm.view(f.workspaceId, { asOf: iso(asOf), limit: 500 })).items);
  /** The customers of the stored model (the last refresh), keyed by userId. */
  const storedByUser = async () => {
    const view = await rfm.view(f.workspaceId, { limit: 500 });
    expect(view.stored).toBe(true);
    return keyedByUser(view.items);
  };

  /**
   * Five customers, a guest, a person with only a refund, and orders after asOf. By hand, as of NOW:
   *   ada  recency 10 (last order 10 d 5 h ago), 2 orders, 40 + 60 − 25 refunded = 75
   *   bob  recency 100, 1 order, 500
   *   cy   recency 0 (12 h ago), 3 orders, 60
   *   dee  recency 50, 1 order, 15
   *   eve  recency 17, 4 orders, 400
   */
  const shop = () =>
    send([
      ...['ada', 'bob', 'cy', 'dee', 'eve', 'fay'].map(identify),
      order({ userId: 'ada' }, 40, ago(30 * DAY)),
      order({ userId: 'ada' }, 60, ago(10 * DAY + 5 * HOUR)),
      refund('ada', 25, ago(5 * DAY)),
      order({ userId: 'ada' }, 999, iso(NOW + 2 * HOUR)), // after asOf
      order({ userId: 'bob' }, 500, ago(100 * DAY)),
      order({ userId: 'cy' }, 20, ago(2 * DAY)),
      order({ userId: 'cy' }, 20, ago(DAY)),
      order({ userId: 'cy' }, 20, ago(12 * HOUR)),
      order({ userId: 'dee' }, 15, ago(50 * DAY)),
      ...[20, 19, 18, 17].map((d) => order({ userId: 'eve' }, 100, ago(d * DAY))),
      order({ anonymousId: 'guest-1' }, 1000, ago(DAY)), // no userId: not a customer of the model
      refund('fay', 30, ago(3 * DAY)), // a refund but no order
      order({ userId: 'gus' }, 70, iso(NOW + HOUR)), // only after asOf
    ]);

  it("measures identified customers' recency, frequency and net revenue, and scores them against hand-computed quintiles", async () => {
    await shop();
    const model = await rfm.compute(f.workspaceId);
    expect(model.asOf).toBe(NOW);
    expect(model.windowDays).toBeNull();
    expect(await byUser()).toEqual({
      // Recency cuts 8, 14.2, 30.2, 60; frequency 1, 1.6, 2.4, 3.2; monetary 51, 69, 205, 420 (see below).
      ada: { recencyDays: 10, frequency: 2, monetary: 75, r: 4, f: 3, m: 3, segment: 'Potential Loyalists' },
      bob: { recencyDays: 100, frequency: 1, monetary: 500, r: 1, f: 1, m: 5, segment: 'Hibernating' },
      cy: { recencyDays: 0, frequency: 3, monetary: 60, r: 5, f: 4, m: 2, segment: 'Champions' },
      dee: { recencyDays: 50, frequency: 1, monetary: 15, r: 2, f: 1, m: 1, segment: 'Hibernating' },
      eve: { recencyDays: 17, frequency: 4, monetary: 400, r: 3, f: 5, m: 4, segment: 'Loyal Customers' },
    });
    // n = 5: positions 0.8, 1.6, 2.4, 3.2 of the sorted values.
    const cuts = model.cutPoints!;
    [8, 14.2, 30.2, 60].forEach((v, i) => expect(cuts.recency[i]).toBeCloseTo(v, 9)); // 0 10 17 50 100
    [1, 1.6, 2.4, 3.2].forEach((v, i) => expect(cuts.frequency[i]).toBeCloseTo(v, 9)); // 1 1 2 3 4
    [51, 69, 205, 420].forEach((v, i) => expect(cuts.monetary[i]).toBeCloseTo(v, 9)); // 15 60 75 400 500
    expect(model.counts).toMatchObject({ Hibernating: 2, 'Potential Loyalists': 1, Champions: 1, 'Loyal Customers': 1, 'New Customers': 0 });
    expect(model.grid).toEqual([
      [1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 1, 0],
    ]);
  });

  it('counts only the orders and refunds in the window (asOf − N days, asOf], never after asOf', async () => {
    const asOf = NOW - 7 * DAY;
    const from = asOf - 40 * DAY;
    await send([
      identify('in'),
      identify('out'),
      order({ userId: 'in' }, 10, iso(from + 1)), // just inside
      refund('in', 4, iso(from)), // on the lower bound: outside
      refund('in', 1, iso(asOf)), // on asOf: inside
      order({ userId: 'in' }, 5, iso(asOf + 1)), // after asOf
      order({ userId: 'out' }, 10, iso(from)), // on the lower bound: outside
      order({ userId: 'at' }, 8, iso(asOf)),
    ]);
    const windowed = await rfm.compute(f.workspaceId, { asOf, windowDays: 40 });
    expect(windowed.customers.map(({ profileId: _, ...c }) => c)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recencyDays: 39, frequency: 1, monetary: 9 }), // in: 40 days minus 1 ms → 39
        expect.objectContaining({ recencyDays: 0, frequency: 1, monetary: 8 }), // at
      ]),
    );
    expect(windowed.customers).toHaveLength(2);
    expect(windowed.windowDays).toBe(40);

    // All time: the lower bounds no longer apply.
    const allTime = await rfm.compute(f.workspaceId, { asOf, windowDays: null });
    expect(allTime.customers).toHaveLength(3);
    const inAllTime = allTime.customers.find((c) => c.profileId === windowed.customers.find((w) => w.monetary === 9)!.profileId);
    expect(inAllTime).toMatchObject({ frequency: 1, monetary: 5 });

    // The workspace's window is the default.
    expect((await f.engine.workspaces.update(f.workspaceId, { rfm: { windowDays: 40 } })).ok).toBe(true);
    expect((await rfm.compute(f.workspaceId, { asOf })).customers).toHaveLength(2);
  });

  it("counts a guest's orders once they log in, never a guest's", async () => {
    await send([order({ anonymousId: 'device-1' }, 30, ago(3 * DAY)), order({ anonymousId: 'device-2' }, 50, ago(2 * DAY))]);
    expect((await rfm.compute(f.workspaceId)).customers).toEqual([]);
    await send([{ type: 'identify', userId: 'ivy', anonymousId: 'device-1', timestamp: ago(DAY) }, order({ userId: 'ivy' }, 20, ago(DAY))]);
    expect(await byUser()).toEqual({ ivy: { recencyDays: 1, frequency: 2, monetary: 50, r: 5, f: 1, m: 1, segment: 'New Customers' } });
  });

  it('computes for now without storing before the first refresh', async () => {
    const view = await rfm.view(f.workspaceId, {});
    expect(view).toMatchObject({ stored: false, customers: 0, asOf: iso(NOW), computedAt: iso(NOW), cutPoints: null, items: [], nextCursor: null });
    expect(Object.values(view.counts)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await f.engine.database.kysely.selectFrom('rfm_runs').selectAll().execute()).toEqual([]);
  });

  it('stores a refresh that segment rules read, pages it, and replaces it at the next refresh', async () => {
    // The processor's jobs refresh on schedule (the first time when the shop has no model yet); not again here.
    expect((await f.engine.workspaces.update(f.workspaceId, { rfm: { refreshHours: 744 } })).ok).toBe(true);
    await shop();
    const runs = () => f.engine.database.kysely.selectFrom('rfm_runs').select('id').where('workspace_id', '=', f.workspaceId).execute();
    const scheduled = (await runs()).length;
    const run = await rfm.refresh(f.workspaceId);
    expect(run).toMatchObject({ asOf: NOW, windowDays: null, customers: 5, counts: { Hibernating: 2, Champions: 1 } });
    // After the scheduled run of the same (manual) millisecond: a millisecond later, so that it is the latest.
    expect(run.computedAt).toBe(NOW + scheduled);
    expect(await runs()).toHaveLength(scheduled + 1);
    expect(await f.engine.database.kysely.selectFrom('rfm_scores').select('profile_id').where('workspace_id', '=', f.workspaceId).execute()).toHaveLength(5);

    // Pages of 2 in profile id order, until the end.
    const seen: string[] = [];
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const page = await rfm.view(f.workspaceId, { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      expect(page).toMatchObject({ stored: true, customers: 5, asOf: iso(NOW), computedAt: iso(run.computedAt) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.userId!));
      ids.push(...page.items.map((i) => i.profileId));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual(['ada', 'bob', 'cy', 'dee', 'eve']);
    expect(ids).toEqual([...ids].sort());
    const hibernating = await rfm.view(f.workspaceId, { segment: 'Hibernating' });
    expect(hibernating.items.map((i) => i.userId).sort()).toEqual(['bob', 'dee']);
    expect(hibernating.counts.Hibernating).toBe(2);

    const scores = await rfm.scoresOf(f.workspaceId, [await profileId('cy'), await profileId('fay')]);
    expect([...scores.values()]).toEqual([expect.objectContaining({ recencyDays: 0, frequency: 3, monetary: 60, r: 5, f: 4, m: 2, segment: 'Champions' })]);

    // Time passes and dee orders again: the stored model changes only at the next refresh.
    clock.advance(3 * DAY);
    await send([order({ userId: 'dee' }, 1000, iso(clock.now()))]);
    expect((await storedByUser()).dee).toMatchObject({ recencyDays: 50, frequency: 1 });
    const next = await rfm.refresh(f.workspaceId);
    expect(next.asOf).toBe(NOW + 3 * DAY);
    const stored = await storedByUser();
    expect(stored.dee).toMatchObject({ recencyDays: 0, frequency: 2, monetary: 1015 });
    expect(stored.bob).toMatchObject({ recencyDays: 103 });
  });

  it('computes on the fly, without storing, for an asOf in the past', async () => {
    await shop();
    await rfm.refresh(f.workspaceId);
    const past = await rfm.view(f.workspaceId, { asOf: ago(15 * DAY) });
    expect(past).toMatchObject({ stored: false, asOf: ago(15 * DAY), customers: 4 }); // cy's orders are all later
    expect((await byUser(NOW - 15 * DAY)).ada).toMatchObject({ recencyDays: 15, frequency: 1, monetary: 40 });
    expect(await f.engine.database.kysely.selectFrom('rfm_runs').select('as_of').execute()).not.toContainEqual({ as_of: NOW - 15 * DAY });
    expect(await rfm.view(f.workspaceId, {})).toMatchObject({ stored: true, customers: 5, asOf: iso(NOW) });
  });

  it('does not write back a person erased while a refresh was being computed, and exports and erases scores', async () => {
    await shop();
    let erasedOnce = false;
    const erasingRepo = Object.assign(Object.create(repo) as RfmRepository, {
      customerMeasures: async (...args: Parameters<RfmRepository['customerMeasures']>) => {
        const rows = await repo.customerMeasures(...args);
        if (!erasedOnce) {
          erasedOnce = true;
          await f.engine.privacy.erase((await f.engine.profiles.subject(f.workspaceId, 'ada'))!, 'ada', 'test');
        }
        return rows;
      },
    });
    const racing = new RfmService({ database: f.engine.database, repos: f.engine.repos, rfm: erasingRepo, workspaces: f.engine.workspaces, clock });
    const run = await racing.refresh(f.workspaceId);
    expect(erasedOnce).toBe(true);
    expect(run.customers).toBe(4);
    expect(Object.keys(await storedByUser()).sort()).toEqual(['bob', 'cy', 'dee', 'eve']);

    const [store] = rfmPrivacyStores(repo);
    const subject = (await f.engine.profiles.subject(f.workspaceId, 'bob'))!;
    const exported = [];
    for await (const record of store!.exportRecords(f.engine.database.kysely, subject)) exported.push(record);
    expect(exported).toEqual([expect.objectContaining({ profileId: subject.profileId, frequency: 1, monetary: 500, segment: expect.any(String) })]);
    expect(await store!.erase(f.engine.database.kysely, subject)).toBe(1);
    expect((await rfm.scoresOf(f.workspaceId, [subject.profileId])).size).toBe(0);
  });

  it('finds the same cut points and scores as a straightforward computation, on 300 random customers', async () => {
    const rand = random(20260701);
    const messages: Message[] = [];
    const truth = new Map<string, { last: number; orders: number; cents: number }>();
    for (let i = 0; i < 300; i++) {
      const userId = `c-${String(i).padStart(3, '0')}`;
      messages.push(identify(userId));
      const orders = 1 + Math.floor(rand() ** 2 * 6);
      const t = { last: -Infinity, orders: 0, cents: 0 };
      for (let k = 0; k < orders; k++) {
        const at = NOW - Math.floor(rand() * 400 * DAY);
        const cents = 500 + Math.floor(rand() * 30_000);
        messages.push(order({ userId }, cents / 100, iso(at)));
        t.last = Math.max(t.last, at);
        t.orders++;
        t.cents += cents;
        if (rand() < 0.15) {
          const back = Math.floor(cents * rand());
          messages.push(refund(userId, back / 100, iso(Math.min(NOW, at + DAY))));
          t.cents -= back;
        }
      }
      if (rand() < 0.1) messages.push(order({ userId }, 99, iso(NOW + HOUR))); // after asOf
      truth.set(userId, t);
    }
    for (let i = 0; i < 20; i++) messages.push(order({ anonymousId: `guest-${i}` }, 10 + i, ago(i * DAY)));
    await send(messages);

    const model = await rfm.compute(f.workspaceId);
    expect(model.customers).toHaveLength(300);
    const measures = [...truth.values()].map((t) => ({ recency: Math.floor((NOW - t.last) / DAY), frequency: t.orders, monetary: t.cents / 100 }));
    const percentile = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      const pos = (sorted.length - 1) * p;
      const lo = Math.floor(pos);
      const hi = Math.ceil(pos);
      return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
    };
    const expected = {
      recency: [0.2, 0.4, 0.6, 0.8].map((p) => percentile(measures.map((m) => m.recency), p)),
      frequency: [0.2, 0.4, 0.6, 0.8].map((p) => percentile(measures.map((m) => m.frequency), p)),
      monetary: [0.2, 0.4, 0.6, 0.8].map((p) => percentile(measures.map((m) => m.monetary), p)),
    };
    for (const measure of ['recency', 'frequency', 'monetary'] as const) {
      expected[measure].forEach((v, i) => expect(model.cutPoints![measure][i], `${measure} p${(i + 1) * 20}`).toBeCloseTo(v, 6));
      if (dialect === 'postgres') {
        // PostgreSQL's own PERCENTILE_CONT over the same values.
        const values = measures.map((m) => m[measure]);
        const pg = await sql<{ q: number[] }>`SELECT percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY x) AS q FROM unnest(${values}::float8[]) AS t(x)`.execute(
          f.engine.database.kysely,
        );
        pg.rows[0]!.q.forEach((v, i) => expect(model.cutPoints![measure][i], `${measure} p${(i + 1) * 20} (PostgreSQL)`).toBeCloseTo(v, 6));
      }
    }

    const below = (cuts: number[], v: number) => cuts.filter((c) => c < v).length;
    const actual = await byUser();
    for (const [userId, t] of truth) {
      const recency = Math.floor((NOW - t.last) / DAY);
      const monetary = t.cents / 100;
      const r = 5 - below(expected.recency, recency);
      const fr = 1 + below(expected.frequency, t.orders);
      const m = 1 + below(expected.monetary, monetary);
      expect(actual[userId], userId).toEqual({ recencyDays: recency, frequency: t.orders, monetary, r, f: fr, m, segment: SEGMENTS[r - 1]![fr - 1] });
    }
    expect(Object.values(model.counts).reduce((a, b) => a + b, 0)).toBe(300);
  });
});
