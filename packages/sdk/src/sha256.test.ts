import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, utf8 } from './sha256.js';

describe('sha256Hex', () => {
  it('gives the digests of FIPS 180-4 test vectors, across block boundaries', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with Node.js on random text of every length up to three blocks, in every script', () => {
    for (let n = 0; n < 200; n++) {
      const text = Array.from(randomBytes(n), (b) => String.fromCodePoint([b, 0xe9 + b, 0x65e5 + b, 0x1f600 + (b % 64)][b % 4]!)).join('');
      expect(sha256Hex(text), JSON.stringify(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  it('encodes UTF-8 as TextEncoder does, lone surrogates as U+FFFD', () => {
    for (const text of ['Zoë', '日本のユーザー', '😀', 'a\ud800b', '\udc00']) expect(utf8(text)).toEqual([...new TextEncoder().encode(text)]);
  });
});
