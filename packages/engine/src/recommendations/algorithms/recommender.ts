import { recommendationAlgorithms } from '@rapport/contracts';
import type { ModelSnapshot } from './snapshot.js';
import { topK, type ScoredItem } from './top-k.js';

/** The algorithms, as `--algorithm` and stored models name them. */
export const algorithmNames = recommendationAlgorithms;
/** One of `algorithmNames`. */
export type AlgorithmName = (typeof algorithmNames)[number];

/** A parameter value: what a command line or a JSON settings object can carry. */
export type ParamValue = number | string | boolean;
/** An algorithm's parameters by name. */
export type Params = Readonly<Record<string, ParamValue>>;

/** One interaction of a person the model may not have seen in training (serving: their live history). */
export interface HistoryEvent {
  readonly item: number;
  /** As in training: a rating or quantity, 1 for a plain purchase. */
  readonly weight: number;
  /** Unix seconds. */
  readonly timestamp: number;
}

/** A user's items and their weights as a model scores them (SAR: time-decayed affinity; others: summed weights). */
export interface UserRow {
  readonly items: Int32Array;
  readonly values: Float32Array;
}

/**
 * A trained model. Item and user indices are those of the matrix it was trained on (`itemIds[i]`, `userIds[u]`).
 * Scores are comparable within one call only; `-Infinity` marks an item the model has no evidence for (an item
 * no neighbour of the user's items reaches): `recommend` leaves such items out rather than guess, so that the
 * caller can fill the list from its fallback (popular items).
 */
export interface Recommender {
  readonly algorithm: AlgorithmName;
  readonly params: Params;
  readonly itemIds: readonly string[];
  readonly userIds: readonly string[];
  /** The items the user had in training with the weights the model scores them by. */
  userRow(user: number): UserRow;
  /** One score per item for a user of the training data. */
  scoreItems(user: number): Float64Array;
  /**
   * One score per item for a history given directly: a new person, or one whose history changed since training.
   * `now` (Unix seconds, default the training data's latest event) is the time decay's reference.
   */
  scoreHistory(history: readonly HistoryEvent[], now?: number): Float64Array;
  /**
   * `scoreHistory`'s scores with 0 rather than −Infinity where the model has no evidence, in the model's own memory
   * instead of a new array: valid until the model's next call. For a caller that reads them at once (the hybrid's
   * blend), and absent where a model keeps no such memory.
   */
  scoreHistoryView?(history: readonly HistoryEvent[], now?: number): Float64Array;
  /** The best k items for a user of the training data, leaving out `exclude` (default: the user's training items). */
  recommend(user: number, k: number, exclude?: ReadonlySet<number>): ScoredItem[];
  /** The k items most similar to an item ("people who bought this also bought"), best first; absent where meaningless. */
  similarItems?(item: number, k: number): ScoredItem[];
  /**
   * Calls `visit` with each of what `similarItems(item, k)` answers, in no particular order, without building the list
   * (serving looks at the neighbours of a person's recent products for every request, to say why an item came).
   */
  forEachSimilar?(item: number, k: number, visit: (item: number, score: number) => void): void;
  /**
   * Everything needed to score again, compact (neighbour lists, Float32 factors), for storing: see snapshot.ts.
   * With `users: false` the snapshot holds the item side only — no user ids, rows or factors, nothing about a
   * person — and the loaded model scores histories (`scoreHistory`) but knows no user index.
   */
  toSnapshot(options?: SnapshotOptions): ModelSnapshot;
}

/** What a snapshot keeps. */
export interface SnapshotOptions {
  /** Keep the training users (their ids, rows, ALS factors); default true. */
  readonly users?: boolean;
}

/** Throws a RangeError for a user index the model does not have (a model stored without its users has none). */
export function checkUser(model: Pick<Recommender, 'userIds' | 'algorithm'>, user: number): void {
  if (!Number.isInteger(user) || user < 0 || user >= model.userIds.length) {
    throw new RangeError(`the ${model.algorithm} model has no user ${user}${model.userIds.length === 0 ? ' (it was stored without its users: score a history instead)' : ''}`);
  }
}

/** Empty user rows, for a snapshot without users. */
export const noUsers = { start: new Int32Array(1), index: new Int32Array(0), values: new Float32Array(0) } as const;

/** The items of a user row as a set, to leave them out of a list. */
export function itemSet(row: UserRow): Set<number> {
  return new Set(row.items);
}

/** `recommend` from `scoreItems`: the shared part of every model. */
export function recommendFromScores(model: Pick<Recommender, 'scoreItems' | 'userRow'>, user: number, k: number, exclude?: ReadonlySet<number>): ScoredItem[] {
  // scoreItems checks the user index.
  return topK(model.scoreItems(user), k, exclude ?? itemSet(model.userRow(user)));
}

/** `model.forEachSimilar` when it has one, else each of `model.similarItems` (nothing for a model without either). */
export function eachSimilar(model: Recommender | undefined, item: number, k: number, visit: (item: number, score: number) => void): void {
  if (model?.forEachSimilar !== undefined) model.forEachSimilar(item, k, visit);
  else for (const nb of model?.similarItems?.(item, k) ?? []) visit(nb.item, nb.score);
}

/** A user's row of a CSR matrix (indices and values) as a UserRow. */
export function rowOf(rowStart: Int32Array, index: Int32Array, values: Float32Array, user: number): UserRow {
  const from = rowStart[user] ?? 0;
  const to = rowStart[user + 1] ?? from;
  return { items: index.subarray(from, to), values: values.subarray(from, to) };
}

/** Sums a history's weights per item: the plain (undecayed) row of a person the model did not see. */
export function summedRow(history: readonly HistoryEvent[], itemCount: number, weightOf: (e: HistoryEvent) => number = (e) => e.weight): UserRow {
  // Item and position in one exact double (item · n + position: below 2⁵³ for any catalog and history held in memory),
  // sorted natively: each item's events in their order, as the sum adds them.
  const n = history.length;
  const keys = new Float64Array(n);
  let m = 0;
  for (let p = 0; p < n; p++) {
    const item = history[p]!.item;
    if (item >= 0 && item < itemCount) keys[m++] = item * n + p;
  }
  const sorted = keys.subarray(0, m).sort();
  const items = new Int32Array(m);
  const sums = new Float64Array(m);
  let count = 0;
  for (let q = 0; q < m; q++) {
    const item = Math.floor(sorted[q]! / n);
    const w = weightOf(history[sorted[q]! - item * n]!);
    if (count > 0 && items[count - 1] === item) sums[count - 1]! += w;
    else {
      items[count] = item;
      sums[count++] = w;
    }
  }
  return { items: items.slice(0, count), values: Float32Array.from(sums.subarray(0, count)) };
}
