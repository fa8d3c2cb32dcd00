import { describe, expect, it } from 'vitest';
import type { ContractRow } from './contract-csv.js';
import { evaluateAlgorithm, prepareEvaluationData } from './evaluate.js';

const row = (userId: string, itemId: string, timestamp = 0): ContractRow => ({ userId, itemId, rating: null, timestamp });

// Train: u1 {A, B}, u2 {A, C}, u3 {B} — popularity A 2, B 2, C 1 (A before B: ties by id).
const train = [row('u1', 'A'), row('u1', 'B'), row('u2', 'A'), row('u2', 'C'), row('u3', 'B'), row('u1', 'A', 5)];
// Test: u1 {C, D} (D is not in train), u2 {B} (twice: counts once), u4 (not in train) {A}.
const test = [row('u1', 'C'), row('u1', 'D'), row('u2', 'B'), row('u2', 'B', 9), row('u4', 'A')];

describe('evaluateAlgorithm', () => {
  it('measures the popular lists of a tiny example exactly as worked out by hand', async () => {
    const data = prepareEvaluationData(train, test);
    const r = await evaluateAlgorithm(data, { algorithm: 'popular', k: 2 });
    // u1: list [C] (A and B are theirs; one candidate left): hit at 1 of 2 relevant → P 1/2, R 1/2,
    //     nDCG 1 / (1 + 1/log2 3), AP (1/1) / 2.
    // u2: list [B]: P 1/2, R 1, nDCG 1, AP 1.   u4 (new): the fallback [A, B]: P 1/2, R 1, nDCG 1, AP 1.
    const ndcgU1 = 1 / (1 + 1 / Math.log2(3));
    expect(r.precision).toBeCloseTo(0.5, 12);
    expect(r.recall).toBeCloseTo((0.5 + 1 + 1) / 3, 12);
    expect(r.ndcg).toBeCloseTo((ndcgU1 + 1 + 1) / 3, 12);
    expect(r.map).toBeCloseTo((0.5 + 1 + 1) / 3, 12);
    // Recommended: C, B, A, B — all 3 candidates; popularity percentiles A 100, B 100, C 33.3.
    expect(r.coverage).toBe(1);
    expect(r.popularity_percentile).toBeCloseTo((100 / 3 + 100 + 100 + 100) / 4, 12);
    expect(r).toMatchObject({ algorithm: 'popular', k: 2, train_rows: 6, train_users: 3, train_items: 3, test_rows: 4, test_users: 3, test_users_not_in_train: 1 });
    expect(r.train_seconds).toBeGreaterThanOrEqual(0);
  });

  it('fills a model\'s short list with the fallback, and never recommends a user\'s train items', async () => {
    const data = prepareEvaluationData(train, test);
    // SAR on this data reaches few items: the rest of each list comes from the popular fallback.
    const r = await evaluateAlgorithm(data, { algorithm: 'sar', k: 3 });
    expect(r.test_users).toBe(3);
    expect(r.coverage).toBe(1);
  });

  it('refuses empty data and invalid parameters', async () => {
    expect(() => prepareEvaluationData([], test)).toThrow(/training data has no rows/);
    await expect(evaluateAlgorithm(prepareEvaluationData(train, test), { algorithm: 'als', k: 2, params: { factors: 0 } })).rejects.toThrow(/factors must be a whole number/);
  });
});
