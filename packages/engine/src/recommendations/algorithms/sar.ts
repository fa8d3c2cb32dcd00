import { transpose, type InteractionMatrix, type SparseRows } from './interactions.js';
import { cooccurrenceNeighbours, type SimilarityOf } from './item-similarity.js';
import { NeighbourModel, neighbourPartsOf, type CompactRows } from './neighbour-model.js';
import { summedRow, type HistoryEvent, type UserRow } from './recommender.js';
import { storedParams, type ParamSpec } from './params.js';
import type { ModelSnapshot } from './snapshot.js';

/** How SAR turns co-occurrence counts into item similarity. */
export const sarSimilarities = ['jaccard', 'lift', 'cooccurrence'] as const;
export type SarSimilarity = (typeof sarSimilarities)[number];

/**
 * SAR, "Smart Adaptive Recommendations" (Microsoft Recommenders, Aggarwal et al.): item–item co-occurrence
 * turned into a similarity, and a user affinity in which each event counts less the older it is.
 */
export type SarParams = {
  readonly similarity: SarSimilarity;
  /** Half-life of an event's weight in the affinity, in days; 0 turns the decay off. */
  readonly halfLifeDays: number;
  /** Pairs bought together by fewer users than this do not count as similar (noise). */
  readonly threshold: number;
  /** Neighbours kept per item: they are what the model scores with and stores. */
  readonly neighbours: number;
};

export const sarParamSpec: ParamSpec<SarParams> = {
  defaults: { similarity: 'jaccard', halfLifeDays: 30, threshold: 1, neighbours: 200 },
  choices: { similarity: sarSimilarities },
  counts: ['neighbours'],
};

const DAY = 86_400;

/** 2^(−age / half-life): an event one half-life old counts half. */
function decay(halfLifeDays: number, now: number, time: number): number {
  return halfLifeDays > 0 ? Math.pow(2, -(now - time) / (halfLifeDays * DAY)) : 1;
}

/** a(u, i) = Σ over u's events on i of weight · 2^(−(T − t) / half-life), T the training data's latest event. */
function affinity(m: InteractionMatrix, params: SarParams): CompactRows {
  const values = new Float32Array(m.items.length);
  for (let p = 0; p < m.items.length; p++) {
    let a = 0;
    for (let e = m.eventStart[p]!; e < m.eventStart[p + 1]!; e++) a += m.eventWeights[e]! * decay(params.halfLifeDays, m.latestTime, m.eventTimes[e]!);
    values[p] = a;
  }
  return { start: m.rowStart, index: m.items, values };
}

/** The similarity of two items from their co-occurrence c(i, j) and how many users each has (c(i, i), c(j, j)). */
function similarityOf(kind: SarSimilarity, threshold: number, users: Float64Array): SimilarityOf {
  const t = Math.max(threshold, Number.MIN_VALUE);
  switch (kind) {
    case 'jaccard':
      return (i, j, c) => (c < t ? 0 : c / (users[i]! + users[j]! - c));
    case 'lift':
      return (i, j, c) => (c < t ? 0 : c / (users[i]! * users[j]!));
    case 'cooccurrence':
      return (_i, _j, c) => (c < t ? 0 : c);
  }
}

function rowOfHistory(params: SarParams, itemCount: number): (history: readonly HistoryEvent[], now: number) => UserRow {
  return (history, now) => summedRow(history, itemCount, (e) => e.weight * decay(params.halfLifeDays, now, e.timestamp));
}

/** Trains SAR. Co-occurrence counts users (each user's items once, whatever their weights). */
export function fitSar(m: InteractionMatrix, params: SarParams = sarParamSpec.defaults): NeighbourModel {
  const occurrence: SparseRows = { rows: m.userIds.length, columns: m.itemIds.length, rowStart: m.rowStart, index: m.items, values: new Float64Array(m.items.length).fill(1) };
  const byItem = transpose(occurrence);
  const users = new Float64Array(m.itemIds.length);
  for (let i = 0; i < users.length; i++) users[i] = byItem.rowStart[i + 1]! - byItem.rowStart[i]!;
  const neighbours = cooccurrenceNeighbours(occurrence, byItem, params.neighbours, similarityOf(params.similarity, params.threshold, users));
  return new NeighbourModel({
    algorithm: 'sar',
    params: { ...params },
    itemIds: m.itemIds,
    userIds: m.userIds,
    users: affinity(m, params),
    neighbours,
    numbers: { latestTime: m.latestTime },
    rowOfHistory: rowOfHistory(params, m.itemIds.length),
  });
}

/** A SAR model from its snapshot. */
export function sarFromSnapshot(s: ModelSnapshot): NeighbourModel {
  return new NeighbourModel({ ...neighbourPartsOf(s), rowOfHistory: rowOfHistory(storedParams(sarParamSpec, s.params), s.itemIds.length) });
}
