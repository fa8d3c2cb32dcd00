import { describe, expect, it } from 'vitest';
import { choleskySolve, gram } from './linear-algebra.js';

describe('linear algebra', () => {
  it('solves an SPD system by Cholesky', () => {
    // [[4, 2], [2, 3]] x = [2, 5] → x = [-0.5, 2]
    const x = choleskySolve([4, 2, 2, 3], [2, 5], 2);
    expect(x[0]).toBeCloseTo(-0.5, 12);
    expect(x[1]).toBeCloseTo(2, 12);
    expect(() => choleskySolve([1, 2, 2, 1], [1, 1], 2)).toThrow(RangeError);
  });

  it('computes FᵀF + ridge·I', () => {
    // F = [[1, 2], [3, 4]]: FᵀF = [[10, 14], [14, 20]]
    expect(Array.from(gram([1, 2, 3, 4], 2, 2, 0.5))).toEqual([10.5, 14, 14, 20.5]);
  });
});
