/** Small dense linear algebra on row-major typed arrays: what ALS and the tests need beside the EASE inversion. */

/** Σ a[aAt + t] · b[bAt + t] for t < n. */
export function dot(a: ArrayLike<number>, aAt: number, b: ArrayLike<number>, bAt: number, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += a[aAt + t]! * b[bAt + t]!;
  return s;
}

/**
 * The Gram matrix FᵀF of the rows of F (rows × f, row-major) plus `ridge` on the diagonal, f × f. Used by ALS for
 * YᵀY + λI, the part of every user's normal equations that all users share (Hu, Koren & Volinsky 2008, §4).
 */
export function gram(factors: ArrayLike<number>, rows: number, f: number, ridge: number): Float64Array {
  const g = new Float64Array(f * f);
  for (let r = 0; r < rows; r++) {
    const at = r * f;
    for (let a = 0; a < f; a++) {
      const va = factors[at + a]!;
      if (va === 0) continue;
      const ga = a * f;
      for (let b = 0; b <= a; b++) g[ga + b]! += va * factors[at + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    g[a * f + a]! += ridge;
    for (let b = 0; b < a; b++) g[b * f + a] = g[a * f + b]!;
  }
  return g;
}

/**
 * Solves A x = b for a symmetric positive definite n × n A by Cholesky (A = L Lᵀ, then two triangular solves).
 * A is not changed. Throws a RangeError when A is not positive definite.
 */
export function choleskySolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let t = 0; t < j; t++) s -= l[i * n + t]! * l[j * n + t]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError('the matrix is not positive definite');
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let t = 0; t < i; t++) s -= l[i * n + t]! * x[t]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let t = i + 1; t < n; t++) s -= l[t * n + i]! * x[t]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}
