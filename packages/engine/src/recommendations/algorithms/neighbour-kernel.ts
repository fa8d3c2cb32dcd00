import type { UserRow } from './recommender.js';
import { BLOCK, END, F64, F64_ADD, F64_MUL, F64_PROMOTE_F32, I32, I32_ADD, I32_EQZ, I32_GE_U, I32_LT_U, I32_SHL, I32_SHR_U, LOOP, brIf, f32Load, f64Load, f64Store, get, i32, i32Load, i32Store8, kernelModule, set, tee, wasm } from './wasm-assembly.js';
import type { CompactRows } from './neighbour-model.js';

/**
 * scatter(start, index, values, rowItems, rowWeights, n, out, reached) — the loop of item-neighbourhood scoring
 * (neighbour-model.ts), in WebAssembly: for each of the n items i of a person's row with weight a, out[j] += a · s(i, j)
 * over i's neighbour list, and reached[j] = 1. The same arithmetic as the JavaScript loop it replaces (each sum in the
 * row's order, the Float32 similarity made a double, no fused multiply-add): the same scores, bit for bit. Arguments
 * are byte offsets of the neighbour lists' CSR arrays (Int32 starts and indices, Float32 values), of the row's items
 * (Int32) and weights (Float64), the row's length, and the offsets of the scores (Float64) and of the marks (bytes).
 */
// Parameters 0 start, 1 index, 2 values, 3 rowItems, 4 rowWeights, 5 n, 6 out, 7 reached; locals 8 the row's end,
// 9 the neighbour's byte (4 per entry), 10 the list's end, 11 8 × the neighbour's item (i32); 12 the weight (f64).
const body = [
  ...[2, 4, I32, 1, F64],
  ...[...BLOCK, ...get(5), I32_EQZ, ...brIf(0)],
  ...[...get(3), ...get(5), ...i32(2), I32_SHL, I32_ADD, ...set(8)],
  ...LOOP, // over the row's items
  // The list of item i: from start[i] to start[i + 1], in bytes of the index and values arrays.
  ...[...get(0), ...get(3), ...i32Load(0), ...i32(2), I32_SHL, I32_ADD, ...tee(9)],
  ...[...i32Load(4), ...i32(2), I32_SHL, ...set(10)],
  ...[...get(9), ...i32Load(0), ...i32(2), I32_SHL, ...set(9)],
  ...[...get(4), ...f64Load(0), ...set(12)],
  ...[...BLOCK, ...get(9), ...get(10), I32_GE_U, ...brIf(0)],
  ...LOOP, // over the neighbours
  ...[...get(1), ...get(9), I32_ADD, ...i32Load(0), ...i32(3), I32_SHL, ...set(11)],
  // out[j] = out[j] + a · s
  ...[...get(6), ...get(11), I32_ADD, ...get(6), ...get(11), I32_ADD, ...f64Load(0)],
  ...[...get(12), ...get(2), ...get(9), I32_ADD, ...f32Load(0), F64_PROMOTE_F32, F64_MUL, F64_ADD, ...f64Store(0)],
  // reached[j] = 1
  ...[...get(7), ...get(11), ...i32(3), I32_SHR_U, I32_ADD, ...i32(1), ...i32Store8(0)],
  ...[...get(9), ...i32(4), I32_ADD, ...tee(9), ...get(10), I32_LT_U, ...brIf(0)],
  ...[END, END],
  ...[...get(4), ...i32(8), I32_ADD, ...set(4)],
  ...[...get(3), ...i32(4), I32_ADD, ...tee(3), ...get(8), I32_LT_U, ...brIf(0)],
  ...[END, END],
  END,
];

let compiled: object | undefined;

type Scatter = (start: number, index: number, values: number, rowItems: number, rowWeights: number, n: number, out: number, reached: number) => void;

/** Rounds a byte offset up to a multiple of 8. */
const aligned = (bytes: number): number => Math.ceil(bytes / 8) * 8;

/**
 * An item-neighbourhood model's neighbour lists moved into a WebAssembly memory of their own (`neighbours` are views
 * of it: the lists are not kept twice), with room for the scores and for any row of the catalog's items, so the memory
 * never grows and the views stay valid.
 */
export class NeighbourKernel {
  readonly neighbours: CompactRows;
  readonly #scatter: Scatter;
  readonly #buffer: ArrayBuffer;
  readonly #items: number;
  readonly #at: { readonly start: number; readonly index: number; readonly values: number; readonly out: number; readonly reached: number; readonly rowItems: number; readonly rowWeights: number };

  constructor(source: CompactRows, items: number) {
    const entries = source.index.length;
    const start = 0;
    const index = aligned(start + (items + 1) * 4);
    const values = index + entries * 4;
    const out = aligned(values + entries * 4);
    const reached = out + items * 8;
    const rowItems = aligned(reached + items);
    const rowWeights = aligned(rowItems + items * 4);
    const bytes = rowWeights + items * 8;
    const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    this.#buffer = memory.buffer;
    const starts = new Int32Array(this.#buffer, start, items + 1);
    starts.set(source.start.subarray(0, items + 1));
    this.neighbours = {
      start: starts,
      index: new Int32Array(this.#buffer, index, entries),
      values: new Float32Array(this.#buffer, values, entries),
    };
    this.neighbours.index.set(source.index);
    this.neighbours.values.set(source.values);
    compiled ??= new wasm.Module(kernelModule('scatter', 8, 'own', body));
    this.#scatter = new wasm.Instance(compiled, { env: { memory } }).exports['scatter'] as Scatter;
    this.#items = items;
    this.#at = { start, index, values, out, reached, rowItems, rowWeights };
  }

  /** Scores of every item for a weighted row of items; −Infinity where no neighbour list reaches. */
  scoreRow(row: UserRow): Float64Array {
    const scores = this.scoreRowView(row).slice();
    const reached = new Uint8Array(this.#buffer, this.#at.reached, this.#items);
    for (let j = 0; j < scores.length; j++) if (reached[j] === 0) scores[j] = -Infinity;
    return scores;
  }

  /** The sums of `scoreRow` with 0 where no neighbour list reaches, in the kernel's memory: valid until its next call. */
  scoreRowView(row: UserRow): Float64Array {
    const at = this.#at;
    const items = this.#items;
    const n = row.items.length;
    new Int32Array(this.#buffer, at.rowItems, n).set(row.items);
    new Float64Array(this.#buffer, at.rowWeights, n).set(row.values);
    const out = new Float64Array(this.#buffer, at.out, items).fill(0);
    new Uint8Array(this.#buffer, at.reached, items).fill(0);
    this.#scatter(at.start, at.index, at.values, at.rowItems, at.rowWeights, n, at.out, at.reached);
    return out;
  }
}
