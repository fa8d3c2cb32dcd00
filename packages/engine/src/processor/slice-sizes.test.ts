import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '@rapport/storage/testing';
import { engineFixture, testProcessor, type EngineFixture } from '../testing/index.js';

describe.each(testDialects())('slice sizes on %s', (dialect) => {
  let f: EngineFixture;
  beforeEach(async () => {
    f = await engineFixture(dialect);
  });
  afterEach(async () => {
    await f.dispose();
  });

  const send = (count: number, from: number) =>
    f.send('batch', {
      batch: Array.from({ length: count }, (_, i) => ({ type: 'track', event: 'Product Viewed', anonymousId: `visitor-${(from + i) % 300}`, properties: { product_id: `p${i % 40}` } })),
    });

  it('starts a flow with a flow-sized slice after a backlog was worked off in large ones', async () => {
    // A generous budget for backlogs, so that their slices grow to the largest size whatever the machine's speed.
    const processor = testProcessor(f, { sliceBudgetMs: 20, quietSliceBudgetMs: 60_000 });
    for (let i = 0; i < 6; i++) expect((await send(500, i * 500)).status).toBe(200);
    const backlog: number[] = [];
    for (let n = await processor.processOnce({ ms: 60_000, of: 'lock' }); n > 0; n = await processor.processOnce({ ms: 60_000, of: 'lock' })) backlog.push(n);
    expect(backlog.slice(0, 4)).toEqual([200, 400, 800, 1000]);

    // Events arrive again: the first slice is the size slices started with, not the backlog's 1,000.
    expect((await send(1500, 3000)).status).toBe(200);
    processor.notify();
    expect(await processor.processOnce()).toBe(200);
  });
});
