import { describe, expect, it } from 'vitest';
import { summedRow } from './recommender.js';

describe('summedRow', () => {
  it('sums each item’s weights in the order of the history, items ascending, leaving out items the model does not have', () => {
    const history = [
      { item: 7, weight: 0.1, timestamp: 3 },
      { item: 2, weight: 1, timestamp: 2 },
      { item: 7, weight: 0.2, timestamp: 1 },
      { item: 9, weight: 5, timestamp: 0 },
      { item: -1, weight: 5, timestamp: 0 },
      { item: 7, weight: 0.3, timestamp: 0 },
    ];
    const row = summedRow(history, 9);
    expect(Array.from(row.items)).toEqual([2, 7]);
    // 0.1 + 0.2 + 0.3 in that order (0.6000000000000001), then stored as a Float32.
    expect(Array.from(row.values)).toEqual([1, Math.fround(0.1 + 0.2 + 0.3)]);
    expect(Array.from(summedRow(history, 10, (e) => e.timestamp).values)).toEqual([2, 4, 0]);
    expect(Array.from(summedRow([], 10).items)).toEqual([]);
  });
});
