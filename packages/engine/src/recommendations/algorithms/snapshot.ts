import type { AlgorithmName, Params } from './recommender.js';

/** The typed arrays a snapshot holds. */
export type SnapshotArray = Float32Array | Float64Array | Int32Array;
const arrayTypes = { f32: Float32Array, f64: Float64Array, i32: Int32Array } as const;
type ArrayType = keyof typeof arrayTypes;

/**
 * A trained model as data: what `loadModel` needs to score again, and nothing it can recompute cheaply. Models keep
 * it compact: neighbour models store their top neighbours per item rather than an items × items matrix, ALS its
 * factors as Float32 (scores do not need more than 7 significant digits).
 */
export interface ModelSnapshot {
  readonly format: 1;
  readonly algorithm: AlgorithmName;
  readonly params: Params;
  readonly itemIds: readonly string[];
  readonly userIds: readonly string[];
  /** Scalars (the training data's latest time, …). */
  readonly numbers: Readonly<Record<string, number>>;
  readonly arrays: Readonly<Record<string, SnapshotArray>>;
  /** Models this one is made of (the hybrid's). */
  readonly parts: Readonly<Record<string, ModelSnapshot>>;
}

/** What the binary form's JSON header says of a snapshot; arrays become (type, offset, length) in the data that follows. */
interface Header {
  readonly format: 1;
  readonly algorithm: AlgorithmName;
  readonly params: Params;
  readonly itemIds: readonly string[];
  readonly userIds: readonly string[];
  readonly numbers: Readonly<Record<string, number>>;
  readonly arrays: Readonly<Record<string, { type: ArrayType; offset: number; length: number }>>;
  readonly parts: Readonly<Record<string, Header>>;
}

const MAGIC = 0x31535252; // "RRS1", little-endian
const ALIGN = 8;

function typeOf(a: SnapshotArray): ArrayType {
  return a instanceof Float32Array ? 'f32' : a instanceof Float64Array ? 'f64' : 'i32';
}

function describe(s: ModelSnapshot, chunks: SnapshotArray[], at: { offset: number }): Header {
  const arrays: Record<string, { type: ArrayType; offset: number; length: number }> = {};
  for (const [name, a] of Object.entries(s.arrays)) {
    arrays[name] = { type: typeOf(a), offset: at.offset, length: a.length };
    chunks.push(a);
    at.offset += Math.ceil(a.byteLength / ALIGN) * ALIGN;
  }
  const parts = Object.fromEntries(Object.entries(s.parts).map(([name, p]) => [name, describe(p, chunks, at)]));
  return { format: s.format, algorithm: s.algorithm, params: s.params, itemIds: s.itemIds, userIds: s.userIds, numbers: s.numbers, arrays, parts };
}

/**
 * The snapshot as bytes, to store in a BLOB/bytea or a file: "RRS1", the header's length (uint32), the JSON
 * header, then each array's bytes (little-endian, 8-byte aligned), so that decoding views them without copying.
 */
export function encodeSnapshot(s: ModelSnapshot): Uint8Array {
  const chunks: SnapshotArray[] = [];
  const at = { offset: 0 };
  const header = new TextEncoder().encode(JSON.stringify(describe(s, chunks, at)));
  const dataStart = Math.ceil((8 + header.length) / ALIGN) * ALIGN;
  const bytes = new Uint8Array(dataStart + at.offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  bytes.set(header, 8);
  let offset = dataStart;
  for (const a of chunks) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += Math.ceil(a.byteLength / ALIGN) * ALIGN;
  }
  return bytes;
}

function rebuild(h: Header, data: ArrayBuffer, dataStart: number): ModelSnapshot {
  const arrays: Record<string, SnapshotArray> = {};
  for (const [name, d] of Object.entries(h.arrays)) arrays[name] = new arrayTypes[d.type](data, dataStart + d.offset, d.length);
  const parts = Object.fromEntries(Object.entries(h.parts).map(([name, p]) => [name, rebuild(p, data, dataStart)]));
  return { format: h.format, algorithm: h.algorithm, params: h.params, itemIds: h.itemIds, userIds: h.userIds, numbers: h.numbers, arrays, parts };
}

/** Reads what `encodeSnapshot` wrote; throws a RangeError for bytes that are not a snapshot. */
export function decodeSnapshot(bytes: Uint8Array): ModelSnapshot {
  // Copied once into an aligned buffer of its own: typed arrays need aligned offsets, and a Buffer from a pool has none.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const view = new DataView(copy.buffer);
  if (copy.length < 8 || view.getUint32(0, true) !== MAGIC) throw new RangeError('not a Rapport model snapshot');
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(copy.subarray(8, 8 + headerLength))) as Header;
  if (header.format !== 1) throw new RangeError(`unknown snapshot format ${String(header.format)}`);
  return rebuild(header, copy.buffer, Math.ceil((8 + headerLength) / ALIGN) * ALIGN);
}

/** An array of a snapshot, of the expected type; throws a RangeError when it is missing. */
export function snapshotArray<T extends SnapshotArray>(s: ModelSnapshot, name: string, type: new (length: number) => T): T {
  const a = s.arrays[name];
  if (!(a instanceof type)) throw new RangeError(`the ${s.algorithm} snapshot has no ${name} array of the right type`);
  return a;
}

/** A part of a snapshot; throws a RangeError when it is missing. */
export function snapshotPart(s: ModelSnapshot, name: string): ModelSnapshot {
  const p = s.parts[name];
  if (p === undefined) throw new RangeError(`the ${s.algorithm} snapshot has no ${name} part`);
  return p;
}
