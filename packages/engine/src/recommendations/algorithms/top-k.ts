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
  if (k <= 0) return [];
  const heapItems = new Int32Array(k);
  const heapScores = new Float64Array(k);
  let size = 0;
  // The heap's root is the worst kept entry.
  const siftDown = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let worst = at;
      if (l < size && before(heapScores[worst]!, heapItems[worst]!, heapScores[l]!, heapItems[l]!)) worst = l;
      if (r < size && before(heapScores[worst]!, heapItems[worst]!, heapScores[r]!, heapItems[r]!)) worst = r;
      if (worst === at) return;
      [heapItems[at], heapItems[worst]] = [heapItems[worst]!, heapItems[at]!];
      [heapScores[at], heapScores[worst]] = [heapScores[worst]!, heapScores[at]!];
      at = worst;
    }
  };
  const n = candidates === undefined ? scores.length : candidates.count;
  for (let c = 0; c < n; c++) {
    const i = candidates === undefined ? c : candidates.indices[c]!;
    const s = scores[i]!;
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
    } else if (before(s, i, heapScores[0]!, heapItems[0]!)) {
      heapItems[0] = i;
      heapScores[0] = s;
      siftDown(0);
    }
  }
  const result: ScoredItem[] = [];
  for (let i = 0; i < size; i++) result.push({ item: heapItems[i]!, score: heapScores[i]! });
  return result.sort((a, b) => (before(a.score, a.item, b.score, b.item) ? -1 : 1));
}
