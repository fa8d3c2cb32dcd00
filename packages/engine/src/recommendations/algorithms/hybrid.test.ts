import { describe, expect, it } from 'vitest';
import { fitHybrid, hybridFromSnapshot, hybridParamSpec } from './hybrid.js';
import { buildInteractionMatrix, type Interaction } from './interactions.js';
import { seededRandom } from './seeded-random.js';

const random = seededRandom(3);
const rows: Interaction[] = [];
for (let u = 0; u < 30; u++) for (let i = 0; i < 12; i++) if (random() < (i < 3 ? 0.6 : 0.25)) rows.push({ userId: `u${String(u).padStart(2, '0')}`, itemId: `i${String(i).padStart(2, '0')}`, weight: 1, timestamp: u * 3600 });
// A customer with a single purchase: below coldStartItems.
rows.push({ userId: 'zz-new', itemId: 'i11', weight: 1, timestamp: 0 });
const m = buildInteractionMatrix(rows);
const params = { ...hybridParamSpec.defaults, coldStartItems: 2 };

describe('hybrid', () => {
  it('gives a customer with little history the popular list', async () => {
    const model = await fitHybrid(m, params);
    const newcomer = m.userIds.indexOf('zz-new');
    expect(model.recommend(newcomer, 5)).toEqual(model.popular.recommend(newcomer, 5));
  });

  it('blends the standardized scores of its parts with their weights', async () => {
    const model = await fitHybrid(m, params);
    const u = 4;
    const z = (s: Float64Array) => {
      const v = Array.from(s, (x) => (x === -Infinity ? 0 : x));
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length - mean * mean) || 1;
      return v.map((x) => (x - mean) / sd);
    };
    const parts = { als: z(model.parts.als!.scoreItems(u)), ease: z(model.parts.ease!.scoreItems(u)), sar: z(model.parts.sar!.scoreItems(u)) };
    const expected = parts.als.map((a, i) => params.alsWeight * a + params.easeWeight * parts.ease[i]! + params.sarWeight * parts.sar[i]!);
    Array.from(model.scoreItems(u)).forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 9));
  });

  it('scores a history from its parts’ views as it would from their copies, bit for bit, and the views hold 0 where a copy holds −Infinity', async () => {
    const model = await fitHybrid(m, params);
    const weights = { als: params.alsWeight, ease: params.easeWeight, sar: params.sarWeight };
    for (let u = 0; u < m.userIds.length; u++) {
      const row = model.userRow(u);
      const history = Array.from(row.items, (item, p) => ({ item, weight: row.values[p]!, timestamp: u * 3600 }));
      const expected = new Float64Array(m.itemIds.length);
      for (const [name, part] of Object.entries(model.parts)) {
        const copy = part.scoreHistory(history);
        const view = part.scoreHistoryView!(history);
        expect(Array.from(view)).toEqual(Array.from(copy, (s) => (s === -Infinity ? 0 : s)));
        const v = Array.from(view);
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        const sd = Math.sqrt(Math.max(v.reduce((a, b) => a + b * b, 0) / v.length - mean * mean, 0)) || 1;
        const scale = weights[name as keyof typeof weights] / sd;
        v.forEach((s, i) => (expected[i]! += s * scale - mean * scale));
      }
      const cold = new Set(row.items).size < params.coldStartItems;
      expect(Array.from(model.scoreHistory(history))).toEqual(Array.from(cold ? model.popular.scoreHistory() : expected));
    }
  });

  it('leaves out a part whose weight is 0', async () => {
    const model = await fitHybrid(m, { ...params, easeWeight: 0 });
    expect(model.parts.ease).toBeUndefined();
    expect(Object.keys(model.toSnapshot().parts).sort()).toEqual(['als', 'popular', 'sar']);
  });

  it('recommends the same after a snapshot round trip', async () => {
    const model = await fitHybrid(m, params);
    const back = hybridFromSnapshot(model.toSnapshot());
    for (let u = 0; u < m.userIds.length; u++) expect(back.recommend(u, 5)).toEqual(model.recommend(u, 5));
  });

  it('visits, for every product and k, exactly what similarItems lists (SAR’s Jaccard ties included), without the list', async () => {
    const model = await fitHybrid(m, params);
    for (const part of [model, model.parts.sar!, model.parts.ease!]) {
      for (let item = 0; item < m.itemIds.length; item++) {
        for (const k of [0, 1, 2, 3, 5, 100]) {
          const visited: { item: number; score: number }[] = [];
          part.forEachSimilar!(item, k, (i, score) => visited.push({ item: i, score }));
          const listed = part.similarItems!(item, k);
          const byItem = (a: { item: number }, b: { item: number }) => a.item - b.item;
          expect(visited.sort(byItem)).toEqual([...listed].sort(byItem));
        }
      }
    }
  });
});
