import { ManualClock } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from '../testing/index.js';

const t = (iso: string) => Date.parse(iso);
const consent = (prefs: Record<string, boolean>) => ({ consent: { categoryPreferences: prefs } });

/**
 * A shop's week, told day by day with the clock moved to each day (profiles are created when the processor handles
 * their first event, rejected payloads are dated when received):
 * - 03-01: anonymous a1 browses and opts in to marketing; u1 identifies and opts out of analytics; one invalid body.
 * - 03-02: u1 orders (the order is sent twice: one event); anonymous a2 views two pages and denies advertising; a batch
 *   with a message without identity and one of an unknown type.
 * - 03-03: nothing.
 * - 03-04: a1 logs in as u2 (same profile, now identified); anonymous a3 opts in to marketing, then logs in as u1 and
 *   folds into u1's profile; one invalid body; one last event is accepted but not processed yet.
 * Another workspace's events and payloads must change none of the figures.
 */
describe.each(testDialects())('overview statistics on %s', (dialect) => {
  let f: EngineFixture;
  let clock: ManualClock;
  let other: string;

  beforeAll(async () => {
    clock = new ManualClock(t('2026-03-01T10:00:00Z'));
    f = await engineFixture(dialect, { clock });
    other = (await f.engine.workspaces.create('Other shop')).id;
    const otherEvent = (messageId: string, timestamp: string) =>
      f.engine.ingest.ingestMessages(other, [{ type: 'track', event: 'Product Viewed', userId: 'x1', messageId, timestamp }], { source: 'http' });

    await f.send('batch', {
      batch: [
        { type: 'page', anonymousId: 'a1', name: 'Home', timestamp: '2026-03-01T09:00:00Z' },
        { type: 'track', anonymousId: 'a1', event: 'Product Viewed', properties: { product_id: 'p1' }, context: consent({ Marketing: true }), timestamp: '2026-03-01T09:05:00Z' },
        { type: 'identify', userId: 'u1', traits: { email: 'u1@example.com' }, context: consent({ Analytics: false }), timestamp: '2026-03-01T09:30:00Z' },
      ],
    });
    expect((await f.send('track', '{"type": "track",')).status).toBe(400);
    await f.drain();

    clock.set('2026-03-02T15:00:00Z');
    const order = { type: 'track', userId: 'u1', event: 'Order Completed', messageId: 'order-1', properties: { order_id: 'o1', revenue: 30 }, timestamp: '2026-03-02T14:00:00Z' };
    await f.send('track', order);
    await f.send('track', order);
    const batch = await f.send('batch', {
      batch: [
        { type: 'page', anonymousId: 'a2', name: 'Home', context: consent({ Advertising: false }), timestamp: '2026-03-02T14:10:00Z' },
        { type: 'page', anonymousId: 'a2', name: 'Shoes', timestamp: '2026-03-02T14:20:00Z' },
        { type: 'track', event: 'Product Viewed', timestamp: '2026-03-02T14:30:00Z' },
        { type: 'purchase', userId: 'u1', timestamp: '2026-03-02T14:40:00Z' },
      ],
    });
    expect(batch.status).toBe(400);
    await otherEvent('other-1', '2026-03-02T12:00:00Z');
    await f.drain();

    clock.set('2026-03-04T08:00:00Z');
    await f.send('identify', { userId: 'u2', anonymousId: 'a1', timestamp: '2026-03-04T07:00:00Z' });
    await f.send('track', { anonymousId: 'a3', event: 'Product Viewed', context: consent({ Marketing: true }), timestamp: '2026-03-04T07:30:00Z' });
    await f.drain();
    await f.send('identify', { userId: 'u1', anonymousId: 'a3', timestamp: '2026-03-04T07:40:00Z' });
    await f.send('page', 'not json');
    await f.drain();
    // Accepted, durable, not processed: the backlog.
    await f.send('track', { userId: 'u1', event: 'Cart Viewed', timestamp: '2026-03-04T07:59:00Z' });
    await otherEvent('other-2', '2026-03-04T07:59:00Z');
    clock.advance(90_000);
  });

  afterAll(async () => {
    await f?.dispose();
  });

  it('counts every day of the range, zeros included', async () => {
    const result = await f.engine.stats.overview(f.workspaceId, { days: 5 });
    if (!result.ok) throw new Error(result.error.message);
    const o = result.value;
    expect(o.from).toBe('2026-02-28');
    expect(o.until).toBe('2026-03-04');
    expect(o.generatedAt).toBe('2026-03-04T08:01:30.000Z');
    expect(o.days).toEqual([
      { day: '2026-02-28', events: 0, activeProfiles: 0, newProfiles: 0, rejected: 0 },
      { day: '2026-03-01', events: 3, activeProfiles: 2, newProfiles: 2, rejected: 1 },
      { day: '2026-03-02', events: 3, activeProfiles: 2, newProfiles: 1, rejected: 2 },
      { day: '2026-03-03', events: 0, activeProfiles: 0, newProfiles: 0, rejected: 0 },
      // a3's event now belongs to u1; a3's profile, merged, is no new person.
      { day: '2026-03-04', events: 3, activeProfiles: 2, newProfiles: 0, rejected: 1 },
    ]);
  });

  it('counts people now: identified, and active in the last 1, 7 and 30 days', async () => {
    const result = await f.engine.stats.overview(f.workspaceId, { days: 30 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.days).toHaveLength(30);
    expect(result.value.profiles).toEqual({ total: 3, identified: 2, identifiedShare: 2 / 3, activeLast1Day: 2, activeLast7Days: 3, activeLast30Days: 3 });
  });

  it('counts consent per purpose: choices, people who made none, and the rate with defaults', async () => {
    const result = await f.engine.stats.overview(f.workspaceId, { days: 1 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.consent).toEqual([
      { purpose: 'analytics', default: 'granted', granted: 0, denied: 1, unknown: 2, grantedRate: 2 / 3 },
      { purpose: 'personalization', default: 'granted', granted: 0, denied: 0, unknown: 3, grantedRate: 1 },
      // u1 took a3's choice when a3 folded into it.
      { purpose: 'marketing', default: 'denied', granted: 2, denied: 0, unknown: 1, grantedRate: 2 / 3 },
      { purpose: 'advertising', default: 'denied', granted: 0, denied: 1, unknown: 2, grantedRate: 0 },
    ]);
  });

  it('reports rejected payloads by reason and the backlog of the processor', async () => {
    const result = await f.engine.stats.overview(f.workspaceId, { days: 7 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.ingestion).toEqual({
      events: 9,
      rejected: 4,
      rejectedByCode: [
        { code: 'ERR_INGEST_INVALID_JSON', count: 2 },
        { code: 'ERR_INGEST_MISSING_IDENTITY', count: 1 },
        { code: 'ERR_INGEST_UNKNOWN_TYPE', count: 1 },
      ],
      unprocessed: 1,
      oldestUnprocessedSeconds: 90,
    });
  });

  it('ends the range on the day asked for', async () => {
    const result = await f.engine.stats.overview(f.workspaceId, { days: 2, until: '2026-03-02' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.days.map((d) => [d.day, d.events, d.activeProfiles, d.newProfiles, d.rejected])).toEqual([
      ['2026-03-01', 3, 2, 2, 1],
      ['2026-03-02', 3, 2, 1, 2],
    ]);
    expect(result.value.ingestion.rejectedByCode).toEqual([
      { code: 'ERR_INGEST_INVALID_JSON', count: 1 },
      { code: 'ERR_INGEST_MISSING_IDENTITY', count: 1 },
      { code: 'ERR_INGEST_UNKNOWN_TYPE', count: 1 },
    ]);
  });

  it('refuses days outside 1 to 365 and days not on the calendar', async () => {
    expect(await f.engine.stats.overview(f.workspaceId, { days: 0 })).toMatchObject({ ok: false, error: { field: 'days' } });
    expect(await f.engine.stats.overview(f.workspaceId, { days: 366 })).toMatchObject({ ok: false, error: { field: 'days' } });
    expect(await f.engine.stats.overview(f.workspaceId, { days: 7, until: '2026-02-29' })).toMatchObject({ ok: false, error: { field: 'until' } });
  });

  it('counts the other workspace on its own', async () => {
    const result = await f.engine.stats.overview(other, { days: 5 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.days.map((d) => d.events)).toEqual([0, 0, 1, 0, 0]);
    expect(result.value.profiles).toMatchObject({ total: 1, identified: 1, identifiedShare: 1 });
    expect(result.value.ingestion).toMatchObject({ rejected: 0, rejectedByCode: [], unprocessed: 1, oldestUnprocessedSeconds: 90 });
  });
});
