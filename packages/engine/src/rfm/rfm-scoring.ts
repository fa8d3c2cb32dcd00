import type { RfmSegmentName } from '@rapport/contracts';
import type { CustomerMeasures } from '@rapport/storage';
import { emptyCounts, emptyGrid, quintilesOf, scoreOf, type CutPoints } from './rfm-model.js';
import type { RfmCustomer } from './rfm-views.js';

const DAY_MS = 86_400_000;

/**
 * Money as RFM compares it. Sums of floating-point revenue differ in their last bits with the order of the sum, which
 * each database chooses (10.1 + 20.2 is 30.299999999999997); rounded to a millionth of the currency unit, equal
 * totals compare equal and every currency keeps all its decimals.
 */
export function roundMoney(amount: number): number {
  return Math.round(amount * 1e6) / 1e6;
}

/** Whole days from `lastOrderAt` to `asOf` (both Unix ms), rounded down. */
export function recencyDays(lastOrderAt: number, asOf: number): number {
  return Math.floor((asOf - lastOrderAt) / DAY_MS);
}

export interface Scoring {
  /** In the order the database returned them (sorting a million ids costs seconds; only a page of them needs it). */
  readonly customers: RfmCustomer[];
  readonly cutPoints: CutPoints | null;
  readonly counts: Record<RfmSegmentName, number>;
  readonly grid: number[][];
}

/**
 * Scores the customers whose orders the database summed, as of `asOf`. Written for a million customers: the measures
 * go to typed arrays (sorted without a comparator), and each customer becomes one object.
 */
export function scoreCustomers(rows: readonly CustomerMeasures[], asOf: number): Scoring {
  const n = rows.length;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  rows.forEach((row, i) => {
    recency[i] = recencyDays(row.last_order_at, asOf);
    frequency[i] = row.frequency;
    monetary[i] = roundMoney(row.monetary);
  });
  const counts = emptyCounts();
  const grid = emptyGrid();
  if (n === 0) return { customers: [], cutPoints: null, counts, grid };
  const cuts: CutPoints = { recency: quintilesOf(recency), frequency: quintilesOf(frequency), monetary: quintilesOf(monetary) };
  const customers: RfmCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const measures = { recencyDays: recency[i]!, frequency: frequency[i]!, monetary: monetary[i]! };
    const { r, f, m, segment } = scoreOf(measures, cuts);
    const customer: RfmCustomer = { profileId: rows[i]!.profile_id, ...measures, r, f, m, segment };
    counts[segment]++;
    grid[r - 1]![f - 1]!++;
    customers.push(customer);
  }
  return { customers, cutPoints: cuts, counts, grid };
}
