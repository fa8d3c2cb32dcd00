import { Worker } from 'node:worker_threads';
import { sweepInverse, type SweepTask } from './spd-sweep.js';

/** A symmetric matrix to invert: order × order, stored with `stride` (order rounded up to 4) in shared memory. */
export interface SpdMatrix {
  readonly order: number;
  readonly stride: number;
  /** stride × stride, row-major. Fill at least the lower triangle (j ≤ i) of the first `order` rows and columns. */
  readonly data: Float64Array;
}

/** A zero matrix of the given order, padded to a multiple of 4 with identity rows (which invert to themselves). */
export function spdMatrix(order: number): SpdMatrix {
  const stride = Math.ceil(order / 4) * 4;
  const data = new Float64Array(new SharedArrayBuffer(stride * stride * 8));
  for (let i = order; i < stride; i++) data[i * stride + i] = 1;
  return { order, stride, data };
}

/** Pivots per step of the blocked sweep: large enough for the kernel's loop to run long, small enough for D⁻¹ (b³). */
const BLOCK = 64;

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
  const threads = Math.max(1, Math.floor(options.threads));
  const panel = new Float64Array(new SharedArrayBuffer(m.stride * BLOCK * 8));
  const sync = new Int32Array(new SharedArrayBuffer(8));
  const task = (thread: number): SweepTask => ({ a: m.data, panel, sync, stride: m.stride, block: BLOCK, threads, thread });
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
