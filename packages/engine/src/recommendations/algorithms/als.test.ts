import { describe, expect, it } from 'vitest';
import { AlsModel, alsLoss, alsParamSpec, fitAls } from './als.js';
import { buildInteractionMatrix, type Interaction, type InteractionMatrix } from './interactions.js';
import { choleskySolve, gram } from './linear-algebra.js';
import { seededRandom } from './seeded-random.js';

/** Two groups of users, each buying within its own half of the catalog, with a few random weights. */
function twoTastes(): InteractionMatrix {
  const random = seededRandom(1);
  const rows: Interaction[] = [];
  for (let u = 0; u < 40; u++) {
    const offset = u < 20 ? 0 : 15;
    for (let i = 0; i < 15; i++) if (random() < 0.4) rows.push({ userId: `u${String(u).padStart(2, '0')}`, itemId: `i${String(offset + i).padStart(2, '0')}`, weight: 1 + Math.floor(random() * 3), timestamp: 0 });
  }
  return buildInteractionMatrix(rows);
}

const small = { ...alsParamSpec.defaults, factors: 6, iterations: 8, regularization: 0.1, alpha: 5 };

describe('ALS', () => {
  const m = twoTastes();

  it('lowers its objective at every iteration', async () => {
    // Training is deterministic, so the model after `it` iterations is the one trained with iterations = it.
    const losses: number[] = [];
    for (let it = 1; it <= 8; it++) losses.push(alsLoss(m, await fitAls(m, { ...small, iterations: it })));
    for (let it = 1; it < losses.length; it++) expect(losses[it]!).toBeLessThanOrEqual(losses[it - 1]! * (1 + 1e-9));
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.9);
  });

  it('reports each iteration', async () => {
    const seen: number[] = [];
    await fitAls(m, { ...small, iterations: 3 }, { threads: 1, onIteration: (it) => seen.push(it) });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('is deterministic for a seed, different for another, and the same on one thread or two', async () => {
    const a = await fitAls(m, small);
    const b = await fitAls(m, small);
    const c = await fitAls(m, { ...small, seed: 7 });
    const two = await fitAls(m, small, { threads: 2 });
    expect(Array.from(b.userFactors)).toEqual(Array.from(a.userFactors));
    expect(Array.from(c.userFactors)).not.toEqual(Array.from(a.userFactors));
    expect(Array.from(two.userFactors)).toEqual(Array.from(a.userFactors));
    expect(Array.from(two.itemFactors)).toEqual(Array.from(a.itemFactors));
  });

  it('learns the two tastes: for every user, the unseen items of their half score higher on average than the others', async () => {
    const model = await fitAls(m, small);
    for (let u = 0; u < m.userIds.length; u++) {
      const scores = model.scoreItems(u);
      const seen = new Set(model.userRow(u).items);
      const mean = (own: boolean) => {
        const picked = Array.from(scores).filter((_, i) => !seen.has(i) && (Number(m.itemIds[i]!.slice(1)) < 15) === (u < 20) === own);
        return picked.reduce((a, b) => a + b, 0) / picked.length;
      };
      expect(mean(true)).toBeGreaterThan(mean(false));
    }
  });

  it('with enough CG steps, reaches the exact ALS solution (a Cholesky solve of every row, HKV 2008)', async () => {
    const params = { ...small, iterations: 10 };
    const f = params.factors;
    const conf = (w: number) => 1 + params.alpha * Math.log1p(w);
    const random = seededRandom(params.seed);
    // Drawn in the same order as fitAls draws them.
    const x = Float64Array.from({ length: m.userIds.length * f }, () => random() * 0.01);
    const y = Float64Array.from({ length: m.itemIds.length * f }, () => random() * 0.01);
    const byUser = m.userIds.map((_, u) => Array.from(m.items.subarray(m.rowStart[u], m.rowStart[u + 1]), (i, k) => [i, conf(m.weights[m.rowStart[u]! + k]!)] as const));
    const byItem: (readonly [number, number])[][] = m.itemIds.map(() => []);
    byUser.forEach((row, u) => row.forEach(([i, c]) => byItem[i]!.push([u, c])));
    const half = (rows: (readonly (readonly [number, number])[])[], target: Float64Array, fixed: Float64Array) => {
      const g = gram(fixed, fixed.length / f, f, params.regularization);
      rows.forEach((row, r) => {
        const a = Float64Array.from(g);
        const b = new Float64Array(f);
        for (const [j, c] of row) {
          for (let s = 0; s < f; s++) {
            b[s]! += c * fixed[j * f + s]!;
            for (let t = 0; t < f; t++) a[s * f + t]! += (c - 1) * fixed[j * f + s]! * fixed[j * f + t]!;
          }
        }
        target.set(choleskySolve(a, b, f), r * f);
      });
    };
    for (let it = 0; it < params.iterations; it++) {
      half(byUser, x, y);
      half(byItem, y, x);
    }
    const cg = await fitAls(m, { ...params, cgSteps: 30 });
    const exact = new AlsModel(params, m.itemIds, m.userIds, Float32Array.from(x), Float32Array.from(y), cg.users);
    expect(alsLoss(m, cg)).toBeCloseTo(alsLoss(m, exact), 4);
    // Three steps (the default) get within a few per cent of it.
    expect(alsLoss(m, await fitAls(m, params))).toBeLessThan(alsLoss(m, exact) * 1.05);
  });

  it('folds a new history in: items of the taste it shows come first', async () => {
    const model = await fitAls(m, small);
    const history = [0, 1, 2].map((i) => ({ item: m.itemIds.indexOf(`i${String(20 + i)}`), weight: 1, timestamp: 0 }));
    const scores = model.scoreHistory(history);
    const best = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!).slice(0, 5);
    expect(best.every((i) => Number(m.itemIds[i]!.slice(1)) >= 15)).toBe(true);
  });
});
