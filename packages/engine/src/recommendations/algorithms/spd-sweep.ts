/** What each thread of the blocked sweep shares (in one shared WebAssembly memory). */
export interface SweepTask {
  /** stride × stride, row-major; only the lower triangle (j ≤ i) is read and meaningful. */
  readonly a: Float64Array;
  /** stride × block: the current block column, interleaved by groups of 4 rows (see `sweepInverse`). */
  readonly panel: Float64Array;
  /** [arrived, generation]: the barrier's state; [2]: the next chunk of groups to claim in step 3. */
  readonly sync: Int32Array;
  /** Order of the matrix, a multiple of 4 (padded with identity rows). */
  readonly stride: number;
  /** Pivots per step, a multiple of 4. */
  readonly block: number;
  /** Groups of 4 rows updated together (their M, 4·block values each, stay in the L1 cache with one panel group). */
  readonly chunk: number;
  readonly threads: number;
  readonly thread: number;
  /** The WebAssembly memory that holds a and panel, and the tile kernel (spd-tile-kernel.ts), compiled. */
  readonly memory: { readonly buffer: SharedArrayBuffer };
  readonly kernel: object;
  /** Byte offset in `memory` of this thread's M: chunk × 4 × block doubles. */
  readonly scratch: number;
}

/**
 * Inverts a symmetric positive definite matrix in place by the blocked symmetric sweep (Gauss–Jordan elimination
 * without pivoting, which is stable for SPD matrices; Goodnight, "A Tutorial on the SWEEP Operator", 1979), leaving
 * −A⁻¹ in the lower triangle. Sweeping a block K of pivots with D = A_KK:
 *
 *   A_ij ← A_ij − A_iK D⁻¹ A_Kj  (i, j ∉ K)      A_iK ← A_iK D⁻¹      A_KK ← −D⁻¹
 *
 * The first update is a rank-`block` product over the whole lower triangle: n³/2 multiply-adds in all, as many as
 * Cholesky followed by the inverse of the factor (LAPACK potrf + potri), but one loop nest instead of three, and
 * split over threads by chunks of groups of 4 rows that they claim as they go (step 3). The inner kernel computes
 * a 4 × 4 tile from a 4-row group of A_iK D⁻¹ and one of the panel, both stored interleaved (element (row 4g + r, t)
 * at 4g·block + 4t + r), so that its loop reads two consecutive runs of 4 values and does 16 multiply-adds. It is
 * WebAssembly with SIMD (spd-tile-kernel.ts), which does the same arithmetic as the JavaScript loop it replaced at
 * two to three times the speed in the sweep (the interleaved storage had already doubled the loop's from row-major).
 *
 * Self-contained (no imports, no outer variables): worker threads run it from its source text, with the kernel
 * compiled once by the caller and instantiated here on the shared memory.
 */
export function sweepInverse(task: SweepTask): void {
  const { a, panel, sync, stride: n, block, chunk: CHUNK, threads, thread } = task;
  type Tile = (m: number, p: number, a: number, b: number, rowBytes: number) => void;
  const wasm = (globalThis as unknown as { WebAssembly: { Instance: new (module: object, imports: object) => { exports: { tile: Tile } } } }).WebAssembly;
  const tile = new wasm.Instance(task.kernel, { env: { memory: task.memory } }).exports.tile;
  const groups = n / 4;
  const barrier = (): void => {
    if (threads === 1) return;
    const generation = Atomics.load(sync, 1);
    if (Atomics.add(sync, 0, 1) === threads - 1) {
      Atomics.store(sync, 0, 0);
      Atomics.add(sync, 1, 1);
      Atomics.notify(sync, 1);
    } else {
      while (Atomics.load(sync, 1) === generation) Atomics.wait(sync, 1, generation);
    }
  };
  const m = new Float64Array(task.memory.buffer, task.scratch, CHUNK * 4 * block);
  // Byte offsets for the kernel.
  const mAt = m.byteOffset;
  const panelAt = panel.byteOffset;
  const aAt = a.byteOffset;
  const chunk = new Int32Array(CHUNK);
  const dinv = new Float64Array(block * block);
  let k0 = 0;
  let b = 0;
  let g0 = 0;
  let g1 = 0;
  /** M, the update and the write-back for the groups chunk[0 … count). */
  const sweepChunk = (count: number): void => {
    for (let c = 0; c < count; c++) {
      // M = A_gK D⁻¹, row by row of D⁻¹ (contiguous), four rows of the group at once.
      const pg = 4 * chunk[c]! * block;
      const mc = c * 4 * block;
      m.fill(0, mc, mc + 4 * b);
      for (let u = 0; u < b; u++) {
        const a0 = panel[pg + 4 * u]!, a1 = panel[pg + 4 * u + 1]!, a2 = panel[pg + 4 * u + 2]!, a3 = panel[pg + 4 * u + 3]!;
        const du = u * b;
        for (let t = 0; t < b; t++) {
          const d = dinv[du + t]!;
          const at = mc + 4 * t;
          m[at]! += a0 * d;
          m[at + 1]! += a1 * d;
          m[at + 2]! += a2 * d;
          m[at + 3]! += a3 * d;
        }
      }
    }
    const last = chunk[count - 1]!;
    for (let h = 0; h <= last; h++) {
      if (h >= g0 && h < g1) continue;
      const ph = 4 * h * block;
      for (let c = 0; c < count; c++) {
        const g = chunk[c]!;
        if (h > g) continue;
        const mc = c * 4 * block;
        // A(4g … 4g + 3, 4h … 4h + 3) −= M_g P_hᵀ. The whole tile is written, also above the diagonal in the
        // diagonal tile: those entries are never read.
        tile(mAt + mc * 8, panelAt + ph * 8, aAt + (4 * g * n + 4 * h) * 8, b, n * 8);
      }
    }
    for (let c = 0; c < count; c++) {
      const g = chunk[c]!;
      const mc = c * 4 * block;
      for (let r = 0; r < 4; r++) {
        const i = 4 * g + r;
        for (let t = 0; t < b; t++) {
          const col = k0 + t;
          if (i > col) a[i * n + col] = m[mc + 4 * t + r]!;
          else a[col * n + i] = m[mc + 4 * t + r]!;
        }
      }
    }
  };
  for (k0 = 0; k0 < n; k0 += block) {
    b = Math.min(block, n - k0);
    g0 = k0 / 4;
    g1 = (k0 + b) / 4;
    // 1. The block column of the symmetric matrix into the panel (each thread its own groups). Every thread is past
    //    the previous step's claims (the barrier that ended it) and none claims before the barrier below.
    if (thread === 0) Atomics.store(sync, 2, 0);
    for (let g = thread; g < groups; g += threads) {
      for (let r = 0; r < 4; r++) {
        const i = 4 * g + r;
        const rowI = i * n;
        for (let t = 0; t < b; t++) {
          const c = k0 + t;
          panel[4 * g * block + 4 * t + r] = i >= c ? a[rowI + c]! : a[c * n + i]!;
        }
      }
    }
    barrier();
    // 2. D⁻¹ by the unblocked sweep of a copy of D (b³, a few ms; every thread does it rather than wait for one).
    for (let i = 0; i < b; i++) {
      const gi = (k0 + i) >> 2;
      for (let j = 0; j < b; j++) dinv[i * b + j] = panel[4 * gi * block + 4 * j + ((k0 + i) & 3)]!;
    }
    for (let k = 0; k < b; k++) {
      const d = dinv[k * b + k]!;
      for (let i = 0; i < b; i++) {
        if (i === k) continue;
        const f = dinv[i * b + k]! / d;
        if (f === 0) continue;
        for (let j = 0; j < b; j++) if (j !== k) dinv[i * b + j]! -= f * dinv[k * b + j]!;
      }
      for (let i = 0; i < b; i++) {
        if (i === k) continue;
        dinv[i * b + k]! /= d;
        dinv[k * b + i]! /= d;
      }
      dinv[k * b + k] = -1 / d;
    }
    // The sweep left −D⁻¹; flip it to D⁻¹.
    for (let i = 0; i < b * b; i++) dinv[i] = -dinv[i]!;
    // 3. The groups outside K, a chunk of CHUNK consecutive groups at a time: M = A_gK D⁻¹ for each, then the rank-b
    //    update of their rows with the panel's groups h ≤ g taken in the outer loop, so that a panel group read from
    //    memory serves the whole chunk from the L1 cache; then A_gK ← M. The threads claim the chunks in turn from a
    //    shared counter, the last groups (the longest rows: group g costs ∝ g) first: on a busy machine, a thread that
    //    the system holds back leaves its share to the others instead of making them wait for it at the barrier.
    //    Which thread updates a row does not change how: the result is the same on any number of threads.
    for (let claimed = Atomics.add(sync, 2, 1); claimed * CHUNK < groups; claimed = Atomics.add(sync, 2, 1)) {
      const to = groups - claimed * CHUNK;
      let count = 0;
      for (let g = Math.max(0, to - CHUNK); g < to; g++) {
        if (g >= g0 && g < g1) {
          for (let r = 0; r < 4; r++) {
            const i = 4 * g + r;
            for (let c = k0; c <= i; c++) a[i * n + c] = -dinv[(i - k0) * b + (c - k0)]!;
          }
          continue;
        }
        chunk[count++] = g;
      }
      if (count > 0) sweepChunk(count);
    }
    barrier();
  }
}
