import { createHash, randomBytes, randomFillSync } from 'node:crypto';

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
  const bytes = Buffer.allocUnsafe(16);
  randomInto(bytes, 8);
  // 48 bits of milliseconds: exact in a double (the shifts of 32-bit integers would cut them).
  const high = Math.floor(time / 2 ** 32);
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes.writeUInt32BE(time % 2 ** 32 >>> 0, 2);
  bytes[6] = 0x70 | (monotonic.counter >> 8); // version 7, then the counter's high 4 bits
  bytes[7] = monotonic.counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Random bytes drawn from the system's generator in blocks: one call into it per 512 ids instead of one per id (a
 * decision records several ids a request, ingestion one an event). Each byte is handed out once.
 */
const pool = { bytes: Buffer.alloc(4096), at: 4096 };

function randomInto(target: Buffer, offset: number): void {
  const n = target.length - offset;
  if (pool.at + n > pool.bytes.length) {
    randomFillSync(pool.bytes);
    pool.at = 0;
  }
  pool.bytes.copy(target, offset, pool.at, pool.at + n);
  pool.at += n;
}

/** A random secret in URL-safe base64 with a readable prefix, e.g. `rk_live_…`; 24 bytes = 192 bits of entropy. */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** SHA-256 of a UTF-8 string, as lowercase hex. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
