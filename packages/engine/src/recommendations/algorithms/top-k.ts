/** An item index with its score. */
export interface ScoredItem {
  readonly item: number;
  readonly score: number;
}

/** a ranks before b: higher score first, then lower index (= lower item id, see interactions.ts), so results are reproducible. */
function before(scoreA: number, itemA: number, scoreB: number, itemB: number): boolean {
  return scoreA > scoreB || (scoreA === scoreB && itemA < itemB);
}

/**
 * The k best entries of `scores` (highest first, ties by lower index), leaving out indices in `exclude` and scores
 * that are not finite (−Infinity means "the model has no evidence for this item"). Fewer than k when fewer remain.
 * A bounded min-heap: O(n log k) for n scores.
 */
export function topK(scores: ArrayLike<number>, k: number, exclude?: { has(item: number): boolean }): ScoredItem[] {
  return topKAmong(scores, undefined, k, exclude);
}

/**
 * As `topK`, looking only at the indices `candidates[0 … count)` (the entries a sparse computation touched), so that
 * choosing the best few of a row costs the row's entries, not the whole catalog.
 */
export function topKAmong(
  scores: ArrayLike<number>,
  candidates: { readonly indices: ArrayLike<number>; readonly count: number } | undefined,
  k: number,
  exclude?: { has(item: number): boolean },
): ScoredItem[] {
  const top = selectTopK(scores, candidates, k, exclude);
  const result: ScoredItem[] = [];
  for (let i = 0; i < top.count; i++) result.push({ item: top.items[i]!, score: top.scores[i]! });
  return result;
}

/** The best entries in typed arrays, best first: `items[0 … count)` and their `scores`. */
export interface TopK {
  readonly items: Int32Array;
  readonly scores: Float64Array;
  readonly count: number;
}

/**
 * Restores a heap of `size` entries whose root is the worst (the last by `before`) after entry `at` got worse or
 * replaced the root: a hole moves down, not the entry, until the entry fits.
 */
function siftDown(heapScores: Float64Array, heapItems: Int32Array, size: number, at: number): void {
  const score = heapScores[at]!;
  const item = heapItems[at]!;
  for (;;) {
    const l = 2 * at + 1;
    if (l >= size) break;
    const r = l + 1;
    // The worse child: the one the other ranks before.
    const child = r < size && before(heapScores[l]!, heapItems[l]!, heapScores[r]!, heapItems[r]!) ? r : l;
    if (!before(score, item, heapScores[child]!, heapItems[child]!)) break;
    heapScores[at] = heapScores[child]!;
    heapItems[at] = heapItems[child]!;
    at = child;
  }
  heapScores[at] = score;
  heapItems[at] = item;
}

/**
 * As `topKAmong`, into typed arrays rather than an object per entry: for a model's neighbour lists, where a row's
 * objects would be garbage at once (millions of them for a catalog of thousands).
 */
export function selectTopK(
  scores: ArrayLike<number>,
  candidates: { readonly indices: ArrayLike<number>; readonly count: number } | undefined,
  k: number,
  exclude?: { has(item: number): boolean },
): TopK {
  const heapItems = new Int32Array(Math.max(k, 0));
  const heapScores = new Float64Array(heapItems.length);
  if (k <= 0) return { items: heapItems, scores: heapScores, count: 0 };
  let size = 0;
  // The heap's root is the worst kept entry.
  const n = candidates === undefined ? scores.length : candidates.count;
  let worstScore = -Infinity;
  let worstItem = -1;
  for (let c = 0; c < n; c++) {
    const i = candidates === undefined ? c : candidates.indices[c]!;
    const s = scores[i]!;
    // The cheap tests first: most entries of a catalog fall below the worst kept one (kept in locals), and need no
    // look-up in `exclude`.
    if (size === k && (s < worstScore || (s === worstScore && i > worstItem))) continue;
    if (!Number.isFinite(s) || exclude?.has(i)) continue;
    if (size < k) {
      // Sift up.
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!before(heapScores[parent]!, heapItems[parent]!, s, i)) break;
        heapItems[at] = heapItems[parent]!;
        heapScores[at] = heapScores[parent]!;
        at = parent;
      }
      heapItems[at] = i;
      heapScores[at] = s;
    } else {
      heapItems[0] = i;
      heapScores[0] = s;
      siftDown(heapScores, heapItems, size, 0);
    }
    worstScore = heapScores[0]!;
    worstItem = heapItems[0]!;
  }
  // Heap sort in place: the root (the worst) goes to the end, the heap shrinks; best first when done. `before` is a
  // total order (items are distinct), so this is the order a sort by it gives.
  const count = size;
  while (size > 1) {
    const last = --size;
    const item = heapItems[0]!;
    const score = heapScores[0]!;
    heapItems[0] = heapItems[last]!;
    heapScores[0] = heapScores[last]!;
    siftDown(heapScores, heapItems, size, 0);
    heapItems[last] = item;
    heapScores[last] = score;
  }
  return { items: heapItems, scores: heapScores, count };
}
