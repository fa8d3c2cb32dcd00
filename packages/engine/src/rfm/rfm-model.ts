import { rfmSegmentNames, type RfmSegmentName } from '@rapport/contracts';

/** The percentiles that cut each measure into fifths, as whole percents (so that positions are exact integers). */
const QUINTILE_PERCENTS = [20, 40, 60, 80] as const;

/** p20, p40, p60 and p80 of one measure. */
export type Quintiles = readonly [number, number, number, number];

export interface CutPoints {
  readonly recency: Quintiles;
  readonly frequency: Quintiles;
  readonly monetary: Quintiles;
}

/** One customer's measures. */
export interface Measures {
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetary: number;
}

export interface Scores {
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly segment: RfmSegmentName;
}

/**
 * The `percent`-th percentile of ascending `sorted` values with linear interpolation, as PostgreSQL's
 * PERCENTILE_CONT: position (n − 1) · p, between the values at its floor and its ceiling. The position is computed
 * in integers, (n − 1) · percent / 100, so that a position that is a whole number is exactly one (0.6 · 3 is
 * 1.7999999999999998 in floating point, 3 · 60 / 100 is 1.8).
 */
export function percentileCont(sorted: ArrayLike<number>, percent: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  const scaled = (sorted.length - 1) * percent;
  const lo = Math.floor(scaled / 100);
  const fraction = (scaled - lo * 100) / 100;
  const low = sorted[lo]!;
  if (fraction === 0) return low;
  const high = sorted[lo + 1]!;
  return low + (high - low) * fraction;
}

/** The quintile cut points of some values (a typed array sorts numbers in place, fast and without a comparator). */
export function quintilesOf(values: Float64Array): Quintiles {
  const sorted = values.slice().sort();
  const [p20, p40, p60, p80] = QUINTILE_PERCENTS.map((p) => percentileCont(sorted, p));
  return [p20!, p40!, p60!, p80!];
}

/** The quintile cut points of each measure over the customers in scope; null when there is none. */
export function cutPoints(customers: readonly Measures[]): CutPoints | null {
  if (customers.length === 0) return null;
  return {
    recency: quintilesOf(Float64Array.from(customers, (c) => c.recencyDays)),
    frequency: quintilesOf(Float64Array.from(customers, (c) => c.frequency)),
    monetary: quintilesOf(Float64Array.from(customers, (c) => c.monetary)),
  };
}

function below(cuts: Quintiles, value: number): number {
  let n = 0;
  for (const c of cuts) if (c < value) n++;
  return n;
}

/**
 * A customer's scores: F and M are 1 + the cut points strictly below the value; R is 5 − the recency cut points
 * strictly below the recency, so that the most recent buyers score 5.
 */
export function scoreOf(measures: Measures, cuts: CutPoints): Scores {
  const r = 5 - below(cuts.recency, measures.recencyDays);
  const f = 1 + below(cuts.frequency, measures.frequency);
  const m = 1 + below(cuts.monetary, measures.monetary);
  return { r, f, m, segment: segmentOf(r, f) };
}

/** Scores that a rule of the segment table accepts, as [r values, f values]. */
type Cell = readonly [readonly number[], readonly number[]];

/**
 * The named segments from (R, F), in the order they are checked: the last match wins. The usual RFM segment map
 * (docs/rfm.md), with M left to rules that want it.
 */
const segmentRules: readonly (readonly [Cell, RfmSegmentName])[] = [
  [[[1, 2], [1, 2]], 'Hibernating'],
  [[[1, 2], [3, 4]], 'At Risk'],
  [[[1, 2], [5]], "Can't Lose Them"],
  [[[3], [1, 2]], 'About to Sleep'],
  [[[3], [3]], 'Need Attention'],
  [[[3, 4], [4, 5]], 'Loyal Customers'],
  [[[4], [1]], 'Promising'],
  [[[5], [1]], 'New Customers'],
  [[[4, 5], [2, 3]], 'Potential Loyalists'],
  [[[5], [4, 5]], 'Champions'],
];

/** The named segment of scores r and f (1 to 5 each). */
export function segmentOf(r: number, f: number): RfmSegmentName {
  let name: RfmSegmentName | undefined;
  for (const [[rs, fs], candidate] of segmentRules) if (rs.includes(r) && fs.includes(f)) name = candidate;
  if (name === undefined) throw new RangeError(`no RFM segment for r=${r}, f=${f}`);
  return name;
}

/** A count of 0 for every named segment. */
export function emptyCounts(): Record<RfmSegmentName, number> {
  return Object.fromEntries(rfmSegmentNames.map((n) => [n, 0])) as Record<RfmSegmentName, number>;
}

/** A 5 × 5 grid of zeros, indexed [r − 1][f − 1]. */
export function emptyGrid(): number[][] {
  return Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
}
