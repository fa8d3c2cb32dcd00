import { usersPerItem, type InteractionMatrix } from './interactions.js';
import { NeighbourModel, neighbourPartsOf, type CompactRows } from './neighbour-model.js';
import { storedParams, type ParamSpec } from './params.js';
import { summedRow, type HistoryEvent, type UserRow } from './recommender.js';
import type { ModelSnapshot } from './snapshot.js';
import { invertSpd, spdMatrix, type SpdMatrix } from './spd-inverse.js';
import { selectTopK } from './top-k.js';

export const easeWeightings = ['binary', 'log'] as const;
export type EaseWeighting = (typeof easeWeightings)[number];

/**
 * EASE, "Embarrassingly Shallow Autoencoders for Sparse Data" (Steck, WWW 2019): the item–item weights B that best
 * rebuild X from X·B with a zero diagonal and an L2 penalty λ, in closed form:
 *
 *   P = (XᵀX + λI)⁻¹,   B = I − P·diagMat(1 / diag(P)),  i.e. B(i, j) = −P(i, j) / P(j, j) for i ≠ j.
 *
 * The inverse is dense, items × items: n³/2 multiply-adds and 8n² bytes. So EASE learns on the items with at least
 * `minUsers` distinct users, at most the `maxItems` most popular of them (2,500 items: about 7.8·10⁹ multiply-adds and
 * 50 MB; see docs/recommendations.md for measured times and why 2,500 costs no accuracy on shop data); the others
 * are still recommended by the fallback.
 */
export type EaseParams = {
  /** λ of XᵀX + λI. Larger for denser data (Steck: 200–1000 on MovieLens, Netflix, MSD). */
  readonly lambda: number;
  readonly minUsers: number;
  readonly maxItems: number;
  /** Neighbours kept per item from the dense B: they are what the model scores with and stores. */
  readonly neighbours: number;
  /** x(u, i) = 1 ('binary', as in the paper) or log(1 + summed weight). */
  readonly weighting: EaseWeighting;
};

export const easeParamSpec: ParamSpec<EaseParams> = {
  defaults: { lambda: 250, minUsers: 5, maxItems: 2500, neighbours: 200, weighting: 'binary' },
  choices: { weighting: easeWeightings },
  counts: ['minUsers', 'maxItems', 'neighbours'],
};

/** How EASE is run: threads for the inversion (the result does not depend on them). */
export interface EaseFitOptions {
  readonly threads: number;
}

function weigh(weighting: EaseWeighting): (w: number) => number {
  return weighting === 'log' ? Math.log1p : () => 1;
}

/** The items EASE learns on, ascending: at least `minUsers` users, the `maxItems` with most (ties by lower index). */
export function easeItems(m: InteractionMatrix, params: Pick<EaseParams, 'minUsers' | 'maxItems'>): Int32Array {
  const users = usersPerItem(m);
  const eligible: number[] = [];
  for (let i = 0; i < users.length; i++) if (users[i]! >= params.minUsers) eligible.push(i);
  eligible.sort((a, b) => users[b]! - users[a]! || a - b);
  return Int32Array.from(eligible.slice(0, params.maxItems)).sort();
}

/** XᵀX + λI over the chosen items (lower triangle): Σ over users of the products of their pairs of chosen items. */
function gramOf(m: InteractionMatrix, local: Int32Array, order: number, params: EaseParams): SpdMatrix {
  const g = spdMatrix(order);
  const { data, stride } = g;
  const f = weigh(params.weighting);
  const li = new Int32Array(m.itemIds.length);
  const lv = new Float64Array(m.itemIds.length);
  for (let u = 0; u < m.userIds.length; u++) {
    let count = 0;
    for (let p = m.rowStart[u]!; p < m.rowStart[u + 1]!; p++) {
      const l = local[m.items[p]!]!;
      if (l < 0) continue;
      li[count] = l;
      lv[count++] = f(m.weights[p]!);
    }
    // Rows hold items in ascending index order, and local indices follow global ones: li is ascending.
    for (let a = 0; a < count; a++) {
      const row = li[a]! * stride;
      const va = lv[a]!;
      for (let b = 0; b <= a; b++) data[row + li[b]!]! += va * lv[b]!;
    }
  }
  for (let i = 0; i < order; i++) data[i * stride + i]! += params.lambda;
  return g;
}

/** Row i of B (the items i lends score to), top `neighbours` by weight, in global item indices. */
function neighboursOf(p: SpdMatrix, chosen: Int32Array, itemCount: number, neighbours: number): CompactRows {
  const { data, stride, order } = p;
  const start = new Int32Array(itemCount + 1);
  // Typed arrays of the most entries there can be, filled from selectTopK: number[]s and an object per entry were
  // garbage at once (half a million entries for the Online Retail data), and the peak memory of training counts.
  const index = new Int32Array(order * Math.min(neighbours, order));
  const values = new Float32Array(index.length);
  let kept = 0;
  const row = new Float64Array(order);
  const candidates = new Int32Array(order);
  const local = new Map<number, number>();
  chosen.forEach((item, l) => local.set(item, l));
  for (let item = 0; item < itemCount; item++) {
    const i = local.get(item);
    if (i !== undefined) {
      let count = 0;
      for (let j = 0; j < order; j++) {
        const b = j === i ? 0 : -data[i * stride + j]! / data[j * stride + j]!;
        row[j] = b;
        if (b > 0) candidates[count++] = j;
      }
      const top = selectTopK(row, { indices: candidates, count }, neighbours);
      for (let t = 0; t < top.count; t++) {
        index[kept] = chosen[top.items[t]!]!;
        values[kept++] = top.scores[t]!;
      }
    }
    start[item + 1] = kept;
  }
  return { start, index: index.slice(0, kept), values: values.slice(0, kept) };
}

function rowOfHistory(params: EaseParams, itemCount: number): (history: readonly HistoryEvent[]) => UserRow {
  const f = weigh(params.weighting);
  return (history) => {
    const row = summedRow(history, itemCount);
    return { items: row.items, values: row.values.map(f) };
  };
}

export async function fitEase(m: InteractionMatrix, params: EaseParams = easeParamSpec.defaults, options: EaseFitOptions = { threads: 1 }): Promise<NeighbourModel> {
  const chosen = easeItems(m, params);
  const local = new Int32Array(m.itemIds.length).fill(-1);
  chosen.forEach((item, l) => (local[item] = l));
  const p = gramOf(m, local, chosen.length, params);
  await invertSpd(p, options);
  for (let j = 0; j < p.order; j++) {
    const d = p.data[j * p.stride + j]!;
    // The inverse of an SPD matrix has a positive diagonal; anything else means λ was 0 on singular data.
    if (!(d > 0) || !Number.isFinite(d)) throw new RangeError(`EASE: XᵀX + λI is not positive definite (λ = ${params.lambda}); use λ > 0`);
  }
  const f = weigh(params.weighting);
  return new NeighbourModel({
    algorithm: 'ease',
    params: { ...params },
    itemIds: m.itemIds,
    userIds: m.userIds,
    users: { start: m.rowStart, index: m.items, values: Float32Array.from(m.weights, f) },
    neighbours: neighboursOf(p, chosen, m.itemIds.length, params.neighbours),
    numbers: { latestTime: m.latestTime, items: chosen.length },
    rowOfHistory: rowOfHistory(params, m.itemIds.length),
  });
}

export function easeFromSnapshot(s: ModelSnapshot): NeighbourModel {
  return new NeighbourModel({ ...neighbourPartsOf(s), rowOfHistory: rowOfHistory(storedParams(easeParamSpec, s.params), s.itemIds.length) });
}
