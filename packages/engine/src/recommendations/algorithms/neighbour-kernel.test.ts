import { describe, expect, it } from 'vitest';
import { NeighbourKernel } from './neighbour-kernel.js';
import type { CompactRows } from './neighbour-model.js';
import { seededRandom } from './seeded-random.js';

/** Random neighbour lists: up to `most` neighbours per item, some items with none. */
function randomLists(items: number, most: number, seed: number): CompactRows {
  const random = seededRandom(seed);
  const start = new Int32Array(items + 1);
  const index: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < items; i++) {
    const count = random() < 0.2 ? 0 : Math.floor(random() * most);
    for (let k = 0; k < count; k++) {
      index.push(Math.floor(random() * items));
      values.push(random() * 2 - 0.5);
    }
    start[i + 1] = index.length;
  }
  return { start, index: Int32Array.from(index), values: Float32Array.from(values) };
}

/** The JavaScript loop the kernel stands for. */
function reference(lists: CompactRows, items: number, rowItems: Int32Array, weights: Float32Array): Float64Array {
  const scores = new Float64Array(items).fill(-Infinity);
  for (let p = 0; p < rowItems.length; p++) {
    const i = rowItems[p]!;
    for (let q = lists.start[i]!; q < lists.start[i + 1]!; q++) {
      const j = lists.index[q]!;
      scores[j] = (scores[j] === -Infinity ? 0 : scores[j]!) + weights[p]! * lists.values[q]!;
    }
  }
  return scores;
}

describe('NeighbourKernel', () => {
  it.each([
    [1, 1, 1],
    [7, 5, 3],
    [500, 60, 40],
    [3665, 200, 61],
  ])('scores a row as the JavaScript loop does, bit for bit, −∞ where no list reaches (%i items, lists up to %i, rows of %i)', (items, most, rowLength) => {
    const lists = randomLists(items, most, items + most);
    const kernel = new NeighbourKernel(lists, items);
    // The lists moved into the kernel's memory read as before.
    expect(Array.from(kernel.neighbours.values)).toEqual(Array.from(lists.values));
    const random = seededRandom(rowLength);
    for (let round = 0; round < 3; round++) {
      const chosen = [...new Set(Array.from({ length: rowLength }, () => Math.floor(random() * items)))].sort((a, b) => a - b);
      const rowItems = Int32Array.from(chosen);
      const weights = Float32Array.from(chosen, () => random() * 3);
      const got = kernel.scoreRow({ items: rowItems, values: weights });
      expect(Array.from(got)).toEqual(Array.from(reference(lists, items, rowItems, weights)));
    }
    expect(Array.from(kernel.scoreRow({ items: new Int32Array(0), values: new Float32Array(0) }))).toEqual(new Array<number>(items).fill(-Infinity));
  });
});
