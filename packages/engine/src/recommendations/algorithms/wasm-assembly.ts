/**
 * Just enough of WebAssembly's binary format to assemble the small SIMD kernels of the recommenders by hand
 * (spd-tile-kernel.ts, factor-scores.ts), so that every instruction they run can be read in the source rather than
 * shipped as a binary. Opcodes are those of the WebAssembly core specification (2.0) and its fixed-width SIMD.
 */

/** Unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A name as the format writes it: its length, then its bytes (ASCII here). */
export const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, bytes: readonly number[]): number[] => [id, ...leb(bytes.length), ...bytes];

export const I32 = 0x7f;
export const V128 = 0x7b;
export const F64 = 0x7c;

export const get = (local: number): number[] => [0x20, local];
export const set = (local: number): number[] => [0x21, local];
export const tee = (local: number): number[] => [0x22, local];
/** i32.const of a non-negative number below 2³¹ (signed LEB128: seven bits a byte while the sign bit would be set). */
export const i32 = (n: number): number[] => {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 31) throw new RangeError(`i32 constant ${n} is not a non-negative i32`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>>= 7;
    if (n === 0 && (byte & 0x40) === 0) return [0x41, ...out, byte];
    out.push(byte | 0x80);
  }
};
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const I32_SHL = 0x74;
export const I32_EQZ = 0x45;
export const I32_LT_U = 0x49;
export const I32_GE_U = 0x4f;
export const BLOCK = [0x02, 0x40];
export const LOOP = [0x03, 0x40];
export const END = 0x0b;
/** br_if to the label `depth` levels out. */
export const brIf = (depth: number): number[] => [0x0d, depth];

const simd = (op: number): number[] => [0xfd, ...leb(op)];
// Memory instructions: alignment hint 2³ = 8 bytes (doubles), then the constant offset.
export const load = (offset: number): number[] => [...simd(0x00), 3, ...leb(offset)];
export const loadSplat = (offset: number): number[] => [...simd(0x0a), 3, ...leb(offset)];
export const store = (offset: number): number[] => [...simd(0x0b), 3, ...leb(offset)];
/** i32.load, f64.load (alignment hints 4 and 8 bytes), f64 arithmetic. */
export const i32Load = (offset: number): number[] => [0x28, 2, ...leb(offset)];
export const f64Load = (offset: number): number[] => [0x2b, 3, ...leb(offset)];
export const f32Load = (offset: number): number[] => [0x2a, 2, ...leb(offset)];
export const f64Store = (offset: number): number[] => [0x39, 3, ...leb(offset)];
export const i32Store8 = (offset: number): number[] => [0x3a, 0, ...leb(offset)];
export const F64_ADD = 0xa0;
export const F64_MUL = 0xa2;
export const F64_PROMOTE_F32 = 0xbb;
export const I32_SHR_U = 0x76;
/** f64x2.splat: both lanes the f64 on the stack; f64x2.extract_lane. */
export const splat = simd(0x14);
export const lane = (n: 0 | 1): number[] => [...simd(0x21), n];
/** v128.const of sixteen zero bytes. */
export const zero = (): number[] => [...simd(0x0c), ...new Array<number>(16).fill(0)];
/** f64x2 arithmetic: each lane rounded on its own, as a scalar double would be (no fused multiply-add). */
export const add = simd(0xf0);
export const sub = simd(0xf1);
export const mul = simd(0xf2);

/**
 * A module of one function taking `params` i32 parameters and returning nothing, exported as `exportName`, that
 * imports its memory as env.memory: shared (as threads need, limits 0 to 65,536 pages) or not (at least 0 pages).
 * `body` is the function's code: its locals' declaration, its instructions and the final `end`.
 */
export function kernelModule(exportName: string, params: number, memory: 'shared' | 'own', body: readonly number[]): Uint8Array {
  const limits = memory === 'shared' ? [0x03, 0, ...leb(65536)] : [0x00, 0];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, params, ...new Array<number>(params).fill(I32), 0]), // one type: (i32 × params) → ()
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...limits]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name(exportName), 0x00, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

/** The part of the WebAssembly API the kernels use (the project compiles without the DOM library, which declares it). */
export interface WasmApi {
  Memory: {
    new (descriptor: { initial: number; maximum: number; shared: true }): { readonly buffer: SharedArrayBuffer };
    new (descriptor: { initial: number }): { readonly buffer: ArrayBuffer; grow(pages: number): number };
  };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
