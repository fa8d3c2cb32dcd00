/**
 * The ranking metrics of the evaluation contract (docs/recommendations.md), for one user's list. Binary relevance:
 * an item is relevant when the user has it in the test data.
 */
export interface RankingMetrics {
  /** Relevant items in the first k of the list. */
  readonly hits: number;
  /** hits / k — k, not the list's length: a list shorter than k (few candidates) counts its empty places as misses. */
  readonly precision: number;
  /** hits / |relevant|. */
  readonly recall: number;
  /** DCG / ideal DCG, gain 1 per hit discounted by log₂(rank + 1); the ideal has min(k, |relevant|) hits at the top. */
  readonly ndcg: number;
  /** Average precision: Σ over hits at rank r of (hits up to r) / r, divided by |relevant| (Microsoft Recommenders' MAP). */
  readonly averagePrecision: number;
}

/** The metrics of `list` (best first; only the first k count) against the user's relevant items (at least one). */
export function rankingMetrics(list: readonly string[], relevant: ReadonlySet<string>, k: number): RankingMetrics {
  if (relevant.size === 0) throw new RangeError('a user without relevant items has no metrics');
  let hits = 0;
  let dcg = 0;
  let precisionSum = 0;
  const n = Math.min(k, list.length);
  for (let r = 1; r <= n; r++) {
    if (!relevant.has(list[r - 1]!)) continue;
    hits++;
    dcg += 1 / Math.log2(r + 1);
    precisionSum += hits / r;
  }
  let ideal = 0;
  for (let r = 1; r <= Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 1);
  return { hits, precision: hits / k, recall: hits / relevant.size, ndcg: dcg / ideal, averagePrecision: precisionSum / relevant.size };
}

/**
 * The percentile rank of each item's popularity among the candidates, 100 for the most popular:
 * 100 · |{ j : popularity(j) ≤ popularity(i) }| / |candidates|. Items of equal popularity share the higher rank.
 */
export function popularityPercentiles(popularity: ArrayLike<number>): Float64Array {
  const n = popularity.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => popularity[a]! - popularity[b]!);
  const percentiles = new Float64Array(n);
  let end = 0;
  for (let at = 0; at < n; at = end) {
    end = at;
    while (end < n && popularity[order[end]!] === popularity[order[at]!]) end++;
    for (let t = at; t < end; t++) percentiles[order[t]!] = (100 * end) / n;
  }
  return percentiles;
}

/** Running sums of the metrics over users, and what coverage and popularity bias need. */
export class MetricTotals {
  #users = 0;
  #precision = 0;
  #recall = 0;
  #ndcg = 0;
  #map = 0;
  #recommended = 0;
  #percentileSum = 0;
  readonly #distinct = new Set<number>();

  /** Adds one user's metrics and list (as candidate item indices, for coverage and popularity). */
  add(m: RankingMetrics, listItems: readonly number[], percentiles: ArrayLike<number>): void {
    this.#users++;
    this.#precision += m.precision;
    this.#recall += m.recall;
    this.#ndcg += m.ndcg;
    this.#map += m.averagePrecision;
    for (const i of listItems) {
      this.#distinct.add(i);
      this.#recommended++;
      this.#percentileSum += percentiles[i]!;
    }
  }

  /** Means over the users added; coverage = distinct recommended items / candidate items. */
  result(candidates: number): { map: number; ndcg: number; precision: number; recall: number; coverage: number; popularity_percentile: number } {
    const mean = (sum: number) => (this.#users === 0 ? 0 : sum / this.#users);
    return {
      map: mean(this.#map),
      ndcg: mean(this.#ndcg),
      precision: mean(this.#precision),
      recall: mean(this.#recall),
      coverage: candidates === 0 ? 0 : this.#distinct.size / candidates,
      popularity_percentile: this.#recommended === 0 ? 0 : this.#percentileSum / this.#recommended,
    };
  }
}
