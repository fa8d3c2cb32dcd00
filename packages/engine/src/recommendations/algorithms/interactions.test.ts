import { describe, expect, it } from 'vitest';
import { buildInteractionMatrix, transpose, usersPerItem, weightRows, type Interaction } from './interactions.js';

const rows: Interaction[] = [
  { userId: 'u2', itemId: 'b', weight: 1, timestamp: 30 },
  { userId: 'u1', itemId: 'c', weight: 2, timestamp: 10 },
  { userId: 'u1', itemId: 'a', weight: 1, timestamp: 20 },
  { userId: 'u1', itemId: 'c', weight: 3, timestamp: 5 },
  { userId: 'u2', itemId: 'a', weight: 1, timestamp: 40 },
];

describe('buildInteractionMatrix', () => {
  it('sorts ids, merges the rows of a (user, item) pair by summing weights, and keeps each event', () => {
    const m = buildInteractionMatrix(rows);
    expect(m.userIds).toEqual(['u1', 'u2']);
    expect(m.itemIds).toEqual(['a', 'b', 'c']);
    expect(Array.from(m.rowStart)).toEqual([0, 2, 4]);
    expect(Array.from(m.items)).toEqual([0, 2, 0, 1]);
    expect(Array.from(m.weights)).toEqual([1, 5, 1, 1]);
    // u1–c has two events, in time order.
    expect(Array.from(m.eventStart)).toEqual([0, 1, 3, 4, 5]);
    expect(Array.from(m.eventTimes.subarray(1, 3))).toEqual([5, 10]);
    expect(Array.from(m.eventWeights.subarray(1, 3))).toEqual([3, 2]);
    expect(m.latestTime).toBe(40);
  });

  it('builds the same arrays whatever the order of the rows', () => {
    const a = buildInteractionMatrix(rows);
    const b = buildInteractionMatrix([...rows].reverse());
    expect(b).toEqual(a);
  });

  it('keeps to a given item vocabulary, leaving other items out', () => {
    const m = buildInteractionMatrix(rows, { itemIds: ['a', 'c'] });
    expect(m.itemIds).toEqual(['a', 'c']);
    expect(Array.from(m.items)).toEqual([0, 1, 0]);
  });

  it('transposes to items × users and counts users per item', () => {
    const m = buildInteractionMatrix(rows);
    const t = transpose(weightRows(m));
    expect(Array.from(t.rowStart)).toEqual([0, 2, 3, 4]);
    expect(Array.from(t.index)).toEqual([0, 1, 1, 0]);
    expect(Array.from(t.values)).toEqual([1, 1, 1, 5]);
    expect(Array.from(usersPerItem(m))).toEqual([2, 1, 1]);
  });
});
