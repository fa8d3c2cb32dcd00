/**
 * Seeded randomness for the synthetic shop. Every person and every session draws from a stream of its own, derived
 * from the run's seed and its indexes, so that any session can be generated again on its own (the events are written
 * in time order, long after their person was generated) and a given seed always gives the same shop.
 */

/** A 32-bit hash of some 32-bit integers, from a starting value (murmur3's finalizer after each part). */
export function mix(...parts: readonly number[]): number {
  return mixFrom(0x9e3779b9, parts);
}

function mixFrom(start: number, parts: readonly number[]): number {
  let h = start;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Starting values of the four hashes that seed a stream: four independent 32-bit hashes, 128 bits in all. */
const LANES = [0x9e3779b9, 0x7f4a7c15, 0xf39cc060, 0x5ced1b9b] as const;

const HEX = '0123456789abcdef';
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, 128 bits of state): fast, and unlike 32-bit generators
 * such as mulberry32, the streams of millions of people and sessions do not overlap (a 32-bit state puts every
 * stream on one cycle of 2^32, where a million people's draws collide: the same anonymousIds came out twice).
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.#a = a | 0;
    this.#b = b | 0;
    this.#c = c | 0;
    this.#d = d | 0;
    // The first outputs of a fresh state are poorly mixed.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A stream of its own for the given indexes (run seed, kind of stream, person, session …). */
  static of(...parts: readonly number[]): Rng {
    // Seeded from one 32-bit hash, the streams of five million sessions would collide (a birthday collision every
    // few thousand): four hashes from different starting values make a 128-bit seed.
    return new Rng(
      mixFrom(LANES[0], parts),
      mixFrom(LANES[1], parts),
      mixFrom(LANES[2], parts),
      mixFrom(LANES[3], parts),
    );
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An index drawn with the weights whose running sums `cumulative` holds (the last one is the total). */
  weighted(cumulative: Float64Array): number {
    const x = this.next() * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  hex(digits: number): string {
    let s = '';
    for (let i = 0; i < digits; i++) s += HEX[Math.floor(this.next() * 16)];
    return s;
  }

  /** 32 random bits as 8 hex digits. */
  word(): string {
    const n = Math.floor(this.next() * 4294967296);
    return (
      BYTE_HEX[n >>> 24]! + BYTE_HEX[(n >>> 16) & 255]! + BYTE_HEX[(n >>> 8) & 255]! + BYTE_HEX[n & 255]!
    );
  }

  /** A random (version 4) UUID, as SDKs make anonymousIds and messageIds. */
  uuid4(): string {
    const a = this.word();
    const b = this.word();
    const c = this.word();
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${HEX[8 + (c.charCodeAt(0) & 3)]}${c.slice(1, 4)}-${c.slice(4)}${this.word()}`;
  }

  /** A version 7 UUID for time `ms`, as Rapport makes profile ids (the random part from this stream). */
  uuid7(ms: number): string {
    const t = Math.floor(ms).toString(16).padStart(12, '0');
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${this.hex(3)}-${HEX[8 + this.int(0, 3)]}${this.hex(3)}-${this.hex(12)}`;
  }
}

/** Running sums of some weights, for Rng#weighted. */
export function cumulative(weights: readonly number[]): Float64Array {
  const sums = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => (sums[i] = total += w));
  return sums;
}

const DAY_MS = 86_400_000;
let isoDay = Number.NaN;
let isoDayText = '';
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()` for times from 1970 to 9999, about five times faster: the date part is kept from the
 * previous call (events come in runs of the same day) and the time of day is written from its parts.
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoDay = day;
    isoDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${isoDayText}${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : millis}Z`;
}
