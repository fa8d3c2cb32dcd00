import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketOf, variantAt } from './bucketing.js';

interface Spec {
  cases: { seed: string; id: string; bucket: number; variants: { key: string; weight: number }[]; variant: string | null }[];
  positions: { position: number; variants: { key: string; weight: number }[]; variant: string | null }[];
}

// The cases the server replays too, computed with coreutils' sha256sum.
const spec = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../contracts/spec/bucketing.json'), 'utf8')) as Spec;

describe('bucketing (contracts/spec/bucketing.json)', () => {
  it.each(spec.cases)('puts $id in bucket $bucket of "$seed", variant $variant', (c) => {
    expect(bucketOf(c.seed, c.id)).toBe(c.bucket);
    expect(variantAt(c.variants, bucketOf(c.seed, c.id))?.key ?? null).toBe(c.variant);
  });

  it.each(spec.positions)('gives position $position the variant $variant', (c) => {
    expect(variantAt(c.variants, c.position)?.key ?? null).toBe(c.variant);
  });

  it('spreads people evenly over [0, 10000)', () => {
    const halves = [0, 0];
    for (let i = 0; i < 4000; i++) {
      const b = bucketOf('home_hero:test', `visitor-${i}`);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(10_000);
      halves[b < 5000 ? 0 : 1]!++;
    }
    expect(Math.abs(halves[0]! - halves[1]!)).toBeLessThan(250); // about 4 standard deviations
  });
});
