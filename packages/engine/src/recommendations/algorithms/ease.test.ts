import { describe, expect, it } from 'vitest';
import { easeItems, easeParamSpec, fitEase } from './ease.js';
import { buildInteractionMatrix, type Interaction, type InteractionMatrix } from './interactions.js';
import { seededRandom } from './seeded-random.js';

/** Random purchases of `users` users among `items` items, each with probability `p`. */
function randomMatrix(users: number, items: number, p: number, seed: number): InteractionMatrix {
  const random = seededRandom(seed);
  const rows: Interaction[] = [];
  for (let u = 0; u < users; u++) for (let i = 0; i < items; i++) if (random() < p) rows.push({ userId: `u${String(u).padStart(3, '0')}`, itemId: `i${String(i).padStart(3, '0')}`, weight: 1, timestamp: 0 });
  return buildInteractionMatrix(rows);
}

/** B = I − P·diagMat(1/diag(P)), P = (XᵀX + λI)⁻¹, by plain Gauss–Jordan with partial pivoting on a dense copy. */
function denseEase(m: InteractionMatrix, lambda: number): number[][] {
  const n = m.itemIds.length;
  const g = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? lambda : 0)));
  for (let u = 0; u < m.userIds.length; u++) {
    const items = Array.from(m.items.subarray(m.rowStart[u], m.rowStart[u + 1]));
    for (const i of items) for (const j of items) g[i]![j]! += 1;
  }
  const inv = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(g[r]![c]!) > Math.abs(g[pivot]![c]!)) pivot = r;
    [g[c], g[pivot]] = [g[pivot]!, g[c]!];
    [inv[c], inv[pivot]] = [inv[pivot]!, inv[c]!];
    const d = g[c]![c]!;
    for (let j = 0; j < n; j++) {
      g[c]![j]! /= d;
      inv[c]![j]! /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = g[r]![c]!;
      for (let j = 0; j < n; j++) {
        g[r]![j]! -= f * g[c]![j]!;
        inv[r]![j]! -= f * inv[c]![j]!;
      }
    }
  }
  return inv.map((row, i) => row.map((p, j) => (i === j ? 0 : -p / inv[j]![j]!)));
}

describe('EASE', () => {
  it('learns B = I − P·diagMat(1/diag(P)) as a direct dense solve does', async () => {
    const m = randomMatrix(60, 23, 0.3, 5);
    const lambda = 3;
    const b = denseEase(m, lambda);
    const ease = await fitEase(m, { ...easeParamSpec.defaults, lambda, minUsers: 1, neighbours: 1000 });
    for (let i = 0; i < m.itemIds.length; i++) {
      // Neighbour lists keep the positive weights (those that raise a score), best first.
      const expected = b[i]!.map((score, item) => ({ item, score })).filter((s) => s.score > 0).sort((x, y) => y.score - x.score || x.item - y.item);
      const got = ease.similarItems(i, 1000);
      expect(got.map((s) => s.item)).toEqual(expected.map((s) => s.item));
      got.forEach((s, at) => expect(s.score).toBeCloseTo(expected[at]!.score, 6));
    }
  });

  it('gives the same model on one thread and on two', async () => {
    const m = randomMatrix(80, 41, 0.25, 9);
    const params = { ...easeParamSpec.defaults, lambda: 5, minUsers: 1 };
    const one = await fitEase(m, params, { threads: 1 });
    const two = await fitEase(m, params, { threads: 2 });
    expect(two.toSnapshot()).toEqual(one.toSnapshot());
  });

  it('learns on the items with at least minUsers users, at most maxItems of the most bought', () => {
    const m = randomMatrix(40, 12, 0.3, 3);
    const users = Array.from({ length: 12 }, (_, i) => m.items.filter((x) => x === i).length);
    const chosen = Array.from(easeItems(m, { minUsers: 12, maxItems: 4 }));
    expect(chosen.length).toBeLessThanOrEqual(4);
    expect(chosen.every((i) => users[i]! >= 12)).toBe(true);
    const others = users.map((n, i) => ({ n, i })).filter((x) => !chosen.includes(x.i) && x.n >= 12);
    // No item left out has more users than one chosen.
    for (const o of others) expect(chosen.every((i) => users[i]! >= o.n)).toBe(true);
  });

  it('refuses λ = 0 on data whose XᵀX is singular', async () => {
    // Two items always bought together: their columns are equal.
    const m = buildInteractionMatrix(['u1', 'u2'].flatMap((userId) => ['a', 'b'].map((itemId) => ({ userId, itemId, weight: 1, timestamp: 0 }))));
    await expect(fitEase(m, { ...easeParamSpec.defaults, lambda: 0, minUsers: 1 })).rejects.toThrow(/not positive definite/);
  });
});
