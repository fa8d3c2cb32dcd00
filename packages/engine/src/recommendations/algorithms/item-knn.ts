import { transpose, weightRows, type InteractionMatrix } from './interactions.js';
import { cooccurrenceNeighbours } from './item-similarity.js';
import { NeighbourModel, neighbourPartsOf } from './neighbour-model.js';
import { storedParams, type ParamSpec } from './params.js';
import { summedRow, type HistoryEvent, type UserRow } from './recommender.js';
import type { ModelSnapshot } from './snapshot.js';

/** How a user's summed weight on an item enters the matrix. */
export const knnWeightings = ['binary', 'weight', 'log'] as const;
export type KnnWeighting = (typeof knnWeightings)[number];

/**
 * Item-based k-nearest neighbours (Sarwar et al., WWW 2001; Deshpande & Karypis, TOIS 2004): cosine similarity of
 * the items' columns of the user–item matrix, the top k per item, and score(j) = Σ over the user's items i of
 * x(u, i) · sim(i, j).
 */
export type ItemKnnParams = {
  /** Neighbours kept per item (the k of kNN). */
  readonly neighbours: number;
  readonly weighting: KnnWeighting;
  /** Shrinkage: sim = x_i·x_j / (‖x_i‖‖x_j‖ + shrink), which damps similarities resting on few common users. */
  readonly shrink: number;
};

export const itemKnnParamSpec: ParamSpec<ItemKnnParams> = {
  defaults: { neighbours: 50, weighting: 'binary', shrink: 0 },
  choices: { weighting: knnWeightings },
  counts: ['neighbours'],
};

function weigh(weighting: KnnWeighting): (w: number) => number {
  switch (weighting) {
    case 'binary':
      return () => 1;
    case 'weight':
      return (w) => w;
    case 'log':
      return (w) => Math.log1p(w);
  }
}

function rowOfHistory(params: ItemKnnParams, itemCount: number): (history: readonly HistoryEvent[]) => UserRow {
  const f = weigh(params.weighting);
  return (history) => {
    const row = summedRow(history, itemCount);
    return { items: row.items, values: row.values.map(f) };
  };
}

export function fitItemKnn(m: InteractionMatrix, params: ItemKnnParams = itemKnnParamSpec.defaults): NeighbourModel {
  const x = weightRows(m, weigh(params.weighting));
  const xt = transpose(x);
  const norms = new Float64Array(xt.rows);
  for (let i = 0; i < xt.rows; i++) {
    let s = 0;
    for (let p = xt.rowStart[i]!; p < xt.rowStart[i + 1]!; p++) s += xt.values[p]! ** 2;
    norms[i] = Math.sqrt(s);
  }
  const neighbours = cooccurrenceNeighbours(x, xt, params.neighbours, (i, j, c) => c / (norms[i]! * norms[j]! + params.shrink));
  return new NeighbourModel({
    algorithm: 'item-knn',
    params: { ...params },
    itemIds: m.itemIds,
    userIds: m.userIds,
    users: { start: m.rowStart, index: m.items, values: Float32Array.from(x.values) },
    neighbours,
    numbers: { latestTime: m.latestTime },
    rowOfHistory: rowOfHistory(params, m.itemIds.length),
  });
}

export function itemKnnFromSnapshot(s: ModelSnapshot): NeighbourModel {
  return new NeighbourModel({ ...neighbourPartsOf(s), rowOfHistory: rowOfHistory(storedParams(itemKnnParamSpec, s.params), s.itemIds.length) });
}
