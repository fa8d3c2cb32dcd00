import type { SparseRows } from './interactions.js';
import type { CompactRows } from './neighbour-model.js';
import { selectTopK } from './top-k.js';

/**
 * Turns the co-occurrence c(i, j) = Σ_u x(u, i) · x(u, j) of two distinct items into their similarity; a result
 * that is not positive drops the pair.
 */
export type SimilarityOf = (i: number, j: number, cooccurrence: number) => number;

/**
 * The top `neighbours` items of each item by similarity, from the users × items matrix `x` and its transpose.
 *
 * Row by row with a dense accumulator (Gustavson's sparse product, 1978): row i of XᵀX is Σ over the users u of i
 * of x(u, i) · row u of X, so only the pairs that co-occur are ever touched and memory stays O(items) — never an
 * items × items matrix. The work is Σ_u |items of u|², a few hundred million additions for a shop's history.
 */
export function cooccurrenceNeighbours(x: SparseRows, xt: SparseRows, neighbours: number, similarity: SimilarityOf): CompactRows {
  const n = xt.rows;
  const acc = new Float64Array(n);
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n);
  const sims = new Float64Array(n);
  const candidates = new Int32Array(n);
  const start = new Int32Array(n + 1);
  // Typed arrays of the most entries there can be, filled from selectTopK: growing number[]s and an object per entry
  // were garbage at once (730,000 entries for the Online Retail data), and the peak memory of training counts.
  const index = new Int32Array(n * Math.min(Math.max(neighbours, 0), n));
  const values = new Float32Array(index.length);
  let stored = 0;
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let p = xt.rowStart[i]!; p < xt.rowStart[i + 1]!; p++) {
      const u = xt.index[p]!;
      const xui = xt.values[p]!;
      for (let q = x.rowStart[u]!; q < x.rowStart[u + 1]!; q++) {
        const j = x.index[q]!;
        if (seen[j] === 0) {
          seen[j] = 1;
          touched[count++] = j;
        }
        acc[j]! += xui * x.values[q]!;
      }
    }
    let kept = 0;
    for (let t = 0; t < count; t++) {
      const j = touched[t]!;
      const s = j === i ? 0 : similarity(i, j, acc[j]!);
      sims[j] = s;
      if (s > 0) candidates[kept++] = j;
    }
    const top = selectTopK(sims, { indices: candidates, count: kept }, neighbours);
    for (let t = 0; t < top.count; t++) {
      index[stored] = top.items[t]!;
      values[stored++] = top.scores[t]!;
    }
    start[i + 1] = stored;
    for (let t = 0; t < count; t++) {
      const j = touched[t]!;
      acc[j] = 0;
      seen[j] = 0;
    }
  }
  return { start, index: index.slice(0, stored), values: values.slice(0, stored) };
}
