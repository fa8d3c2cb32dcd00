import { BLOCK, END, F64_ADD, F64_MUL, I32, I32_ADD, I32_EQZ, I32_LT_U, I32_SHL, I32_SUB, LOOP, V128, add, brIf, f64Load, get, i32, i32Load, kernelModule, lane, load, loadSplat, mul, set, splat, store, tee, wasm, zero } from './wasm-assembly.js';

/**
 * The two loops of serving a person with a factor model (ALS), in WebAssembly with 128-bit SIMD (V8 does not
 * vectorize JavaScript), on a copy of the items' factors kept in the kernels' own memory.
 *
 * scores(y, x, xEnd, out, groups) — x · yᵢ for every item i: items × factors multiply-adds (3,665 × 48 for the Online
 * Retail data), GROUP items at a time, two per instruction. The factors are kept as doubles interleaved by groups of
 * GROUP items (element (r, t) of a group at GROUP·t + r), so that one instruction reads factor t of two items and each
 * lane sums one item's products factor after factor, each product rounded, without fused multiply-add: the scores are
 * those of the scalar loop `s += x[t] · y[i·f + t]`, bit for bit. GROUP / 2 independent sums keep the adder busy (one
 * sum waits for its previous add: with two, as at first, the loop ran at half the speed). Arguments: byte offsets of
 * the interleaved factors, of x and of its end, of the scores; the number of groups.
 */
const GROUP = 8;
const SUMS = GROUP / 2;
// Parameters 0 y, 1 x, 2 xEnd, 3 out, 4 groups; locals 5 the factor's address (i32), 6 … 5 + SUMS the sums of items
// 0–1, 2–3, …, then x[t] in both lanes.
const X = 6 + SUMS;
const eachSum = (code: (sum: number, k: number) => number[]): number[] => Array.from({ length: SUMS }, (_, k) => code(6 + k, k)).flat();
const scoresBody = [
  ...[2, 1, I32, SUMS + 1, V128],
  ...[...BLOCK, ...get(4), I32_EQZ, ...brIf(0)], // no group: nothing to do
  ...LOOP, // over the groups
  ...eachSum((sum) => [...zero(), ...set(sum)]),
  ...[...get(1), ...set(5)],
  ...LOOP, // over the factors t
  ...[...get(5), ...loadSplat(0), ...set(X)],
  ...eachSum((sum, k) => [...get(sum), ...get(X), ...get(0), ...load(16 * k), ...mul, ...add, ...set(sum)]),
  ...[...get(0), ...i32(8 * GROUP), I32_ADD, ...set(0)],
  ...[...get(5), ...i32(8), I32_ADD, ...tee(5), ...get(2), I32_LT_U, ...brIf(0)], // next factor while below xEnd
  END,
  ...eachSum((sum, k) => [...get(3), ...get(sum), ...store(16 * k)]),
  ...[...get(3), ...i32(8 * GROUP), I32_ADD, ...set(3)],
  ...[...get(4), ...i32(1), I32_SUB, ...tee(4), ...brIf(0)], // next group while any is left
  ...[END, END], // end loop, end block
  END,
];

/**
 * times(g, rows, s, n, v, out, rowBytes) — out = (G + Σₚ sₚ·yₚyₚᵀ)·v, the product a conjugate gradient step needs with
 * the normal equations of a person's factors (ALS's fold-in): G·v, then for each of the n items p of the history
 * (yₚ·v)·sₚ·yₚ, without forming the matrix (f² + 2f·n multiply-adds). Rows are doubles, `rowBytes` long (f rounded up to
 * an even count, padded with zeros); G is rowBytes/8 such rows; `rows` holds the n rows' byte offsets (i32) and `s`
 * their n weights (f64). Arguments are byte offsets except n and rowBytes.
 */
// Parameters 0 g, 1 rows, 2 s, 3 n, 4 v, 5 out, 6 rowBytes; locals 7 j (byte in a row), 8 the walk (v, then rows),
// 9 the row read, 10 the walk's end (i32); 11 the coefficient in both lanes, 12 the dot product's two partial sums.
const axpy = (coefficient: number, row: number) => [
  // out[j…] += coefficient · row[j…], two doubles a turn.
  ...[...i32(0), ...set(7)],
  ...LOOP,
  ...[...get(5), ...get(7), I32_ADD, ...get(5), ...get(7), I32_ADD, ...load(0)],
  ...[...get(coefficient), ...get(row), ...get(7), I32_ADD, ...load(0), ...mul, ...add, ...store(0)],
  ...[...get(7), ...i32(16), I32_ADD, ...tee(7), ...get(6), I32_LT_U, ...brIf(0)],
  END,
];
const timesBody = [
  ...[2, 4, I32, 2, V128],
  // out = 0
  ...[...i32(0), ...set(7)],
  ...LOOP,
  ...[...get(5), ...get(7), I32_ADD, ...zero(), ...store(0)],
  ...[...get(7), ...i32(16), I32_ADD, ...tee(7), ...get(6), I32_LT_U, ...brIf(0)],
  END,
  // out += v[t] · G[t] for every row t of G (G is symmetric: its rows are its columns).
  ...[...get(0), ...set(9), ...get(4), ...set(8), ...get(4), ...get(6), I32_ADD, ...set(10)],
  ...LOOP,
  ...[...get(8), ...loadSplat(0), ...set(11)],
  ...axpy(11, 9),
  ...[...get(9), ...get(6), I32_ADD, ...set(9)],
  ...[...get(8), ...i32(8), I32_ADD, ...tee(8), ...get(10), I32_LT_U, ...brIf(0)],
  END,
  // out += ((yₚ · v) · sₚ) · yₚ for every item p of the history.
  ...[...BLOCK, ...get(3), I32_EQZ, ...brIf(0)],
  ...[...get(1), ...set(8), ...get(1), ...get(3), ...i32(2), I32_SHL, I32_ADD, ...set(10)],
  ...LOOP,
  ...[...get(8), ...i32Load(0), ...set(9), ...zero(), ...set(12), ...i32(0), ...set(7)],
  ...LOOP,
  ...[...get(12), ...get(9), ...get(7), I32_ADD, ...load(0), ...get(4), ...get(7), I32_ADD, ...load(0), ...mul, ...add, ...set(12)],
  ...[...get(7), ...i32(16), I32_ADD, ...tee(7), ...get(6), I32_LT_U, ...brIf(0)],
  END,
  ...[...get(12), ...lane(0), ...get(12), ...lane(1), F64_ADD, ...get(2), ...f64Load(0), F64_MUL, ...splat, ...set(11)],
  ...axpy(11, 9),
  ...[...get(2), ...i32(8), I32_ADD, ...set(2)],
  ...[...get(8), ...i32(4), I32_ADD, ...tee(8), ...get(10), I32_LT_U, ...brIf(0)],
  ...[END, END],
  END,
];

let compiled: { readonly scores: object; readonly times: object } | undefined;

type ScoresKernel = (y: number, x: number, xEnd: number, out: number, groups: number) => void;
type TimesKernel = (g: number, rows: number, s: number, n: number, v: number, out: number, rowBytes: number) => void;

const PAGE = 65536;

/** The normal equations of one person's factors, ready for conjugate gradient: d and A·d in the kernels' memory. */
export interface NormalOperator {
  /** The direction; set it, then call `times`. */
  readonly d: Float64Array;
  /** A·d after `times`. */
  readonly ad: Float64Array;
  times(): void;
}

/**
 * An item-factor model's serving kernels over its own memory: the items' factors twice (interleaved for `scores`,
 * row by row for `normalOperator`; about 16 bytes per factor of each item: 2.8 MB for 3,665 items × 48 factors), the
 * shared part of the normal equations G, and room for a history.
 */
export class FactorKernels {
  readonly #scores: ScoresKernel;
  readonly #times: TimesKernel;
  readonly #memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly #items: number;
  readonly #f: number;
  /** Bytes of a row (f rounded up to even doubles). */
  readonly #rowBytes: number;
  readonly #rowsAt: number;
  readonly #gAt: number;
  readonly #xAt: number;
  readonly #outAt: number;
  readonly #scoresAt: number;
  /** Where the history's row offsets and weights go. */
  readonly #historyAt: number;

  /** `factors`: items × f, row-major; `g`: f × f, the part of every person's normal equations that depends on the items only. */
  constructor(factors: ArrayLike<number>, items: number, f: number, g: ArrayLike<number>) {
    if (f < 1) throw new RangeError('a factor model has at least one factor');
    const groups = Math.ceil(items / GROUP);
    const padded = f + (f % 2);
    this.#rowBytes = padded * 8;
    // Every part 16-byte aligned: the interleaved factors, the rows, G, x (or d), out (or A·d), the scores, the history.
    this.#rowsAt = groups * GROUP * f * 8;
    this.#gAt = this.#rowsAt + items * this.#rowBytes;
    this.#xAt = this.#gAt + padded * this.#rowBytes;
    this.#outAt = this.#xAt + this.#rowBytes;
    this.#scoresAt = this.#outAt + this.#rowBytes;
    this.#historyAt = this.#scoresAt + groups * GROUP * 8;
    this.#memory = new wasm.Memory({ initial: Math.ceil(this.#historyAt / PAGE) + 1 });
    const buffer = this.#memory.buffer;
    const interleaved = new Float64Array(buffer, 0, groups * GROUP * f);
    const rows = new Float64Array(buffer, this.#rowsAt, items * padded);
    for (let i = 0; i < items; i++) {
      const at = Math.floor(i / GROUP) * GROUP * f + (i % GROUP);
      for (let t = 0; t < f; t++) {
        interleaved[at + GROUP * t] = factors[i * f + t]!;
        rows[i * padded + t] = factors[i * f + t]!;
      }
    }
    const gram = new Float64Array(buffer, this.#gAt, padded * padded);
    for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) gram[a * padded + b] = g[a * f + b]!;
    compiled ??= { scores: new wasm.Module(kernelModule('scores', 5, 'own', scoresBody)), times: new wasm.Module(kernelModule('times', 7, 'own', timesBody)) };
    const imports = { env: { memory: this.#memory } };
    this.#scores = new wasm.Instance(compiled.scores, imports).exports['scores'] as ScoresKernel;
    this.#times = new wasm.Instance(compiled.times, imports).exports['times'] as TimesKernel;
    this.#items = items;
    this.#f = f;
  }

  /** x · yᵢ for every item i, in a new array. */
  scores(x: ArrayLike<number>): Float64Array {
    return this.scoresView(x).slice();
  }

  /** `scores` in the kernels' memory: valid until the next call of this method or of `normalOperator`. */
  scoresView(x: ArrayLike<number>): Float64Array {
    const f = this.#f;
    new Float64Array(this.#memory.buffer, this.#xAt, f).set(x);
    this.#scores(0, this.#xAt, this.#xAt + 8 * f, this.#scoresAt, Math.ceil(this.#items / GROUP));
    return new Float64Array(this.#memory.buffer, this.#scoresAt, this.#items);
  }

  /**
   * A = G + Σₚ weights[p] · yₚyₚᵀ over the given items, as an operator: valid until the next call of this method or
   * of `scores` (they share the memory).
   */
  normalOperator(items: ArrayLike<number>, weights: ArrayLike<number>): NormalOperator {
    const n = items.length;
    const need = this.#historyAt + n * 12 + 8;
    if (need > this.#memory.buffer.byteLength) this.#memory.grow(Math.ceil((need - this.#memory.buffer.byteLength) / PAGE));
    const buffer = this.#memory.buffer;
    const sAt = this.#historyAt;
    const rowsAt = sAt + n * 8;
    const s = new Float64Array(buffer, sAt, n);
    const rows = new Int32Array(buffer, rowsAt, n);
    for (let p = 0; p < n; p++) {
      s[p] = weights[p]!;
      rows[p] = this.#rowsAt + items[p]! * this.#rowBytes;
    }
    const padded = this.#rowBytes / 8;
    const d = new Float64Array(buffer, this.#xAt, padded).fill(0);
    const ad = new Float64Array(buffer, this.#outAt, padded);
    const f = this.#f;
    return {
      d: d.subarray(0, f),
      ad: ad.subarray(0, f),
      times: () => this.#times(this.#gAt, rowsAt, sAt, n, this.#xAt, this.#outAt, this.#rowBytes),
    };
  }
}
