import type { Machine } from '../ingest/machine.js';
import type { EvaluationReport } from '@rapport/engine';

/** One learned model trained on the whole Online Retail data, in a child process of its own (train-child.ts). */
export interface TrainingMeasurement {
  readonly algorithm: string;
  /** Every run's training time; the best is compared with the ceiling (a shared machine only ever slows a run). */
  readonly seconds: readonly number[];
  readonly bestSeconds: number;
  /**
   * The child process's peak resident memory while training (VmHWM, reset before each run; the highest run): Node,
   * the interaction matrix, the training's buffers and worker threads, the model. Judged against the memory target.
   */
  readonly peakRssBytes: number;
  /** Resident memory just before training (after a full collection), the highest run: Node and the interaction matrix. */
  readonly rssBeforeBytes: number;
  /** The same two figures for each run, in order. */
  readonly peakRssBytesPerRun: readonly number[];
  readonly rssBeforeBytesPerRun: readonly number[];
  /** The stored model (encodeSnapshot), with its users and without (item side only). */
  readonly snapshotBytes: number;
  readonly snapshotBytesWithoutUsers: number;
  readonly threads: number;
}

/** The NumPy version of the same training (numpy-baseline.py), best of its runs. */
export interface NumpyCeiling {
  readonly numpy: string;
  /** The BLAS NumPy was built with (e.g. scipy-openblas 0.3.31) and the interpreter that ran it. */
  readonly blas: string;
  readonly python: string;
  /** ru_maxrss of the NumPy process (reading the file with Python's csv, then every model), for information. */
  readonly peakRssBytes: number;
  readonly alsSeconds: number;
  readonly easeSeconds: number;
}

/** Everything one run of `npm run bench:recs` measured: what bench/results/recs-*.json hold. */
export interface RecsBenchResults {
  readonly benchmark: 'recs';
  readonly startedAt: string;
  readonly wallSeconds: number;
  readonly machine: Machine;
  readonly data: {
    /** Interactions of the whole data set (one per order and product), and of its time split. */
    readonly interactions: number;
    readonly users: number;
    readonly items: number;
    readonly testDays: number;
    readonly cutoff: string;
  };
  /** Every algorithm on the time split, k = 10. */
  readonly offline: readonly EvaluationReport[];
  readonly training: readonly TrainingMeasurement[];
  readonly ceiling: NumpyCeiling | null;
  /** Serving latency: added with the HTTP serving of trained models (serving-latency.ts); null until then. */
  readonly serving: unknown;
}
