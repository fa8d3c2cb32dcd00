import { checkUser, noUsers, recommendFromScores, rowOf, type AlgorithmName, type HistoryEvent, type Params, type Recommender, type SnapshotOptions, type UserRow } from './recommender.js';
import { NeighbourKernel } from './neighbour-kernel.js';
import { snapshotArray, type ModelSnapshot } from './snapshot.js';
import { topKAmong, type ScoredItem } from './top-k.js';

/** A sparse matrix in CSR form with Float32 values: users' rows, or items' neighbour lists. */
export interface CompactRows {
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly values: Float32Array;
}

/** What an item-neighbourhood model is made of. */
export interface NeighbourModelParts {
  readonly algorithm: AlgorithmName;
  readonly params: Params;
  readonly itemIds: readonly string[];
  readonly userIds: readonly string[];
  /** Users' training rows, weighted as the model scores them. */
  readonly users: CompactRows;
  /** Row i: the items that item i lends score to, and how much per unit of the user's weight on i. */
  readonly neighbours: CompactRows;
  readonly numbers: Readonly<Record<string, number>>;
  /** A history (a person not in training, or their live events) as the weighted row the model scores. */
  readonly rowOfHistory: (history: readonly HistoryEvent[], now: number) => UserRow;
}

/**
 * Item-neighbourhood scoring, shared by SAR, item-kNN and EASE: score(j) = Σ over the user's items i of
 * weight(i) · s(i, j), over the top neighbours kept per item. Items that no neighbour list reaches stay at
 * −Infinity (no evidence), so the caller can fill the list with its fallback.
 */
export class NeighbourModel implements Recommender {
  readonly algorithm: AlgorithmName;
  readonly params: Params;
  readonly itemIds: readonly string[];
  readonly userIds: readonly string[];
  #parts: NeighbourModelParts;
  #kernel: NeighbourKernel | undefined;
  /** Whether every neighbour list is stored best first (as training stores them), checked once. */
  #bestFirst: boolean | undefined;

  constructor(parts: NeighbourModelParts) {
    this.#parts = parts;
    this.algorithm = parts.algorithm;
    this.params = parts.params;
    this.itemIds = parts.itemIds;
    this.userIds = parts.userIds;
  }

  userRow(user: number): UserRow {
    const u = this.#parts.users;
    return rowOf(u.start, u.index, u.values, user);
  }

  scoreItems(user: number): Float64Array {
    checkUser(this, user);
    return this.scoreRow(this.userRow(user));
  }

  scoreHistory(history: readonly HistoryEvent[], now?: number): Float64Array {
    return this.scoreRow(this.#historyRow(history, now));
  }

  scoreHistoryView(history: readonly HistoryEvent[], now?: number): Float64Array {
    return this.#scorer().scoreRowView(this.#historyRow(history, now));
  }

  #historyRow(history: readonly HistoryEvent[], now: number | undefined): UserRow {
    return this.#parts.rowOfHistory(history, now ?? this.#parts.numbers['latestTime'] ?? 0);
  }

  /** Scores of every item for a weighted row of items, by the WebAssembly loop of neighbour-kernel.ts. */
  scoreRow(row: UserRow): Float64Array {
    return this.#scorer().scoreRow(row);
  }

  /** The kernel, made at the first row scored: the neighbour lists move into its memory. */
  #scorer(): NeighbourKernel {
    if (this.#kernel === undefined) {
      this.#kernel = new NeighbourKernel(this.#parts.neighbours, this.itemIds.length);
      this.#parts = { ...this.#parts, neighbours: this.#kernel.neighbours };
    }
    return this.#kernel;
  }

  recommend(user: number, k: number, exclude?: ReadonlySet<number>): ScoredItem[] {
    return recommendFromScores(this, user, k, exclude);
  }

  /**
   * The first k of the item's neighbour list. Training stores each list best first; its Float32 values can tie where
   * the Float64 ones did not, and ties rank by lower index (top-k.ts): the run of equal values that the k-th falls in
   * is read whole and sorted, so the answer is the top-k of the stored values, at the cost of k entries, not of the
   * catalog.
   */
  similarItems(item: number, k: number): ScoredItem[] {
    const { start, index, values } = this.#parts.neighbours;
    const from = start[item] ?? 0;
    const to = start[item + 1] ?? from;
    if (k <= 0 || from >= to) return [];
    if (!(this.#bestFirst ??= listsBestFirst(this.#parts.neighbours))) {
      const scores = new Float64Array(this.itemIds.length);
      for (let q = from; q < to; q++) scores[index[q]!] = values[q]!;
      return topKAmong(scores, { indices: index.subarray(from, to), count: to - from }, k);
    }
    let end = Math.min(from + k, to);
    while (end < to && values[end] === values[end - 1]) end++;
    const out: ScoredItem[] = [];
    for (let q = from; q < end; q++) if (Number.isFinite(values[q])) out.push({ item: index[q]!, score: values[q]! });
    // Training writes each list best first, ties by lower index: sorted already, unless stored otherwise.
    const byRank = (a: ScoredItem, b: ScoredItem) => b.score - a.score || a.item - b.item;
    if (!out.every((e, i) => i === 0 || byRank(out[i - 1]!, e) <= 0)) out.sort(byRank);
    return out.length > k ? out.slice(0, k) : out;
  }

  forEachSimilar(item: number, k: number, visit: (item: number, score: number) => void): void {
    const { start, index, values } = this.#parts.neighbours;
    const from = start[item] ?? 0;
    const to = start[item + 1] ?? from;
    const end = Math.min(from + Math.max(k, 0), to);
    // Best first, and no run of equal values across the k-th: the first k are similarItems' k, without a list.
    if ((this.#bestFirst ??= listsBestFirst(this.#parts.neighbours)) && (end === to || values[end] !== values[end - 1])) {
      for (let q = from; q < end; q++) if (Number.isFinite(values[q])) visit(index[q]!, values[q]!);
      return;
    }
    for (const nb of this.similarItems(item, k)) visit(nb.item, nb.score);
  }

  toSnapshot(options: SnapshotOptions = {}): ModelSnapshot {
    const keepUsers = options.users ?? true;
    const { neighbours } = this.#parts;
    const users = keepUsers ? this.#parts.users : noUsers;
    return {
      format: 1,
      algorithm: this.algorithm,
      params: this.params,
      itemIds: this.itemIds,
      userIds: keepUsers ? this.userIds : [],
      numbers: this.#parts.numbers,
      arrays: {
        userStart: users.start,
        userItems: users.index,
        userValues: users.values,
        neighbourStart: neighbours.start,
        neighbourItems: neighbours.index,
        neighbourValues: neighbours.values,
      },
      parts: {},
    };
  }
}

/** Whether each row's values never increase: lists stored best first. */
function listsBestFirst(rows: CompactRows): boolean {
  for (let i = 0; i + 1 < rows.start.length; i++) {
    for (let q = rows.start[i]! + 1; q < rows.start[i + 1]!; q++) if (!(rows.values[q - 1]! >= rows.values[q]!)) return false;
  }
  return true;
}

/** The parts of a neighbour model stored in a snapshot (the caller adds how it weighs a history). */
export function neighbourPartsOf(s: ModelSnapshot): Omit<NeighbourModelParts, 'rowOfHistory'> {
  return {
    algorithm: s.algorithm,
    params: s.params,
    itemIds: s.itemIds,
    userIds: s.userIds,
    numbers: s.numbers,
    users: { start: snapshotArray(s, 'userStart', Int32Array), index: snapshotArray(s, 'userItems', Int32Array), values: snapshotArray(s, 'userValues', Float32Array) },
    neighbours: {
      start: snapshotArray(s, 'neighbourStart', Int32Array),
      index: snapshotArray(s, 'neighbourItems', Int32Array),
      values: snapshotArray(s, 'neighbourValues', Float32Array),
    },
  };
}
