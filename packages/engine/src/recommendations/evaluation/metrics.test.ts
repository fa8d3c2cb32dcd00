import { describe, expect, it } from 'vitest';
import { MetricTotals, popularityPercentiles, rankingMetrics } from './metrics.js';

describe('rankingMetrics', () => {
  it('computes precision, recall, nDCG and average precision of one list (worked out by hand)', () => {
    // Relevant: a, b, c, d. Hits at ranks 1 and 3 of k = 5.
    const m = rankingMetrics(['a', 'x', 'b', 'y', 'z'], new Set(['a', 'b', 'c', 'd']), 5);
    expect(m.hits).toBe(2);
    expect(m.precision).toBe(2 / 5);
    expect(m.recall).toBe(2 / 4);
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal = 4 hits at the top = 1 + 1/log2(3) + 1/2 + 1/log2(5).
    expect(m.ndcg).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3) + 0.5 + 1 / Math.log2(5)), 12);
    // MAP as Microsoft Recommenders: (1/1 + 2/3) / |relevant| = 0.41666…
    expect(m.averagePrecision).toBeCloseTo((1 + 2 / 3) / 4, 12);
  });

  it('divides average precision by all relevant items, even those the list could not hold', () => {
    // k = 2, 5 relevant items, both places hits: AP = (1/1 + 2/2) / 5, not / min(k, 5).
    expect(rankingMetrics(['a', 'b'], new Set(['a', 'b', 'c', 'd', 'e']), 2).averagePrecision).toBeCloseTo(2 / 5, 12);
  });

  it('takes the ideal DCG over min(k, |relevant|), so a perfect short list scores 1', () => {
    expect(rankingMetrics(['a', 'x', 'y'], new Set(['a']), 3).ndcg).toBe(1);
    expect(rankingMetrics(['x', 'a', 'y'], new Set(['a']), 3).ndcg).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it('counts only the first k places, and divides precision by k even when the list is shorter', () => {
    expect(rankingMetrics(['x', 'y', 'a'], new Set(['a']), 2).hits).toBe(0);
    const short = rankingMetrics(['a'], new Set(['a', 'b']), 10);
    expect(short.precision).toBe(1 / 10);
    expect(short.recall).toBe(1 / 2);
  });
});

describe('popularityPercentiles', () => {
  it('ranks popularity so that the most popular is 100 and ties share the higher rank', () => {
    expect(Array.from(popularityPercentiles([5, 1, 5, 3]))).toEqual([100, 25, 100, 50]);
  });
});

describe('MetricTotals', () => {
  it('averages over users; coverage is distinct recommended items / candidates; popularity is over every place', () => {
    const totals = new MetricTotals();
    const percentiles = [100, 50, 25, 75];
    totals.add({ hits: 1, precision: 0.5, recall: 1, ndcg: 1, averagePrecision: 1 }, [0, 1], percentiles);
    totals.add({ hits: 0, precision: 0, recall: 0, ndcg: 0, averagePrecision: 0 }, [0, 2], percentiles);
    expect(totals.result(4)).toEqual({ map: 0.5, ndcg: 0.5, precision: 0.25, recall: 0.5, coverage: 3 / 4, popularity_percentile: (100 + 50 + 100 + 25) / 4 });
  });
});
