import { sha256Words, utf8 } from './sha256.js';

/**
 * A person's position in [0, 10000) for a seed, as the server computes it (docs/placements.md, "Splits"):
 * floor(first 32 bits of SHA-256(UTF-8 of `seed:id`) × 10000 / 2^32). The id is the userId when there is one, else
 * the anonymousId. Replays packages/contracts/spec/bucketing.json in bucketing.test.ts.
 */
export function bucketOf(seed: string, id: string): number {
  // < 2^46 before the division: exact in a double.
  return Math.floor((sha256Words(utf8(`${seed}:${id}`))[0]! * 10_000) / 2 ** 32);
}

/**
 * The variant at a position in [0, 10000): variants take `weight × 100` positions each, in their order. Null when the
 * weights add up to less than 100 and the position is past them. The same function as the server's (contracts'
 * variantAt), repeated here because the SDK may import only types from @rapport/contracts.
 */
export function variantAt<T extends { readonly weight: number }>(variants: readonly T[], position: number): T | null {
  let end = 0;
  for (const v of variants) {
    end += v.weight * 100;
    if (position < end) return v;
  }
  return null;
}
