import { describe, expect, it } from 'vitest';
import { i32 } from './wasm-assembly.js';

describe('wasm assembly', () => {
  it('writes i32 constants in signed LEB128: a byte more where the seventh bit would read as a sign', () => {
    expect(i32(0)).toEqual([0x41, 0x00]);
    expect(i32(63)).toEqual([0x41, 0x3f]);
    expect(i32(64)).toEqual([0x41, 0xc0, 0x00]);
    expect(i32(128)).toEqual([0x41, 0x80, 0x01]);
    expect(i32(624485)).toEqual([0x41, 0xe5, 0x8e, 0x26]);
    expect(i32(2 ** 31 - 1)).toEqual([0x41, 0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(() => i32(-1)).toThrow(RangeError);
    expect(() => i32(2 ** 31)).toThrow(RangeError);
  });
});
