/**
 * SHA-256 (FIPS 180-4), synchronous, for bucketing only. Written here rather than taken from a library: React Native
 * has no crypto.subtle (and it is asynchronous everywhere, while a page must pick a variant before it paints), the
 * smallest maintained libraries add 2–7 KB to a core that must stay under 15 KB gzipped, and the function is short and
 * pinned by spec/bucketing.json (computed with coreutils' sha256sum) and the standard's test vectors
 * (sha256.test.ts). Not for secrets: it is not constant-time.
 */

/** The first 64 primes: the constants are the fractional bits of their cube roots (K) and square roots (H0). */
const primes: number[] = [];
for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
const fraction32 = (x: number): number => ((x - Math.floor(x)) * 2 ** 32) | 0;
const K = primes.map((p) => fraction32(Math.cbrt(p)));
const H0 = primes.slice(0, 8).map((p) => fraction32(Math.sqrt(p)));

/** The UTF-8 bytes of a string; a lone surrogate becomes U+FFFD, as TextEncoder does. */
export function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    let c = ch.codePointAt(0) ?? 0xfffd;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** The digest of some bytes as eight unsigned 32-bit words, big-endian (word 0 holds the first four bytes). */
export function sha256Words(bytes: readonly number[]): number[] {
  const length = bytes.length;
  // The message, a 1 bit, zeros, and its length in bits (64 bits), in whole 512-bit blocks of 16 words.
  const words = new Int32Array(Math.ceil((length + 9) / 64) * 16);
  for (let i = 0; i < length; i++) words[i >> 2]! |= (bytes[i]! & 0xff) << (24 - 8 * (i & 3));
  words[length >> 2]! |= 0x80 << (24 - 8 * (length & 3));
  words[words.length - 2] = Math.floor((length * 8) / 2 ** 32);
  words[words.length - 1] = (length * 8) | 0;
  const h = H0.slice();
  const w = new Int32Array(64);
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 64; t++) {
      if (t < 16) w[t] = words[block + t]!;
      else {
        const a = w[t - 15]!;
        const b = w[t - 2]!;
        w[t] = (w[t - 16]! + (rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) + w[t - 7]! + (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10))) | 0;
      }
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => (h[i] = (h[i]! + x) | 0));
  }
  return h.map((x) => x >>> 0);
}

/** The hex digest of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return sha256Words(utf8(text))
    .map((x) => x.toString(16).padStart(8, '0'))
    .join('');
}
