import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_FILES } from '@rapport/storage';
import { ManualClock } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { noopMetrics } from '../metrics/index.js';
import { engineFixture, type EngineFixture } from '../testing/index.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 10) + minutes * 60_000).toISOString();

describe.each(testDialects())('processing on %s', (dialect) => {
  let f: EngineFixture;
  beforeEach(async () => {
    f = await engineFixture(dialect);
  });
  afterEach(async () => {
    await f.dispose();
  });

  const profile = (id: string) => f.engine.profiles.view(f.workspaceId, id);
  const timeline = async (id: string) => {
    const p = await f.engine.profiles.find(f.workspaceId, id);
    return (await f.engine.profiles.timeline(f.workspaceId, p!.id, { limit: 100 })).items;
  };

  it('follows a visitor from anonymous browsing to a login and merges their history', async () => {
    await f.send('batch', {
      batch: [
        { type: 'track', event: 'Product Viewed', anonymousId: 'anon-1', properties: { product_id: 'p1', category: 'Shoes' }, timestamp: at(0) },
        { type: 'page', anonymousId: 'anon-1', name: 'Home', timestamp: at(1) },
      ],
    });
    await f.send('track', { event: 'Order Completed', userId: 'u-1', properties: { order_id: 'o1', revenue: 20 }, timestamp: at(-600) });
    await f.drain();
    expect((await profile('anon-1'))?.id).not.toBe((await profile('u-1'))?.id);

    await f.send('identify', { userId: 'u-1', anonymousId: 'anon-1', traits: { email: 'ada@example.com' }, timestamp: at(2) });
    await f.drain();
    const merged = await profile('anon-1');
    expect(merged).toMatchObject({ userIds: ['u-1'], anonymousIds: ['anon-1'], traits: { email: 'ada@example.com' } });
    expect(await profile('u-1')).toEqual(merged);
    expect(merged?.features).toMatchObject({ orders: 1, revenue: 20, pageViews: 1, products: { viewed: 1 }, categories: { viewed: { Shoes: 1 } } });
    expect((await timeline('u-1')).map((e) => e.type)).toEqual(['identify', 'page', 'track', 'track']);
  });

  it('merges two identified profiles on alias, and repeated or looping aliases change nothing', async () => {
    await f.send('track', { event: 'Order Completed', userId: 'old-id', properties: { revenue: 5 }, timestamp: at(0) });
    await f.send('track', { event: 'Order Completed', userId: 'new-id', properties: { revenue: 7 }, timestamp: at(1) });
    await f.drain();
    await f.send('alias', { previousId: 'old-id', userId: 'new-id', timestamp: at(2) });
    await f.send('alias', { previousId: 'old-id', userId: 'new-id', timestamp: at(3) });
    await f.send('alias', { previousId: 'new-id', userId: 'old-id', timestamp: at(4) });
    await f.drain();
    const p = await profile('old-id');
    expect(p?.userIds.sort()).toEqual(['new-id', 'old-id']);
    expect(p?.features).toMatchObject({ orders: 2, revenue: 12 });
    expect((await f.engine.profiles.list(f.workspaceId, {})).items).toHaveLength(1);
  });

  it('keeps the earlier creation time when two stored profiles merge', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 10));
    const g = await engineFixture(dialect, { clock });
    try {
      await g.send('track', { event: 'Product Viewed', anonymousId: 'early', timestamp: at(0) });
      await g.drain();
      clock.advance(3 * 86_400_000);
      await g.send('track', { event: 'Product Viewed', userId: 'late', timestamp: at(1) });
      await g.drain();
      await g.send('identify', { userId: 'late', anonymousId: 'early', timestamp: at(2) });
      await g.drain();
      const merged = await g.engine.profiles.view(g.workspaceId, 'late');
      expect(merged?.createdAt).toBe(new Date(Date.UTC(2026, 5, 1, 10)).toISOString());
    } finally {
      await g.dispose();
    }
  });

  it('does not merge two people who used the same device', async () => {
    await f.send('identify', { userId: 'alice', anonymousId: 'device-1', timestamp: at(0) });
    await f.send('identify', { userId: 'bob', anonymousId: 'device-1', timestamp: at(1) });
    await f.drain();
    const alice = await profile('alice');
    const bob = await profile('bob');
    expect(alice?.id).not.toBe(bob?.id);
    expect(bob?.userIds).toEqual(['bob']);
    expect(alice?.anonymousIds).toEqual(['device-1']);
  });

  it('merges within one slice, keeping every event of both profiles', async () => {
    await f.send('batch', {
      batch: [
        { type: 'track', event: 'Product Viewed', anonymousId: 'a', properties: { product_id: 'x' }, timestamp: at(0) },
        { type: 'track', event: 'Product Added', userId: 'u', properties: { product_id: 'x' }, timestamp: at(1) },
        { type: 'identify', userId: 'u', anonymousId: 'a', timestamp: at(2) },
        { type: 'track', event: 'Product Viewed', anonymousId: 'a', properties: { product_id: 'y' }, timestamp: at(3) },
      ],
    });
    await f.drain();
    const p = await profile('a');
    expect(p?.userIds).toEqual(['u']);
    expect(p?.features.products).toEqual({ viewed: 2, added: 1, purchased: 0 });
    expect(await timeline('u')).toHaveLength(4);
  });

  it('sets traits by event time, not by arrival', async () => {
    await f.send('identify', { userId: 'u', traits: { plan: 'gold', city: 'Paris' }, timestamp: at(10) });
    await f.send('identify', { userId: 'u', traits: { plan: 'silver', name: 'Ada' }, timestamp: at(5) });
    await f.drain();
    expect((await profile('u'))?.traits).toEqual({ plan: 'gold', city: 'Paris', name: 'Ada' });
  });

  it('counts a messageId once and keeps a different payload under the same id aside as a conflict', async () => {
    const event = { event: 'Product Viewed', anonymousId: 'a', messageId: 'm-1', properties: { product_id: 'p' }, timestamp: at(0) };
    expect((await f.send('track', event)).status).toBe(200);
    expect((await f.send('track', { ...event, sentAt: at(1) })).status).toBe(200); // a retry: same message, new sentAt
    await f.drain();
    expect((await f.send('track', { ...event, properties: { product_id: 'other' } })).status).toBe(200);
    await f.drain();
    expect(await timeline('a')).toHaveLength(1);
    expect((await profile('a'))?.features.eventCounts).toEqual({ 'Product Viewed': 1 });
    const rejected = await f.engine.rejected.list({ workspaceId: f.workspaceId, limit: 10 });
    expect(rejected.items.map((r) => [r.code, r.messageId])).toEqual([['ERR_INGEST_MESSAGE_ID_CONFLICT', 'm-1']]);
    expect(JSON.parse(rejected.items[0]!.body)).toMatchObject({ properties: { product_id: 'other' } });
  });

  it('respects consent from categoryPreferences: no personalization data without it, and forgets it on withdrawal', async () => {
    const view = (product: string, minute: number, prefs?: Record<string, boolean>) => ({
      type: 'track',
      event: 'Product Viewed',
      anonymousId: 'a',
      properties: { product_id: product, category: 'Hats' },
      context: { location: { latitude: 48.8566, longitude: 2.3522, city: 'Paris' }, ...(prefs ? { consent: { categoryPreferences: prefs } } : {}) },
      timestamp: at(minute),
    });
    await f.send('batch', { batch: [view('p1', 0), view('p2', 1, { Functional: false })] });
    await f.drain();
    let p = await profile('a');
    expect(p?.consent['personalization']).toMatchObject({ granted: false, source: 'event' });
    expect(p?.features).toMatchObject({ products: { viewed: 0 }, categories: { viewed: {} }, categoryAffinity: {}, location: null });
    expect(p?.features.eventCounts).toEqual({ 'Product Viewed': 2 }); // analytics is still granted by default
    await f.send('batch', { batch: [view('p3', 2, { Functional: true })] });
    await f.drain();
    p = await profile('a');
    expect(p?.features).toMatchObject({ products: { viewed: 1 }, categoryAffinity: { Hats: 1 }, location: { city: 'Paris', latitude: 48.86 } });
    const history = await f.engine.consent.get(f.workspaceId, 'a');
    expect(history?.history.map((h) => [h.purpose, h.granted])).toEqual([
      ['personalization', false],
      ['personalization', true],
    ]);
  });

  it('takes over processing when the process holding the lease went away', async () => {
    // Another process took the lease and died: it expires in 1.5 s and nobody renews it.
    await f.engine.repos.processor.acquireLease(f.engine.database.kysely, { name: 'processor', owner: 'dead-process', now: Date.now(), expiresAt: Date.now() + 1500 });
    await f.send('track', { event: 'Waiting', anonymousId: 'w' });
    const started = performance.now();
    await f.drain();
    expect(performance.now() - started).toBeGreaterThan(1000);
    expect(await timeline('w')).toHaveLength(1);
  });

  it('corrects clock skew with sentAt and flags events from the future', async () => {
    // The device clock is 2 hours ahead: it sent at 14:00 device time an event of 13:55 device time.
    const before = Date.now();
    await f.send('track', { event: 'Skewed', anonymousId: 'a', timestamp: '2030-01-01T13:55:00Z', sentAt: '2030-01-01T14:00:00Z' });
    await f.send('track', { event: 'Future', anonymousId: 'a', timestamp: '2099-01-01T00:00:00Z' });
    await f.drain();
    const events = await timeline('a');
    const skewed = events.find((e) => e.event === 'Skewed')!;
    const lag = Date.parse(skewed.receivedAt) - Date.parse(skewed.timestamp);
    expect(lag).toBe(5 * 60_000);
    expect(Date.parse(skewed.receivedAt)).toBeGreaterThanOrEqual(before);
    expect(skewed.originalTimestamp).toBe('2030-01-01T13:55:00.000Z');
    const future = events.find((e) => e.event === 'Future')!;
    expect(future.flags).toEqual(['future_timestamp']);
    expect(Date.parse((await profile('a'))!.features.lastSeenAt!)).toBeLessThan(Date.parse('2099-01-01'));
  });
});

describe.each(testDialects())('slices on %s', (dialect) => {
  it('keeps a slice of large events within 4 MB of payload, and still processes every event', async () => {
    const slices: number[] = [];
    const f = await engineFixture(dialect, { metrics: () => ({ ...noopMetrics, sliceProcessed: (events) => void slices.push(events) }) });
    try {
      // 210 events of about 30 KB (within the 32 KiB limit), 15 to a batch (within the 500 KiB limit): 6.3 MB in all.
      const filler = 'x'.repeat(30_000);
      for (let b = 0; b < 14; b++) {
        const batch = Array.from({ length: 15 }, (_, i) => ({ type: 'track', event: 'Big', anonymousId: `a-${b}-${i}`, properties: { filler }, timestamp: at(b) }));
        expect(await f.send('batch', { batch })).toMatchObject({ status: 200 });
      }
      await f.drain();
      expect(slices.reduce((a, b) => a + b, 0)).toBe(210);
      expect(Math.max(...slices)).toBeLessThanOrEqual(Math.floor((4 * 1024 * 1024) / 30_000));
      expect((await f.engine.profiles.list(f.workspaceId, {})).items.length).toBeGreaterThan(0);
    } finally {
      await f.dispose();
    }
  });
});

describe.each(testDialects())('the event log on %s', (dialect) => {
  it('deletes processed rows from the log once the processor is idle, and keeps every event', async () => {
    const f = await engineFixture(dialect);
    try {
      // 4,500 events: more rows than one truncation transaction deletes.
      for (let b = 0; b < 9; b++) {
        const batch = Array.from({ length: 500 }, (_, i) => ({ type: 'track', event: 'Logged', anonymousId: `a-${i % 50}`, timestamp: at(b) }));
        expect(await f.send('batch', { batch })).toMatchObject({ status: 200 });
      }
      const logRows = async () => Number((await f.db.database.log.selectFrom('event_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      expect(await logRows()).toBe(4500);
      f.engine.processor.start();
      const deadline = Date.now() + 20_000;
      while ((await logRows()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await logRows()).toBe(0);
      const events = await f.db.database.kysely.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', f.workspaceId).executeTakeFirstOrThrow();
      expect(Number(events.n)).toBe(4500);
    } finally {
      await f.dispose();
    }
  });

  it.runIf(dialect === 'sqlite')('processes events sent after an older log file was restored: the log’s seqs go on after the cursor', async () => {
    const f = await engineFixture(dialect);
    try {
      const batch = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ type: 'track', event: 'Logged', anonymousId: `r-${from + i}`, timestamp: at(0) }));
      expect(await f.send('batch', { batch: batch(3, 0) })).toMatchObject({ status: 200 });
      await f.drain();
      // The log file as a backup taken before those three events would have it: empty, its sequence at 0.
      const log = new BetterSqlite3(join(f.db.dataDir, SQLITE_FILES.log));
      log.exec("DELETE FROM event_log; UPDATE sqlite_sequence SET seq = 0 WHERE name = 'event_log'");
      log.close();
      await f.engine.start({ background: false });
      expect(await f.send('batch', { batch: batch(2, 3) })).toMatchObject({ status: 200 });
      expect((await f.db.database.log.selectFrom('event_log').select('seq').execute()).map((r) => r.seq)).toEqual([4, 5]);
      await f.drain();
      const events = await f.db.database.kysely.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', f.workspaceId).executeTakeFirstOrThrow();
      expect(Number(events.n)).toBe(5);
    } finally {
      await f.dispose();
    }
  });
});
