/**
 * The user–item matrix every algorithm learns from, in compressed sparse row form (CSR) with integer ids.
 *
 * Ids are sorted (by UTF-16 code unit, as `<` compares strings) before they get their index, so that "lower index"
 * means "lower id": every tie between equal scores is then broken by item id just by comparing indices, and two
 * runs over the same rows build the same matrix whatever order the rows came in.
 */

/** One positive interaction: a purchase, a rating, a view… */
export interface Interaction {
  readonly userId: string;
  readonly itemId: string;
  /** How much it counts (a rating, a quantity); rows of the same user and item add up. */
  readonly weight: number;
  /** Unix seconds. */
  readonly timestamp: number;
}

/**
 * Users × items. Row u lists the items of user u in ascending index order with the sum of their weights; each
 * (user, item) pair also keeps its events (time and weight), for models that weigh recent events more (SAR's
 * time decay, time-decayed popularity).
 */
export interface InteractionMatrix {
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  /** Row u is `items[rowStart[u] … rowStart[u + 1])`; length users + 1. */
  readonly rowStart: Int32Array;
  /** Item index of each stored pair. */
  readonly items: Int32Array;
  /** Summed weight of each stored pair. */
  readonly weights: Float64Array;
  /** Events of pair p are `eventTimes[eventStart[p] … eventStart[p + 1])`; length pairs + 1. */
  readonly eventStart: Int32Array;
  /** Unix seconds, ascending within a pair. */
  readonly eventTimes: Float64Array;
  readonly eventWeights: Float64Array;
  /** The latest event of all, Unix seconds (0 without events): the "now" of time decay, so that results are reproducible. */
  readonly latestTime: number;
}

/** The sorted distinct values of `ids`. */
function sortedDistinct(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A map from each id to its position. */
export function indexById(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}

/**
 * Builds the matrix. Events are sorted by (user, item, time) so that the same rows in any order give the same
 * arrays. `itemIds` fixes the item vocabulary (rows of other items are left out), for a matrix that must share
 * indices with another one.
 */
export function buildInteractionMatrix(rows: readonly Interaction[], options: { itemIds?: readonly string[] } = {}): InteractionMatrix {
  const itemIds = options.itemIds ?? sortedDistinct(rows.map((r) => r.itemId));
  const itemIndex = indexById(itemIds);
  const kept = options.itemIds === undefined ? rows : rows.filter((r) => itemIndex.has(r.itemId));
  const userIds = sortedDistinct(kept.map((r) => r.userId));
  const userIndex = indexById(userIds);
  const n = kept.length;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    const r = kept[e]!;
    user[e] = userIndex.get(r.userId)!;
    item[e] = itemIndex.get(r.itemId)!;
  }
  const order = Array.from({ length: n }, (_, e) => e).sort(
    (a, b) => user[a]! - user[b]! || item[a]! - item[b]! || kept[a]!.timestamp - kept[b]!.timestamp || kept[a]!.weight - kept[b]!.weight,
  );

  const rowStart = new Int32Array(userIds.length + 1);
  const pairItems: number[] = [];
  const pairWeights: number[] = [];
  const eventStart: number[] = [];
  const eventTimes = new Float64Array(n);
  const eventWeights = new Float64Array(n);
  let latestTime = 0;
  let lastUser = -1;
  let lastItem = -1;
  for (let k = 0; k < n; k++) {
    const e = order[k]!;
    const u = user[e]!;
    const i = item[e]!;
    const { weight, timestamp } = kept[e]!;
    if (u !== lastUser || i !== lastItem) {
      eventStart.push(k);
      pairItems.push(i);
      pairWeights.push(0);
      rowStart[u + 1] = pairItems.length;
      lastUser = u;
      lastItem = i;
    }
    pairWeights[pairWeights.length - 1]! += weight;
    eventTimes[k] = timestamp;
    eventWeights[k] = weight;
    if (timestamp > latestTime) latestTime = timestamp;
  }
  eventStart.push(n);
  // Users are those of kept rows, so every row is non-empty; the running maximum fills nothing but keeps it monotone.
  for (let u = 1; u <= userIds.length; u++) rowStart[u] = Math.max(rowStart[u]!, rowStart[u - 1]!);
  return {
    userIds,
    itemIds,
    rowStart,
    items: Int32Array.from(pairItems),
    weights: Float64Array.from(pairWeights),
    eventStart: Int32Array.from(eventStart),
    eventTimes,
    eventWeights,
    latestTime,
  };
}

/** A sparse matrix in CSR form with one value per entry. */
export interface SparseRows {
  readonly rows: number;
  readonly columns: number;
  readonly rowStart: Int32Array;
  readonly index: Int32Array;
  readonly values: Float64Array;
}

/** The matrix's summed weights as plain CSR (users × items). */
export function weightRows(m: InteractionMatrix, transform: (weight: number) => number = (w) => w): SparseRows {
  return { rows: m.userIds.length, columns: m.itemIds.length, rowStart: m.rowStart, index: m.items, values: m.weights.map(transform) };
}

/** The transpose (columns become rows), with ascending indices within each row. */
export function transpose(a: SparseRows): SparseRows {
  const rowStart = new Int32Array(a.columns + 1);
  for (let p = 0; p < a.index.length; p++) rowStart[a.index[p]! + 1]!++;
  for (let c = 0; c < a.columns; c++) rowStart[c + 1]! += rowStart[c]!;
  const next = rowStart.slice(0, a.columns);
  const index = new Int32Array(a.index.length);
  const values = new Float64Array(a.index.length);
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.rowStart[r]!; p < a.rowStart[r + 1]!; p++) {
      const at = next[a.index[p]!]!++;
      index[at] = r;
      values[at] = a.values[p]!;
    }
  }
  return { rows: a.columns, columns: a.rows, rowStart, index, values };
}

/** The number of distinct users of each item. */
export function usersPerItem(m: InteractionMatrix): Int32Array {
  const counts = new Int32Array(m.itemIds.length);
  for (const i of m.items) counts[i]!++;
  return counts;
}
