import { describe, expect, it } from 'vitest';
import { rankList, unranked } from './list-ranking.js';

const categories: Record<string, string> = { tea1: 'Tea', tea2: 'Tea', mug: 'Cups', trowel: 'Garden' };
const signals = (affinity: Record<string, number>, picks: string[] = [], recommender: string | null = null) => ({
  affinity,
  picks: new Map(picks.map((p, i) => [p, i])),
  recommender,
  categoryOf: (id: string) => categories[id] ?? null,
});

describe('ordering a list by interest', () => {
  it('keeps the order sent when there is no signal', () => {
    const r = rankList(['tea1', 'mug', 'trowel'], signals({}), 0.5);
    expect(r.map((i) => i.productId)).toEqual(['tea1', 'mug', 'trowel']);
    expect(r.every((i) => i.moved === 0 && i.reason === null)).toBe(true);
    expect(unranked(['a', 'b']).map((i) => i.score)).toEqual([1, 0]);
  });

  it("moves the person's categories up, more with more weight, and says why", () => {
    const items = ['tea1', 'mug', 'tea2', 'trowel'];
    const light = rankList(items, signals({ Garden: 3, Tea: 1 }), 0.2);
    expect(light.map((i) => i.productId)).toEqual(['tea1', 'mug', 'tea2', 'trowel']);
    const strong = rankList(items, signals({ Garden: 3, Tea: 1 }), 0.8);
    expect(strong.map((i) => i.productId)).toEqual(['trowel', 'tea1', 'tea2', 'mug']);
    expect(strong[0]).toMatchObject({ productId: 'trowel', moved: 3, reason: 'Because you often look at Garden' });
    // Moving down has no reason to give.
    expect(strong.find((i) => i.productId === 'mug')).toMatchObject({ moved: -2, reason: null });
  });

  it("lifts a recommender's picks, in its order", () => {
    const r = rankList(['tea1', 'tea2', 'mug', 'trowel'], signals({}, ['mug', 'trowel'], 'For you'), 0.7);
    expect(r.map((i) => i.productId).slice(0, 2)).toEqual(['mug', 'trowel']);
    expect(r[0]!.reason).toBe('Picked for you by “For you”');
  });
});
