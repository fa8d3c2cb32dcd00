import { describe, expect, it } from 'vitest';
import { algorithms, isAlgorithmName, loadModel } from './algorithm-registry.js';
import { buildInteractionMatrix, type Interaction } from './interactions.js';
import { algorithmNames } from './recommender.js';
import { seededRandom } from './seeded-random.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot.js';

const random = seededRandom(11);
const rows: Interaction[] = [];
for (let u = 0; u < 50; u++) for (let i = 0; i < 20; i++) if (random() < 0.2) rows.push({ userId: `u${u}`, itemId: `item-${i}`, weight: 1 + Math.floor(random() * 2), timestamp: 1_000_000 + u * 600 });
const m = buildInteractionMatrix(rows);
// Small enough for the tests: EASE learns on every item.
const small: Record<string, Record<string, number>> = { als: { factors: 8, iterations: 4 }, ease: { minUsers: 1, lambda: 10 } };

describe('algorithm registry', () => {
  it('names every algorithm with a one-line description and valid defaults', () => {
    expect(Object.keys(algorithms)).toEqual([...algorithmNames]);
    for (const name of algorithmNames) {
      expect(isAlgorithmName(name)).toBe(true);
      expect(algorithms[name].description.length).toBeGreaterThan(20);
      expect(algorithms[name].readParams({})).toEqual({ ok: true, value: algorithms[name].defaults });
    }
    expect(isAlgorithmName('svd')).toBe(false);
  });

  it.each(algorithmNames)('%s: a model stored as bytes and loaded again recommends exactly the same', async (name) => {
    const model = await algorithms[name].fit(m, small[name] ?? {}, { threads: 1 });
    const bytes = encodeSnapshot(model.toSnapshot());
    // Through a Buffer at an odd offset, as a database driver may hand it back.
    const stored = Buffer.concat([Buffer.from([0]), Buffer.from(bytes)]).subarray(1);
    const back = loadModel(decodeSnapshot(stored));
    expect(back.algorithm).toBe(name);
    expect(back.params).toEqual(model.params);
    for (let u = 0; u < m.userIds.length; u++) expect(back.recommend(u, 10)).toEqual(model.recommend(u, 10));
    const history = [{ item: 3, weight: 1, timestamp: 1_000_000 }];
    expect(Array.from(back.scoreHistory(history))).toEqual(Array.from(model.scoreHistory(history)));
    expect(back.similarItems?.(2, 5)).toEqual(model.similarItems?.(2, 5));
  });

  it.each(algorithmNames)('%s: a snapshot without users holds no user data and scores histories the same', async (name) => {
    const model = await algorithms[name].fit(m, small[name] ?? {}, { threads: 1 });
    const snapshot = model.toSnapshot({ users: false });
    const bytes = encodeSnapshot(snapshot);
    // No user id, and no array as long as the users (rows, factors).
    for (const id of m.userIds) expect(Buffer.from(bytes).includes(`"${id}"`)).toBe(false);
    const parts = [snapshot, ...Object.values(snapshot.parts)];
    for (const p of parts) {
      expect(p.userIds).toEqual([]);
      for (const [key, a] of Object.entries(p.arrays)) if (key.startsWith('user')) expect(a.length).toBeLessThanOrEqual(1);
    }
    const back = loadModel(decodeSnapshot(bytes));
    const history = [{ item: 3, weight: 1, timestamp: 1_000_000 }, { item: 7, weight: 2, timestamp: 1_000_000 }];
    expect(Array.from(back.scoreHistory(history))).toEqual(Array.from(model.scoreHistory(history)));
    expect(() => back.recommend(0, 5)).toThrow(/stored without its users/);
  });

  it('refuses bytes that are not a snapshot', () => {
    expect(() => decodeSnapshot(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(RangeError);
  });
});
