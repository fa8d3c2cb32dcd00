import { describe, expect, it } from 'vitest';
import { FactorKernels } from './factor-scores.js';
import { seededRandom } from './seeded-random.js';

/** The scalar loop the kernel stands for: each item's products summed factor after factor. */
function scalarScores(y: Float32Array, items: number, f: number, x: Float64Array): Float64Array {
  const out = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    let s = 0;
    for (let t = 0; t < f; t++) s += x[t]! * y[i * f + t]!;
    out[i] = s;
  }
  return out;
}

describe('FactorKernels', () => {
  it.each([
    [1, 1],
    [3, 5],
    [4, 48],
    [5, 7],
    [13, 48],
    [3665, 48],
  ])('gives the scalar loop’s scores bit for bit (%i items × %i factors), for one vector after another', (items, f) => {
    const random = seededRandom(items * 100 + f);
    const y = Float32Array.from({ length: items * f }, () => random() * 2 - 1);
    const scorer = new FactorKernels(y, items, f, new Float64Array(f * f));
    for (let round = 0; round < 3; round++) {
      const x = Float64Array.from({ length: f }, () => (random() - 0.5) * 10 ** (round - 1));
      const got = scorer.scores(x);
      expect(got).toHaveLength(items);
      expect(Array.from(got)).toEqual(Array.from(scalarScores(y, items, f, x)));
    }
  });

  it('answers in a new array each time: a caller may change the scores it got', () => {
    const scorer = new FactorKernels(Float32Array.of(1, 2, 3, 4), 2, 2, new Float64Array(4));
    const first = scorer.scores(Float64Array.of(1, 1));
    first[0] = 99;
    expect(Array.from(scorer.scores(Float64Array.of(1, 1)))).toEqual([3, 7]);
    expect(Array.from(first)).toEqual([99, 7]);
  });

  it.each([
    [5, 1, 0],
    [40, 3, 2],
    [3665, 48, 61],
    [200, 48, 1785],
  ])('multiplies by G + Σ sₚ·yₚyₚᵀ over a history without forming it (%i items × %i factors, %i in the history)', (items, f, n) => {
    const random = seededRandom(items + f + n);
    const y = Float32Array.from({ length: items * f }, () => random() * 2 - 1);
    const g = new Float64Array(f * f);
    for (let a = 0; a < f; a++) for (let b = 0; b <= a; b++) g[a * f + b] = g[b * f + a] = random() + (a === b ? f : 0);
    const history = Array.from({ length: n }, () => Math.floor(random() * items));
    const weights = history.map(() => random() * 3);
    const kernels = new FactorKernels(y, items, f, g);
    const op = kernels.normalOperator(history, weights);
    for (let round = 0; round < 2; round++) {
      const v = Array.from({ length: f }, () => random() - 0.5);
      op.d.set(v);
      op.times();
      const expected = new Float64Array(f);
      for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) expected[a]! += g[a * f + b]! * v[b]!;
      history.forEach((item, p) => {
        let yv = 0;
        for (let t = 0; t < f; t++) yv += y[item * f + t]! * v[t]!;
        for (let a = 0; a < f; a++) expected[a]! += weights[p]! * yv * y[item * f + a]!;
      });
      const scale = Math.max(...Array.from(expected, Math.abs));
      Array.from(op.ad).forEach((got, a) => expect(Math.abs(got - expected[a]!)).toBeLessThan(1e-12 * scale));
    }
    // The scores still read the items' factors after a history grew the memory.
    const x = Float64Array.from({ length: f }, () => random());
    expect(Array.from(kernels.scores(x))).toEqual(Array.from(scalarScores(y, items, f, x)));
  });
});
