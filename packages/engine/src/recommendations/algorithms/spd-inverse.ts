import { Worker } from 'node:worker_threads';
import { sweepInverse, type SweepTask } from './spd-sweep.js';
import { tileKernelBytes } from './spd-tile-kernel.js';
import { wasm } from './wasm-assembly.js';

/**
 * A symmetric matrix to invert: order × order, stored with `stride` (order rounded up to 4) in a shared WebAssembly
 * memory, which also holds the sweep's panel and the threads' scratch space (the kernel reads them all).
 */
export interface SpdMatrix {
  readonly order: number;
  readonly stride: number;
  /** stride × stride, row-major. Fill at least the lower triangle (j ≤ i) of the first `order` rows and columns. */
  readonly data: Float64Array;
  readonly memory: { readonly buffer: SharedArrayBuffer };
}

/** Pivots per step of the blocked sweep: large enough for the kernel's loop to run long, small enough for D⁻¹ (b³). */
const BLOCK = 64;
/** Groups of 4 rows each thread updates together (see `SweepTask.chunk`). */
const CHUNK = 8;
/** Threads the scratch space is made for. */
const MAX_THREADS = 16;
const PAGE = 65536;

/** A zero matrix of the given order, padded to a multiple of 4 with identity rows (which invert to themselves). */
export function spdMatrix(order: number): SpdMatrix {
  const stride = Math.ceil(order / 4) * 4;
  const bytes = (stride * stride + stride * BLOCK + MAX_THREADS * CHUNK * 4 * BLOCK) * 8;
  const pages = Math.ceil(bytes / PAGE);
  const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  const data = new Float64Array(memory.buffer, 0, stride * stride);
  for (let i = order; i < stride; i++) data[i * stride + i] = 1;
  return { order, stride, data, memory };
}

// The worker runs the kernel from its source text, so that the same code runs from the TypeScript sources (tests)
// and from the build. (A coverage tool that instruments the kernel would break this.)
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const sweepInverse = (${sweepInverse.toString()});
sweepInverse(workerData);
parentPort.postMessage('done');
`;

function runWorker(task: SweepTask): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: task, name: 'rapport-spd-inverse' });
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the inversion thread stopped with code ${code}`))));
  });
}

/**
 * Replaces the matrix by its inverse (full, both triangles). With `threads` > 1 the work runs in that many worker
 * threads and the calling thread only waits (a server's event loop stays free); with 1 it runs in the calling thread.
 * The matrix must be positive definite (EASE's XᵀX + λI is, for λ > 0); otherwise the result is garbage, not an
 * error: the caller checks the diagonal (positive for an SPD inverse).
 */
export async function invertSpd(m: SpdMatrix, options: { threads: number }): Promise<void> {
  const threads = Math.min(MAX_THREADS, Math.max(1, Math.floor(options.threads)));
  const panel = new Float64Array(m.memory.buffer, m.data.byteLength, m.stride * BLOCK);
  const scratch = panel.byteOffset + panel.byteLength;
  const sync = new Int32Array(new SharedArrayBuffer(12));
  const kernel = new wasm.Module(tileKernelBytes);
  const task = (thread: number): SweepTask => ({
    ...{ a: m.data, panel, sync, stride: m.stride, block: BLOCK, chunk: CHUNK, threads, thread },
    ...{ memory: m.memory, kernel, scratch: scratch + thread * CHUNK * 4 * BLOCK * 8 },
  });
  if (threads === 1) sweepInverse(task(0));
  else await Promise.all(Array.from({ length: threads }, (_, t) => runWorker(task(t))));
  // The sweep leaves −A⁻¹ in the lower triangle: negate it and mirror it.
  const { data, stride } = m;
  for (let i = 0; i < stride; i++) {
    for (let j = 0; j < i; j++) {
      const v = -data[i * stride + j]!;
      data[i * stride + j] = v;
      data[j * stride + i] = v;
    }
    data[i * stride + i] = -data[i * stride + i]!;
  }
}
