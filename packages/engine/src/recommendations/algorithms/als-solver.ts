/** What one half-step of ALS reads and writes (see `solveRows`). */
export interface AlsHalfStep {
  /** The rows to update (users, or items for the other half), CSR: which columns each row has and their confidence c. */
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly confidence: Float32Array;
  /** The factors updated in place, rows × f. */
  readonly target: Float64Array;
  /** The other side's factors, held fixed, columns × f. */
  readonly fixed: Float64Array;
  /** YᵀY + λI of the fixed factors, f × f. */
  readonly gram: Float64Array;
  readonly factors: number;
  readonly cgSteps: number;
  readonly from: number;
  readonly to: number;
}

/**
 * One half-step of implicit ALS with the conjugate-gradient solver of Takács, Pilászy & Tikk ("Applications of the
 * conjugate gradient method for implicit feedback collaborative filtering", RecSys 2011), for rows [from, to).
 *
 * Hu, Koren & Volinsky (ICDM 2008) give each row x the normal equations (YᵀY + Yᵀ(Cᵤ − I)Y + λI) x = YᵀCᵤp, p = 1
 * on observed entries. Solving them exactly costs f³ per row; instead a few CG steps start from the previous x
 * (warm start), each costing f² + nnz(row) · f: the product with the matrix is YᵀY·v plus a sum over the row's
 * observed entries only, so the matrix is never formed. Three steps per row and iteration match the exact solver's
 * accuracy per iteration closely in their experiments (and in `implicit`, which uses the same scheme).
 *
 * Loops over the f factors run four at a time with four partial sums: V8 does not vectorize, and independent sums
 * let the CPU overlap the multiply-adds (about twice as fast as the plain loop here). Self-contained (no imports, no
 * outer variables): worker threads run it from its source text.
 */
export function solveRows(step: AlsHalfStep): void {
  const { start, index, confidence, target, fixed, gram, factors: f, cgSteps } = step;
  const f4 = f - (f % 4);
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const ap = new Float64Array(f);
  const x = new Float64Array(f);
  /** Σₐ v[a]·w[wAt + a]. */
  const dot = (v: Float64Array, w: Float64Array, wAt: number): number => {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let a = 0; a < f4; a += 4) {
      s0 += v[a]! * w[wAt + a]!;
      s1 += v[a + 1]! * w[wAt + a + 1]!;
      s2 += v[a + 2]! * w[wAt + a + 2]!;
      s3 += v[a + 3]! * w[wAt + a + 3]!;
    }
    for (let a = f4; a < f; a++) s0 += v[a]! * w[wAt + a]!;
    return s0 + s1 + s2 + s3;
  };
  /** out += coef · w[wAt …]. */
  const axpy = (out: Float64Array, coef: number, w: Float64Array, wAt: number): void => {
    for (let a = 0; a < f4; a += 4) {
      out[a]! += coef * w[wAt + a]!;
      out[a + 1]! += coef * w[wAt + a + 1]!;
      out[a + 2]! += coef * w[wAt + a + 2]!;
      out[a + 3]! += coef * w[wAt + a + 3]!;
    }
    for (let a = f4; a < f; a++) out[a]! += coef * w[wAt + a]!;
  };
  for (let u = step.from; u < step.to; u++) {
    const xAt = u * f;
    const q0 = start[u]!;
    const q1 = start[u + 1]!;
    for (let a = 0; a < f; a++) x[a] = target[xAt + a]!;
    // r = b − A x = Σ c·y − YᵀY·x − Σ (c − 1)(y·x) y
    for (let a = 0; a < f; a++) r[a] = -dot(x, gram, a * f);
    for (let q = q0; q < q1; q++) {
      const c = confidence[q]!;
      const yAt = index[q]! * f;
      axpy(r, c - (c - 1) * dot(x, fixed, yAt), fixed, yAt);
    }
    let rr = 0;
    for (let a = 0; a < f; a++) {
      p[a] = r[a]!;
      rr += r[a]! * r[a]!;
    }
    for (let it = 0; it < cgSteps && rr > 1e-20; it++) {
      // ap = A p
      for (let a = 0; a < f; a++) ap[a] = dot(p, gram, a * f);
      for (let q = q0; q < q1; q++) {
        const yAt = index[q]! * f;
        axpy(ap, (confidence[q]! - 1) * dot(p, fixed, yAt), fixed, yAt);
      }
      let pap = 0;
      for (let a = 0; a < f; a++) pap += p[a]! * ap[a]!;
      if (!(pap > 0)) break;
      const alpha = rr / pap;
      let rrNew = 0;
      for (let a = 0; a < f; a++) {
        x[a]! += alpha * p[a]!;
        r[a]! -= alpha * ap[a]!;
        rrNew += r[a]! * r[a]!;
      }
      const beta = rrNew / rr;
      for (let a = 0; a < f; a++) p[a] = r[a]! + beta * p[a]!;
      rr = rrNew;
    }
    for (let a = 0; a < f; a++) target[xAt + a] = x[a]!;
  }
}

/** What each thread of ALS training shares (SharedArrayBuffers when there are several threads). */
export interface AlsTrainingTask {
  readonly users: { readonly start: Int32Array; readonly index: Int32Array; readonly confidence: Float32Array };
  readonly items: { readonly start: Int32Array; readonly index: Int32Array; readonly confidence: Float32Array };
  /** users × f and items × f, updated in place. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly factors: number;
  readonly iterations: number;
  readonly cgSteps: number;
  readonly regularization: number;
  /** Partial Gram matrices, `chunks` × f × f, and the barrier's [arrived, generation]. */
  readonly partials: Float64Array;
  readonly chunks: number;
  readonly sync: Int32Array;
  /** Row ranges of each thread: thread t solves users [userSplit[t], userSplit[t + 1]) and items likewise. */
  readonly userSplit: Int32Array;
  readonly itemSplit: Int32Array;
  readonly threads: number;
  readonly thread: number;
}

/**
 * Every iteration of ALS for one thread: the users' half-step, then the items'. Each half-step first needs the
 * Gram matrix of the fixed side; it is summed from `chunks` partial sums over fixed row ranges (whatever the number
 * of threads, so that the model does not depend on it), the chunks dealt to the threads in turn. Threads meet at a
 * barrier after each phase. Self-contained but for `solveRows`, which worker threads get from its source text too.
 */
export function trainAlsThread(task: AlsTrainingTask, onIteration: (iteration: number) => void): void {
  const { factors: f, partials, chunks, sync, threads, thread } = task;
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
  const gram = new Float64Array(f * f);
  /** FᵀF + λI of `rows` rows of `fixed`, into `gram`. */
  const gramOf = (fixed: Float64Array, rows: number): void => {
    for (let c = thread; c < chunks; c += threads) {
      const at = c * f * f;
      partials.fill(0, at, at + f * f);
      const to = Math.floor(((c + 1) * rows) / chunks);
      for (let row = Math.floor((c * rows) / chunks); row < to; row++) {
        const rAt = row * f;
        for (let a = 0; a < f; a++) {
          const va = fixed[rAt + a]!;
          const ga = at + a * f;
          for (let b = 0; b <= a; b++) partials[ga + b]! += va * fixed[rAt + b]!;
        }
      }
    }
    barrier();
    gram.fill(0);
    for (let c = 0; c < chunks; c++) {
      const at = c * f * f;
      for (let a = 0; a < f; a++) for (let b = 0; b <= a; b++) gram[a * f + b]! += partials[at + a * f + b]!;
    }
    for (let a = 0; a < f; a++) {
      gram[a * f + a]! += task.regularization;
      for (let b = 0; b < a; b++) gram[b * f + a] = gram[a * f + b]!;
    }
  };
  const common = { factors: f, cgSteps: task.cgSteps, gram };
  for (let it = 1; it <= task.iterations; it++) {
    gramOf(task.y, task.itemSplit[threads]!);
    solveRows({ ...common, ...task.users, target: task.x, fixed: task.y, from: task.userSplit[thread]!, to: task.userSplit[thread + 1]! });
    barrier();
    gramOf(task.x, task.userSplit[threads]!);
    solveRows({ ...common, ...task.items, target: task.y, fixed: task.x, from: task.itemSplit[thread]!, to: task.itemSplit[thread + 1]! });
    barrier();
    if (thread === 0) onIteration(it);
  }
}
