import { describe, expect, it } from 'vitest';
import { selectTopK, topK, topKAmong } from './top-k.js';

describe('topK', () => {
  it('ranks by score, breaking ties by the lower index, whatever k', () => {
    const scores = [0.5, 0.9, 0.5, 0.1, 0.9, 0.5];
    expect(topK(scores, 3).map((s) => s.item)).toEqual([1, 4, 0]);
    expect(topK(scores, 5).map((s) => s.item)).toEqual([1, 4, 0, 2, 5]);
  });

  it('leaves out excluded items and items without evidence (−Infinity), and returns fewer when fewer remain', () => {
    const scores = [1, -Infinity, 3, 2];
    expect(topK(scores, 10, new Set([2]))).toEqual([
      { item: 3, score: 2 },
      { item: 0, score: 1 },
    ]);
    expect(topK(scores, 0)).toEqual([]);
  });

  it('looks only at the candidates it is given', () => {
    const scores = [5, 4, 3, 2, 1];
    expect(topKAmong(scores, { indices: Int32Array.from([4, 2, 3, 0]), count: 3 }, 2).map((s) => s.item)).toEqual([2, 3]);
  });

  it('agrees with a full sort on random scores with many ties', () => {
    const scores = Array.from({ length: 500 }, (_, i) => (i * 7919) % 13);
    const sorted = scores.map((score, item) => ({ item, score })).sort((a, b) => b.score - a.score || a.item - b.item);
    expect(topK(scores, 37)).toEqual(sorted.slice(0, 37));
  });

  it('selects into typed arrays the entries, in the order, that a full sort gives', () => {
    const scores = Array.from({ length: 300 }, (_, i) => ((i * 104729) % 17) / 4);
    const candidates = Int32Array.from({ length: 200 }, (_, c) => (c * 7) % 300);
    const sorted = Array.from(candidates).map((item) => ({ item, score: scores[item]! })).sort((a, b) => b.score - a.score || a.item - b.item);
    for (const k of [1, 10, 37, 200, 250]) {
      const top = selectTopK(scores, { indices: candidates, count: candidates.length }, k);
      const got = Array.from({ length: top.count }, (_, t) => ({ item: top.items[t]!, score: top.scores[t]! }));
      expect(got).toEqual(sorted.slice(0, k));
    }
  });
});
