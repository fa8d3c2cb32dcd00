import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories } from '@rapport/storage';
import { testDialects } from '@rapport/storage/testing';
import { engineFixture, testProcessor, type EngineFixture } from '../testing/index.js';
import { restWhileFlowing, type Processor } from './processor.js';

describe('the processor while events flow', () => {
  it('rests nine times as long as it worked, and never more than half a second', () => {
    expect(restWhileFlowing(20)).toBeCloseTo(180);
    expect(restWhileFlowing(2)).toBeCloseTo(18);
    expect(restWhileFlowing(300)).toBe(500);
  });
});

describe.each(testDialects())('freshness during a flow on %s', (dialect) => {
  let f: EngineFixture;
  let processor: Processor | undefined;
  beforeEach(async () => {
    f = await engineFixture(dialect);
  });
  afterEach(async () => {
    await processor?.stop();
    await f.dispose();
  });

  it('processes every event of a steady flow within a second of its acknowledgement', async () => {
    const database = f.db.database;
    const repos = createRepositories(database.dialect);
    processor = testProcessor(f, { pollMs: 20 });
    processor.start();
    // A busy shop's normal traffic: 5 events every 100 ms for 3 s, so that the processor works under the flow's rule.
    const delays: number[] = [];
    const waits: Promise<void>[] = [];
    for (let round = 0; round < 30; round++) {
      const answer = await f.send('batch', {
        batch: Array.from({ length: 5 }, (_, i) => ({ type: 'track', event: 'Product Viewed', anonymousId: `visitor-${(round * 5 + i) % 40}`, properties: { product_id: `p${i}` } })),
      });
      expect(answer.status).toBe(200);
      const acked = performance.now();
      const seq = await repos.ingest.lastLogSeq(database.log);
      processor.notify();
      waits.push(
        (async () => {
          while (processor!.cursor < seq && performance.now() - acked < 5000) await new Promise((r) => setTimeout(r, 5));
          delays.push(performance.now() - acked);
        })(),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(waits);
    expect(delays).toHaveLength(30);
    expect(Math.max(...delays)).toBeLessThan(1000);
  });
});
