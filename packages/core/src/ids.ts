import { createHash, randomBytes } from 'node:crypto';

/**
 * The last timestamp and counter given out. This is state on purpose, like a random generator's: RFC 9562 §6.2
 * (method 1) keeps ids made in the same millisecond in creation order with a counter in the 12 `rand_a` bits.
 */
const monotonic = { ms: -1, counter: 0 };

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter, then random bits. Ids made later sort
 * later — within one millisecond too, in this process — which keeps lists in creation order and B-tree inserts at the
 * right edge of an index instead of scattered across it.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  let time = Math.max(0, Math.floor(nowMs));
  if (time <= monotonic.ms) {
    time = monotonic.ms;
    monotonic.counter++;
    if (monotonic.counter > 0xfff) {
      time++;
      monotonic.counter = 0;
    }
  } else {
    monotonic.counter = 0;
  }
  monotonic.ms = time;
  const bytes = randomBytes(16);
  const ms = BigInt(time);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (monotonic.counter >> 8); // version 7, then the counter's high 4 bits
  bytes[7] = monotonic.counter & 0xff;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random secret in URL-safe base64 with a readable prefix, e.g. `rk_live_…`; 24 bytes = 192 bits of entropy. */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** SHA-256 of a UTF-8 string, as lowercase hex. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
