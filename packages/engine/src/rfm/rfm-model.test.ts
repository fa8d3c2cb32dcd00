import { rfmSegmentNames } from '@rapport/contracts';
import type { CustomerMeasures } from '@rapport/storage';
import { describe, expect, it } from 'vitest';
import { cutPoints, percentileCont, scoreOf, segmentOf, type CutPoints } from './rfm-model.js';
import { recencyDays, roundMoney, scoreCustomers } from './rfm-scoring.js';

const DAY = 86_400_000;

describe('percentileCont', () => {
  it('interpolates linearly at (n − 1) · p, as PERCENTILE_CONT does', () => {
    // n = 5: positions 0.8, 1.6, 2.4, 3.2.
    expect([20, 40, 60, 80].map((p) => percentileCont([1, 2, 3, 4, 5], p))).toEqual([1.8, 2.6, 3.4, 4.2]);
    // n = 4, p60: position 1.8 (3 · 0.6 is 1.7999999999999998 in floating point), 20 + 0.8 · 10.
    expect(percentileCont([10, 20, 30, 40], 60)).toBe(28);
    // A whole position takes the value there: n = 6, p20 → position 1.
    expect(percentileCont([3, 7, 8, 9, 10, 11], 20)).toBe(7);
    expect(percentileCont([42], 80)).toBe(42);
  });

  it('refuses an empty set', () => {
    expect(() => percentileCont([], 20)).toThrow(RangeError);
  });
});

describe('cutPoints', () => {
  it('sorts each measure and cuts it at p20, p40, p60, p80', () => {
    const customers = [
      { recencyDays: 40, frequency: 1, monetary: 100 },
      { recencyDays: 0, frequency: 4, monetary: -10 },
      { recencyDays: 10, frequency: 2, monetary: 5 },
      { recencyDays: 30, frequency: 1, monetary: 0 },
      { recencyDays: 20, frequency: 1, monetary: 30 },
    ];
    // Sorted: recency 0 10 20 30 40, frequency 1 1 1 2 4, monetary −10 0 5 30 100; positions 0.8, 1.6, 2.4, 3.2.
    expect(cutPoints(customers)).toEqual({ recency: [8, 16, 24, 32], frequency: [1, 1, 1.4, 2.4], monetary: [-2, 3, 15, 44] });
  });

  it('has none without customers', () => {
    expect(cutPoints([])).toBeNull();
  });

  it('puts every cut at the value of a single customer, who scores R 5, F 1, M 1 (New Customers)', () => {
    const one = { recencyDays: 12, frequency: 3, monetary: 50 };
    const cuts = cutPoints([one])!;
    expect(cuts).toEqual({ recency: [12, 12, 12, 12], frequency: [3, 3, 3, 3], monetary: [50, 50, 50, 50] });
    expect(scoreOf(one, cuts)).toEqual({ r: 5, f: 1, m: 1, segment: 'New Customers' });
  });

  it('splits two customers: the recent small buyer is new, the old big one cannot be lost', () => {
    const recent = { recencyDays: 10, frequency: 1, monetary: 20 };
    const old = { recencyDays: 30, frequency: 3, monetary: 100 };
    const cuts = cutPoints([old, recent])!;
    // Position p: a + p · (b − a).
    expect(cuts).toEqual({ recency: [14, 18, 22, 26], frequency: [1.4, 1.8, 2.2, 2.6], monetary: [36, 52, 68, 84] });
    expect(scoreOf(recent, cuts)).toEqual({ r: 5, f: 1, m: 1, segment: 'New Customers' });
    expect(scoreOf(old, cuts)).toEqual({ r: 1, f: 5, m: 5, segment: "Can't Lose Them" });
  });

  it('gives everyone the same scores when all are tied', () => {
    const same = { recencyDays: 7, frequency: 2, monetary: 25 };
    const cuts = cutPoints([same, same, same, same, same, same])!;
    expect(scoreOf(same, cuts)).toEqual({ r: 5, f: 1, m: 1, segment: 'New Customers' });
  });
});

describe('scoreOf', () => {
  const cuts: CutPoints = { recency: [5, 10, 20, 40], frequency: [1, 1, 2, 3], monetary: [10, 20, 30, 40] };
  const score = (recency: number, frequency: number, monetary: number) => scoreOf({ recencyDays: recency, frequency, monetary }, cuts);

  it('counts only cut points strictly below the value (ties score low for F and M, high for R)', () => {
    expect([1, 2, 3, 4].map((f) => score(0, f, 0).f)).toEqual([1, 3, 4, 5]);
    expect([10, 10.01, 20, 40, 40.5].map((m) => score(0, 1, m).m)).toEqual([1, 2, 2, 4, 5]);
    expect([0, 5, 6, 10, 11, 40, 41].map((r) => score(r, 1, 0).r)).toEqual([5, 5, 4, 4, 3, 2, 1]);
  });
});

describe('segmentOf', () => {
  it('names every one of the 25 (R, F) cells as the segment table says', () => {
    // Rows R = 1..5, columns F = 1..5, written out from docs/rfm.md.
    const table = [
      ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
      ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
      ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal Customers', 'Loyal Customers'],
      ['Promising', 'Potential Loyalists', 'Potential Loyalists', 'Loyal Customers', 'Loyal Customers'],
      ['New Customers', 'Potential Loyalists', 'Potential Loyalists', 'Champions', 'Champions'],
    ];
    const actual = [1, 2, 3, 4, 5].map((r) => [1, 2, 3, 4, 5].map((f) => segmentOf(r, f)));
    expect(actual).toEqual(table);
    // Every named segment is reachable.
    expect(new Set(actual.flat())).toEqual(new Set(rfmSegmentNames));
  });

  it('refuses a score out of 1..5', () => {
    expect(() => segmentOf(0, 3)).toThrow(RangeError);
    expect(() => segmentOf(3, 6)).toThrow(RangeError);
  });
});

describe('scoreCustomers', () => {
  const asOf = Date.UTC(2026, 5, 15, 12);

  it('counts recency in whole days, rounded down', () => {
    expect(recencyDays(asOf, asOf)).toBe(0);
    expect(recencyDays(asOf - DAY + 1, asOf)).toBe(0);
    expect(recencyDays(asOf - 3 * DAY, asOf)).toBe(3);
    expect(recencyDays(asOf - 3 * DAY + 1, asOf)).toBe(2);
  });

  it('makes equal money totals equal whatever order they were summed in', () => {
    expect(10.1 + 20.2).not.toBe(30.3);
    expect(roundMoney(10.1 + 20.2)).toBe(30.3);
    expect(roundMoney(-0.1 - 0.2)).toBe(-0.3);
  });

  it('scores each customer and counts the segments and the (R, F) grid', () => {
    const rows: CustomerMeasures[] = [
      { profile_id: 'p-b', last_order_at: asOf - 30 * DAY, frequency: 3, monetary: 100 },
      { profile_id: 'p-a', last_order_at: asOf - 10 * DAY - 5, frequency: 1, monetary: 10.1 + 9.9 },
    ];
    const s = scoreCustomers(rows, asOf);
    expect(s.customers).toEqual([
      { profileId: 'p-b', recencyDays: 30, frequency: 3, monetary: 100, r: 1, f: 5, m: 5, segment: "Can't Lose Them" },
      { profileId: 'p-a', recencyDays: 10, frequency: 1, monetary: 20, r: 5, f: 1, m: 1, segment: 'New Customers' },
    ]);
    expect(s.counts).toEqual({
      Hibernating: 0,
      'At Risk': 0,
      "Can't Lose Them": 1,
      'About to Sleep': 0,
      'Need Attention': 0,
      'Loyal Customers': 0,
      Promising: 0,
      'New Customers': 1,
      'Potential Loyalists': 0,
      Champions: 0,
    });
    expect(s.grid).toEqual([
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
    ]);
  });
});
