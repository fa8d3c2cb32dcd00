import { describe, expect, it } from 'vitest';
import { buildInteractionMatrix, type Interaction } from './interactions.js';
import { fitSar, sarFromSnapshot, sarParamSpec } from './sar.js';

const DAY = 86_400;
/** a: {1, 2, 3}, b: {1, 2}, c: {2, 3}, d: {3, 4}, all at time 0. */
const baskets: Record<string, string[]> = { a: ['i1', 'i2', 'i3'], b: ['i1', 'i2'], c: ['i2', 'i3'], d: ['i3', 'i4'] };
const rows: Interaction[] = Object.entries(baskets).flatMap(([userId, items]) => items.map((itemId) => ({ userId, itemId, weight: 1, timestamp: 0 })));
const m = buildInteractionMatrix(rows);
const item = (id: string) => m.itemIds.indexOf(id);
const user = (id: string) => m.userIds.indexOf(id);
const noDecay = { ...sarParamSpec.defaults, halfLifeDays: 0 };

describe('SAR', () => {
  // Users per item: c(1,1) = 2, c(2,2) = 3, c(3,3) = 3, c(4,4) = 1; together: c(1,2) = 2, c(1,3) = 1, c(2,3) = 2, c(3,4) = 1.
  it('turns co-occurrence into Jaccard similarity: c(i,j) / (c(i,i) + c(j,j) − c(i,j))', () => {
    const sar = fitSar(m, noDecay);
    expect(sar.similarItems(item('i1'), 10)).toEqual([
      { item: item('i2'), score: Math.fround(2 / 3) },
      { item: item('i3'), score: Math.fround(1 / 4) },
    ]);
    expect(sar.similarItems(item('i4'), 10)).toEqual([{ item: item('i3'), score: Math.fround(1 / 3) }]);
  });

  it('or lift: c(i,j) / (c(i,i) · c(j,j))', () => {
    const sar = fitSar(m, { ...noDecay, similarity: 'lift' });
    expect(sar.similarItems(item('i2'), 10)).toEqual([
      { item: item('i1'), score: Math.fround(1 / 3) },
      { item: item('i3'), score: Math.fround(2 / 9) },
    ]);
  });

  it('scores affinity × similarity, leaves out what the user has, and what no neighbour reaches', () => {
    const sar = fitSar(m, noDecay);
    // b has i1, i2: i3 = J(1,3) + J(2,3) = 1/4 + 1/2; i4 co-occurs with neither.
    expect(sar.recommend(user('b'), 5)).toEqual([{ item: item('i3'), score: Math.fround(1 / 4) + Math.fround(1 / 2) }]);
    // d has i3, i4: i2 = J(3,2) = 1/2, i1 = J(3,1) = 1/4.
    expect(sar.recommend(user('d'), 5).map((s) => m.itemIds[s.item])).toEqual(['i2', 'i1']);
  });

  it('drops pairs bought together by fewer users than the threshold', () => {
    const sar = fitSar(m, { ...noDecay, threshold: 2 });
    expect(sar.similarItems(item('i1'), 10).map((s) => m.itemIds[s.item])).toEqual(['i2']);
  });

  it('halves an event\'s weight every half-life, counted back from the latest event', () => {
    const timed = buildInteractionMatrix([
      { userId: 'u', itemId: 'x', weight: 1, timestamp: 10 * DAY },
      { userId: 'u', itemId: 'x', weight: 1, timestamp: 9 * DAY },
      { userId: 'u', itemId: 'y', weight: 2, timestamp: 8 * DAY },
    ]);
    const sar = fitSar(timed, { ...sarParamSpec.defaults, halfLifeDays: 1 });
    const row = sar.userRow(0);
    expect(Array.from(row.values)).toEqual([1 + 0.5, 2 * 0.25]);
    // A history given directly decays from `now`.
    const scores = sar.scoreHistory([{ item: 0, weight: 1, timestamp: 10 * DAY }], 12 * DAY);
    expect(scores[1]).toBeCloseTo(0.25 * 1, 6); // J(x, y) = 1
  });

  it('scores the same after a snapshot round trip', () => {
    const sar = fitSar(m);
    const back = sarFromSnapshot(sar.toSnapshot());
    for (let u = 0; u < m.userIds.length; u++) expect(back.recommend(u, 4)).toEqual(sar.recommend(u, 4));
  });
});
