import { readFileSync } from 'node:fs';
import { variantAt } from '@rapport/contracts';
import { bucketOf } from '@rapport/core';
import { describe, expect, it } from 'vitest';

interface Variant {
  key: string;
  weight: number;
}
const spec = JSON.parse(readFileSync(new URL('../../../contracts/spec/bucketing.json', import.meta.url), 'utf8')) as {
  cases: { seed: string; id: string; bucket: number; variants: Variant[]; variant: string | null }[];
  positions: { position: number; variants: Variant[]; variant: string | null }[];
};

/** The shared cases of packages/contracts/spec/bucketing.json (buckets computed with sha256sum), which the SDK replays too. */
describe('bucketing of splits, as the SDK must reproduce it', () => {
  it.each(spec.cases)('puts $id in bucket $bucket for the seed "$seed"', ({ seed, id, bucket, variants, variant }) => {
    expect(bucketOf(seed, id)).toBe(bucket);
    expect(variantAt(variants, bucket)?.key ?? null).toBe(variant);
  });
  it.each(spec.positions)('gives position $position the variant $variant', ({ position, variants, variant }) => {
    expect(variantAt(variants, position)?.key ?? null).toBe(variant);
  });
});
