import { describe, expect, it } from 'vitest';
import { contentNeighbours, tokenize, type ProductText } from './content-similarity.js';

const p = (id: string, name: string, category: string | null = null, tags: string[] = [], description: string | null = null): ProductText => ({ id, name, category, tags, description });

describe('content similarity (BM25 cosine)', () => {
  it('tokenizes to lower-case words without stop words, folding plurals', () => {
    expect(tokenize('Set of 3 Cake Tins, Pantry Design')).toEqual(['cake', 'tin', 'pantry', 'design']);
    expect(tokenize('Glass jars & mugs — €5')).toEqual(['glass', 'jar', 'mug']);
    expect(tokenize('Grass')).toEqual(['grass']);
  });

  it('finds the products whose text is closest, best first, never the product itself', () => {
    const products = [
      p('t1', 'Earl Grey Black Tea', 'Tea > Black', ['loose leaf']),
      p('t2', 'English Breakfast Black Tea', 'Tea > Black', ['loose leaf']),
      p('t3', 'Sencha Green Tea', 'Tea > Green'),
      p('m1', 'Stoneware Mug', 'Cups'),
      p('m2', 'Enamel Mug', 'Cups', [], 'A camping mug'),
    ];
    const n = contentNeighbours(products);
    expect(n.get('t1')!.map((x) => x.id)).toEqual(['t2', 't3']);
    expect(n.get('m1')!.map((x) => x.id)).toEqual(['m2']);
    expect(n.get('t1')!.every((x) => x.id !== 't1')).toBe(true);
    const [first, second] = n.get('t1')!;
    expect(first!.score).toBeGreaterThan(second!.score);
    expect(first!.score).toBeLessThanOrEqual(1);
  });

  it('weighs rare words more than common ones', () => {
    // "vintage" is in every product: sharing it says nothing; "doily" is rare.
    const products = [p('a', 'vintage doily'), p('b', 'vintage doily coaster'), p('c', 'vintage coaster'), p('d', 'vintage lamp'), p('e', 'vintage clock')];
    const n = contentNeighbours(products);
    expect(n.get('a')![0]!.id).toBe('b');
    // The lamp shares only "vintage" with anything: its closest product is far less close than the doilies are.
    expect(n.get('d')![0]!.score).toBeLessThan(n.get('a')![0]!.score / 5);
  });

  it('keeps k neighbours and answers for a product with no words in common', () => {
    const products = [p('a', 'red mug'), p('b', 'red mug large'), p('c', 'red mug small'), p('d', 'blue plate')];
    expect(contentNeighbours(products, { neighbours: 1 }).get('a')).toHaveLength(1);
    expect(contentNeighbours(products).get('d')).toEqual([]);
  });
});
