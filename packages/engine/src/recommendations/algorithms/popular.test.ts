import { describe, expect, it } from 'vitest';
import { buildInteractionMatrix } from './interactions.js';
import { fitPopular, popularFromSnapshot } from './popular.js';

const DAY = 86_400;
const m = buildInteractionMatrix([
  // x: one user buying it three times; y: two users; z: one user, long ago.
  { userId: 'u1', itemId: 'x', weight: 1, timestamp: 10 * DAY },
  { userId: 'u1', itemId: 'x', weight: 5, timestamp: 10 * DAY },
  { userId: 'u1', itemId: 'x', weight: 1, timestamp: 10 * DAY },
  { userId: 'u1', itemId: 'y', weight: 1, timestamp: 10 * DAY },
  { userId: 'u2', itemId: 'y', weight: 1, timestamp: 9 * DAY },
  { userId: 'u3', itemId: 'z', weight: 1, timestamp: 0 },
]);

describe('popular', () => {
  it('counts distinct users, not purchases, and leaves out what the user has', () => {
    const model = fitPopular(m);
    expect(Array.from(model.scoreHistory())).toEqual([1, 2, 1]);
    expect(model.recommend(2, 3).map((s) => m.itemIds[s.item])).toEqual(['y', 'x']);
  });

  it('with a half-life, weighs each user by the age of their latest event on the item', () => {
    const model = fitPopular(m, { halfLifeDays: 1 });
    expect(Array.from(model.scoreHistory())).toEqual([1, 1 + 0.5, Math.fround(2 ** -10)]);
  });

  it('recommends the same after a snapshot round trip', () => {
    const back = popularFromSnapshot(fitPopular(m).toSnapshot());
    expect(back.recommend(0, 3)).toEqual([{ item: 2, score: 1 }]);
  });
});
