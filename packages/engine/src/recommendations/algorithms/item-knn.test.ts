import { describe, expect, it } from 'vitest';
import { buildInteractionMatrix, type Interaction } from './interactions.js';
import { fitItemKnn, itemKnnParamSpec } from './item-knn.js';

const baskets: Record<string, string[]> = { a: ['i1', 'i2', 'i3'], b: ['i1', 'i2'], c: ['i2', 'i3'], d: ['i3', 'i4'] };
const rows: Interaction[] = Object.entries(baskets).flatMap(([userId, items]) => items.map((itemId) => ({ userId, itemId, weight: 1, timestamp: 0 })));
const m = buildInteractionMatrix(rows);
const item = (id: string) => m.itemIds.indexOf(id);

describe('item-kNN', () => {
  it('uses the cosine of the items\' user columns: c(i,j) / (‖i‖·‖j‖)', () => {
    const knn = fitItemKnn(m);
    // ‖i1‖ = √2, ‖i2‖ = ‖i3‖ = √3, ‖i4‖ = 1.
    expect(knn.similarItems(item('i2'), 10)).toEqual([
      { item: item('i1'), score: Math.fround(2 / Math.sqrt(6)) },
      { item: item('i3'), score: Math.fround(2 / 3) },
    ]);
  });

  it('keeps only the k nearest neighbours of each item', () => {
    const knn = fitItemKnn(m, { ...itemKnnParamSpec.defaults, neighbours: 1 });
    expect(knn.similarItems(item('i3'), 10).map((s) => m.itemIds[s.item])).toEqual(['i2']);
  });

  it('damps similarities with shrinkage', () => {
    const knn = fitItemKnn(m, { ...itemKnnParamSpec.defaults, shrink: 1 });
    expect(knn.similarItems(item('i4'), 1)[0]!.score).toBeCloseTo(1 / (Math.sqrt(3) + 1), 6);
  });
});
