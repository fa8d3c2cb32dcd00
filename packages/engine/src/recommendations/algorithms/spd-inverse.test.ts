import { describe, expect, it } from 'vitest';
import { invertSpd, spdMatrix } from './spd-inverse.js';
import { seededRandom } from './seeded-random.js';

/** A random symmetric positive definite matrix RᵀR + I, dense, order n. */
function randomSpd(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const r = Float64Array.from({ length: n * n }, () => random() - 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let t = 0; t < n; t++) s += r[t * n + i]! * r[t * n + j]!;
      a[i * n + j] = s;
    }
  }
  return a;
}

/** The largest |(A·X − I)ᵢⱼ|. */
function residual(a: Float64Array, x: Float64Array, n: number, stride: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += a[i * n + t]! * x[t * stride + j]!;
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

describe('invertSpd', () => {
  it.each([
    [1, 1],
    [3, 1],
    [37, 1],
    [150, 1],
    [150, 2],
    // More groups of rows than one chunk of the kernel holds, and a last block smaller than the others.
    [203, 3],
    [300, 2],
  ])('inverts an SPD matrix of order %i with %i thread(s): A·A⁻¹ = I', async (n, threads) => {
    const a = randomSpd(n, n);
    const m = spdMatrix(n);
    // Only the lower triangle is read: leave the upper one at zero to prove it.
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m.data[i * m.stride + j] = a[i * n + j]!;
    await invertSpd(m, { threads });
    expect(residual(a, m.data, n, m.stride)).toBeLessThan(1e-9);
    // Symmetric, both triangles filled.
    let asymmetric = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (m.data[j * m.stride + i] !== m.data[i * m.stride + j]) asymmetric++;
    expect(asymmetric).toBe(0);
  });

  it('gives the same inverse on one thread and on two (the same operations, split by rows)', async () => {
    const n = 130;
    const a = randomSpd(n, 7);
    const one = spdMatrix(n);
    const two = spdMatrix(n);
    for (let i = 0; i < n * n; i++) {
      one.data[Math.floor(i / n) * one.stride + (i % n)] = a[i]!;
      two.data[Math.floor(i / n) * two.stride + (i % n)] = a[i]!;
    }
    await invertSpd(one, { threads: 1 });
    await invertSpd(two, { threads: 2 });
    expect(Array.from(two.data)).toEqual(Array.from(one.data));
  });
});
