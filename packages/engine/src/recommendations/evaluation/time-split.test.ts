import { describe, expect, it } from 'vitest';
import { timeSplit } from './time-split.js';

const DAY = 86_400;
const row = (userId: string, itemId: string, day: number) => ({ userId, itemId, rating: null, timestamp: day * DAY });

describe('timeSplit', () => {
  it('tests on the last days, learns from the rest, and leaves out test rows of items the user had in train', () => {
    const rows = [row('u1', 'a', 0), row('u1', 'b', 50), row('u2', 'a', 60), row('u1', 'a', 80), row('u1', 'c', 90), row('u3', 'd', 100)];
    const split = timeSplit(rows, 30);
    expect(split.cutoff).toBe(70 * DAY);
    expect(split.train).toEqual([row('u1', 'a', 0), row('u1', 'b', 50), row('u2', 'a', 60)]);
    // u1 bought a again on day 80: a repeat, left out. u3 is new: kept.
    expect(split.test).toEqual([row('u1', 'c', 90), row('u3', 'd', 100)]);
    expect(split.repeatsLeftOut).toBe(1);
  });

  it('puts a row exactly at the cutoff in train', () => {
    // Latest day 15, 10 test days: the cutoff is day 5, and the row of day 5 is in train.
    const split = timeSplit([row('u', 'a', 0), row('u', 'b', 5), row('u', 'c', 15)], 10);
    expect(split.train.map((r) => r.itemId)).toEqual(['a', 'b']);
    expect(split.test.map((r) => r.itemId)).toEqual(['c']);
  });
});
