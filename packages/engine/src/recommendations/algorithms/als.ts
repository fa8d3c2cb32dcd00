import { transpose, weightRows, type InteractionMatrix } from './interactions.js';
import { FactorKernels } from './factor-scores.js';
import { dot, gram } from './linear-algebra.js';
import { Worker } from 'node:worker_threads';
import { solveRows, trainAlsThread, type AlsTrainingTask } from './als-solver.js';
import { storedParams, type ParamSpec } from './params.js';
import { checkUser, noUsers, recommendFromScores, rowOf, summedRow, type HistoryEvent, type Params, type Recommender, type SnapshotOptions, type UserRow } from './recommender.js';
import { seededRandom } from './seeded-random.js';
import { snapshotArray, type ModelSnapshot } from './snapshot.js';
import { topK, type ScoredItem } from './top-k.js';

/** How a user's summed weight w on an item becomes r in the confidence 1 + α·r. */
export const alsWeightings = ['weight', 'log', 'binary'] as const;
export type AlsWeighting = (typeof alsWeightings)[number];

/**
 * Implicit-feedback matrix factorization, weighted ALS (Hu, Koren & Volinsky, "Collaborative Filtering for Implicit
 * Feedback Datasets", ICDM 2008): preference p = 1 where the user interacted, 0 elsewhere, trusted with confidence
 * c = 1 + α·r; each half-step solved by conjugate gradient (Takács et al. 2011, see als-solver.ts).
 */
export type AlsParams = {
  readonly factors: number;
  readonly iterations: number;
  /** λ, the L2 penalty on both sides' factors. */
  readonly regularization: number;
  /** α of the confidence 1 + α·r. */
  readonly alpha: number;
  /** r = w ('weight'), log(1 + w) ('log', HKV §4's remedy for heavy users), or 1 ('binary'). */
  readonly weighting: AlsWeighting;
  readonly cgSteps: number;
  /** Seed of the random initial factors. */
  readonly seed: number;
};

export const alsParamSpec: ParamSpec<AlsParams> = {
  defaults: { factors: 48, iterations: 10, regularization: 10, alpha: 2, weighting: 'log', cgSteps: 3, seed: 42 },
  choices: { weighting: alsWeightings },
  counts: ['factors', 'iterations', 'cgSteps'],
};

function confidenceOf(params: AlsParams): (w: number) => number {
  const r = params.weighting === 'log' ? Math.log1p : params.weighting === 'binary' ? () => 1 : (w: number) => w;
  return (w) => 1 + params.alpha * r(w);
}

/** How ALS is run: threads (the model does not depend on them) and a callback after each iteration. */
export interface AlsFitOptions {
  readonly threads: number;
  onIteration?(iteration: number): void;
}

export class AlsModel implements Recommender {
  readonly algorithm = 'als' as const;

  constructor(
    readonly params: AlsParams,
    readonly itemIds: readonly string[],
    readonly userIds: readonly string[],
    /** users × f and items × f. */
    readonly userFactors: Float32Array,
    readonly itemFactors: Float32Array,
    /** Users' training rows (their confidence). */
    readonly users: { readonly start: Int32Array; readonly index: Int32Array; readonly values: Float32Array },
  ) {}

  #scorer: FactorKernels | undefined;

  userRow(user: number): UserRow {
    return rowOf(this.users.start, this.users.index, this.users.values, user);
  }

  /**
   * The serving kernels (factor-scores.ts), made at the first person served: x · yᵢ for every item i (the scalar
   * loop's sums, bit for bit) and the fold-in's products, in WebAssembly with SIMD. G = YᵀY + λI.
   */
  #kernels(): FactorKernels {
    // G = YᵀY + λI depends on the items only: computed once per model, with the kernels.
    const { itemFactors, itemIds, params } = this;
    return (this.#scorer ??= new FactorKernels(itemFactors, itemIds.length, params.factors, gram(itemFactors, itemIds.length, params.factors, params.regularization)));
  }

  scoreItems(user: number): Float64Array {
    checkUser(this, user);
    const f = this.params.factors;
    return this.#kernels().scores(this.userFactors.subarray(user * f, (user + 1) * f));
  }

  /**
   * Folds a history in: the user's factors that ALS would compute for it with the items fixed (HKV §4), solved by
   * conjugate gradient on (YᵀY + λI + Yᵀ(C − I)Y) x = YᵀCp without forming the matrix — each step costs f² plus
   * 2f per item of the history (in WebAssembly, factor-scores.ts), so that a wholesaler with thousands of products
   * is scored as fast as anyone — then scored like a trained user.
   */
  scoreHistory(history: readonly HistoryEvent[]): Float64Array {
    return this.scoreHistoryView(history).slice();
  }

  /** `scoreHistory` in the kernels' memory (a dot product is never −Infinity): valid until the model's next call. */
  scoreHistoryView(history: readonly HistoryEvent[]): Float64Array {
    const f = this.params.factors;
    const y = this.itemFactors;
    const conf = confidenceOf(this.params);
    const row = summedRow(history, this.itemIds.length);
    const n = row.items.length;
    const c = Float64Array.from(row.values, (w) => conf(w));
    const b = new Float64Array(f);
    for (let p = 0; p < n; p++) for (let i = 0, at = row.items[p]! * f; i < f; i++) b[i]! += c[p]! * y[at + i]!;
    const kernels = this.#kernels();
    const { d, ad, times } = kernels.normalOperator(row.items, c.map((cp) => cp - 1));
    const x = new Float64Array(f);
    const r = b.slice();
    d.set(r);
    let rr = dot(r, 0, r, 0, f);
    // The residual shrunk 10⁴-fold is far finer than a ranking needs; 16 steps bound a badly conditioned history.
    const tolerance = 1e-8 * (rr || 1);
    for (let step = 0; step < Math.min(f, 16) && rr > tolerance; step++) {
      times();
      const alpha = rr / (dot(d, 0, ad, 0, f) || 1e-300);
      for (let i = 0; i < f; i++) {
        x[i]! += alpha * d[i]!;
        r[i]! -= alpha * ad[i]!;
      }
      const next = dot(r, 0, r, 0, f);
      for (let i = 0; i < f; i++) d[i] = r[i]! + (next / rr) * d[i]!;
      rr = next;
    }
    return kernels.scoresView(x);
  }

  recommend(user: number, k: number, exclude?: ReadonlySet<number>): ScoredItem[] {
    return recommendFromScores(this, user, k, exclude);
  }

  /** Cosine of the items' factor vectors. */
  similarItems(item: number, k: number): ScoredItem[] {
    const f = this.params.factors;
    const y = this.itemFactors;
    const norm = (i: number) => Math.sqrt(dot(y, i * f, y, i * f, f)) || 1;
    const own = norm(item);
    const scores = new Float64Array(this.itemIds.length);
    for (let i = 0; i < scores.length; i++) scores[i] = dot(y, item * f, y, i * f, f) / (own * norm(i));
    return topK(scores, k, new Set([item]));
  }

  toSnapshot(options: SnapshotOptions = {}): ModelSnapshot {
    const keepUsers = options.users ?? true;
    const users = keepUsers ? this.users : noUsers;
    return {
      format: 1,
      algorithm: 'als',
      params: this.params,
      itemIds: this.itemIds,
      userIds: keepUsers ? this.userIds : [],
      numbers: {},
      arrays: { userFactors: keepUsers ? this.userFactors : new Float32Array(0), itemFactors: this.itemFactors, userStart: users.start, userItems: users.index, userValues: users.values },
      parts: {},
    };
  }
}

/** Cuts rows [0, n) into `parts` contiguous ranges of about equal cost (a row costs a + b · its entries). */
function balancedSplit(start: Int32Array, parts: number, perRow: number, perEntry: number): Int32Array {
  const rows = start.length - 1;
  const total = rows * perRow + start[rows]! * perEntry;
  const split = new Int32Array(parts + 1);
  let row = 0;
  for (let t = 1; t < parts; t++) {
    while (row < rows && row * perRow + start[row]! * perEntry < (total * t) / parts) row++;
    split[t] = row;
  }
  split[parts] = rows;
  return split;
}

const shared = (length: number) => new Float64Array(new SharedArrayBuffer(length * 8));

/** A copy of `a` in shared memory. */
function sharedCopy<T extends Int32Array | Float32Array>(a: T): T {
  const copy = (a instanceof Int32Array ? new Int32Array(new SharedArrayBuffer(a.byteLength)) : new Float32Array(new SharedArrayBuffer(a.byteLength))) as T;
  copy.set(a);
  return copy;
}

// Worker threads run the training loop from its source text, so that the same code runs from the TypeScript
// sources (tests) and from the build.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const solveRows = (${solveRows.toString()});
const trainAlsThread = (${trainAlsThread.toString()});
trainAlsThread(workerData, (iteration) => parentPort.postMessage(iteration));
parentPort.postMessage('done');
`;

function runThreads(task: (thread: number) => AlsTrainingTask, threads: number, onIteration: (iteration: number) => void): Promise<unknown> {
  return Promise.all(
    Array.from(
      { length: threads },
      (_, t) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(workerSource, { eval: true, workerData: task(t), name: 'rapport-als' });
          worker.on('message', (m: unknown) => (m === 'done' ? resolve() : typeof m === 'number' ? onIteration(m) : undefined));
          worker.once('error', reject);
          worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`an ALS thread stopped with code ${code}`))));
        }),
    ),
  );
}

/** Gram matrices are summed from this many partial sums, whatever the threads: the model is the same on 1 or 2. */
const GRAM_CHUNKS = 8;

/**
 * Trains ALS: seeded random factors in [0, 0.01), then `iterations` alternating half-steps (users, then items),
 * in Float64; the model keeps Float32 factors. With threads > 1 the rows of each half-step are split between worker
 * threads (the calling thread only waits); with 1 everything runs in the calling thread.
 */
export async function fitAls(m: InteractionMatrix, params: AlsParams = alsParamSpec.defaults, options: AlsFitOptions = { threads: 1 }): Promise<AlsModel> {
  const f = params.factors;
  const threads = Math.max(1, Math.floor(options.threads));
  const byUser = weightRows(m, confidenceOf(params));
  const byItem = transpose(byUser);
  const userConfidence = Float32Array.from(byUser.values);
  const random = seededRandom(params.seed);
  const x = shared(m.userIds.length * f);
  const y = shared(m.itemIds.length * f);
  for (let i = 0; i < x.length; i++) x[i] = random() * 0.01;
  for (let i = 0; i < y.length; i++) y[i] = random() * 0.01;
  const perEntry = (2 + 2 * params.cgSteps) * f;
  const perRow = (params.cgSteps + 1) * f * f;
  // Both sides' rows in shared memory when there are worker threads: each would otherwise get a copy of its own.
  const rows = threads === 1 ? <T extends Int32Array | Float32Array>(a: T) => a : sharedCopy;
  const users = { start: rows(byUser.rowStart), index: rows(byUser.index), confidence: rows(userConfidence) };
  const items = { start: rows(byItem.rowStart), index: rows(byItem.index), confidence: rows(Float32Array.from(byItem.values)) };
  const task = (thread: number): AlsTrainingTask => ({
    users,
    items,
    x,
    y,
    factors: f,
    iterations: params.iterations,
    cgSteps: params.cgSteps,
    regularization: params.regularization,
    partials: shared(GRAM_CHUNKS * f * f),
    chunks: GRAM_CHUNKS,
    sync: new Int32Array(new SharedArrayBuffer(8)),
    userSplit: balancedSplit(byUser.rowStart, threads, perRow, perEntry),
    itemSplit: balancedSplit(byItem.rowStart, threads, perRow, perEntry),
    threads,
    thread,
  });
  const onIteration = (it: number) => options.onIteration?.(it);
  if (threads === 1) trainAlsThread(task(0), onIteration);
  else {
    const one = task(0);
    await runThreads((thread) => ({ ...one, thread }), threads, onIteration);
  }
  return new AlsModel({ ...params }, m.itemIds, m.userIds, Float32Array.from(x), Float32Array.from(y), { start: m.rowStart, index: m.items, values: userConfidence });
}

/**
 * The objective ALS minimizes: Σ over all (u, i) of c(u, i)·(p(u, i) − xᵤ·yᵢ)² + λ(Σ‖xᵤ‖² + Σ‖yᵢ‖²), computed
 * without visiting every pair: Σᵤ xᵤᵀ(YᵀY)xᵤ covers the unobserved ones as if c = 1, p = 0, and the observed
 * ones are corrected to c·(1 − s)².
 */
export function alsLoss(m: InteractionMatrix, model: AlsModel): number {
  const { factors: f, regularization: lambda } = model.params;
  const x = model.userFactors;
  const y = model.itemFactors;
  const yty = gram(y, m.itemIds.length, f, 0);
  let loss = 0;
  for (let u = 0; u < m.userIds.length; u++) {
    for (let a = 0; a < f; a++) loss += x[u * f + a]! * dot(yty, a * f, x, u * f, f);
    const row = model.userRow(u);
    for (let p = 0; p < row.items.length; p++) {
      const c = row.values[p]!;
      const s = dot(x, u * f, y, row.items[p]! * f, f);
      loss += c * (1 - s) ** 2 - s * s;
    }
  }
  let norms = 0;
  for (const v of x) norms += v * v;
  for (const v of y) norms += v * v;
  return loss + lambda * norms;
}

export function alsFromSnapshot(s: ModelSnapshot): AlsModel {
  return new AlsModel(storedParams(alsParamSpec, s.params as Params), s.itemIds, s.userIds, snapshotArray(s, 'userFactors', Float32Array), snapshotArray(s, 'itemFactors', Float32Array), {
    start: snapshotArray(s, 'userStart', Int32Array),
    index: snapshotArray(s, 'userItems', Int32Array),
    values: snapshotArray(s, 'userValues', Float32Array),
  });
}
