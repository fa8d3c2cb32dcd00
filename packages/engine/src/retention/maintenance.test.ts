import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { engineFixture, type EngineFixture } from '../testing/index.js';

const DAY = 24 * 3600 * 1000;

describe.each(testDialects())('retention on %s', (dialect) => {
  let f: EngineFixture;
  const clock = new ManualClock('2026-06-01T00:00:00Z');
  beforeEach(async () => {
    clock.set('2026-06-01T00:00:00Z');
    f = await engineFixture(dialect, { clock });
  });
  afterEach(async () => {
    await f.dispose();
  });

  const count = async (table: 'events' | 'message_ids' | 'rejected_events') =>
    Number((await f.engine.database.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('purges events past the workspace retention, keeping the profile aggregates', async () => {
    await f.engine.workspaces.update(f.workspaceId, { retention: { eventsDays: 30 } });
    await f.send('batch', {
      batch: [
        { type: 'track', event: 'Order Completed', userId: 'u', properties: { revenue: 10 }, timestamp: new Date(clock.now() - 40 * DAY).toISOString() },
        { type: 'track', event: 'Order Completed', userId: 'u', properties: { revenue: 5 }, timestamp: new Date(clock.now() - 10 * DAY).toISOString() },
      ],
    });
    await f.drain();
    const report = await f.engine.maintenance.runOnce();
    expect(report.eventsPurged).toBe(1);
    const left = await f.engine.profiles.timeline(f.workspaceId, (await f.engine.profiles.find(f.workspaceId, 'u'))!.id, {});
    expect(left.items.map((e) => e.properties?.['revenue'])).toEqual([5]);
    expect((await f.engine.profiles.view(f.workspaceId, 'u'))?.features).toMatchObject({ orders: 2, revenue: 15 });
  });

  it('keeps everything when the workspace sets no event retention', async () => {
    await f.send('track', { event: 'Old', anonymousId: 'a', timestamp: '2001-01-01T00:00:00Z' });
    await f.drain();
    expect((await f.engine.maintenance.runOnce()).eventsPurged).toBe(0);
    expect(await count('events')).toBe(1);
  });

  it('forgets messageIds after the deduplication window, but not those of imports', async () => {
    await f.send('track', { event: 'Live', anonymousId: 'a', messageId: 'live-1' });
    await f.engine.ingest.ingestMessages(f.workspaceId, [{ type: 'track', event: 'Imported', anonymousId: 'a', messageId: 'import-1', timestamp: '2011-01-01T00:00:00Z' }], { source: 'import' });
    await f.drain();
    expect(await count('message_ids')).toBe(2);
    clock.advance(47 * 3600 * 1000);
    expect((await f.engine.maintenance.runOnce()).messageIdsPruned).toBe(0);
    clock.advance(2 * 3600 * 1000);
    expect((await f.engine.maintenance.runOnce()).messageIdsPruned).toBe(1);
    // Importing again adds nothing, however late.
    await f.engine.ingest.ingestMessages(f.workspaceId, [{ type: 'track', event: 'Imported', anonymousId: 'a', messageId: 'import-1', timestamp: '2011-01-01T00:00:00Z' }], { source: 'import' });
    await f.drain();
    expect(await count('events')).toBe(2);
  });

  it('purges rejected payloads after their retention', async () => {
    await f.send('track', { event: 'No identity' });
    expect(await count('rejected_events')).toBe(1);
    clock.advance(29 * DAY);
    expect((await f.engine.maintenance.runOnce()).rejectedPurged).toBe(0);
    clock.advance(2 * DAY);
    expect((await f.engine.maintenance.runOnce()).rejectedPurged).toBe(1);
  });
});
