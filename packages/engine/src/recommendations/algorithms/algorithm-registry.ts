import { availableParallelism } from 'node:os';
import type { Result } from '@rapport/core';
import { alsFromSnapshot, alsParamSpec, fitAls } from './als.js';
import { easeFromSnapshot, easeParamSpec, fitEase } from './ease.js';
import { fitHybrid, hybridFromSnapshot, hybridParamSpec } from './hybrid.js';
import type { InteractionMatrix } from './interactions.js';
import { fitItemKnn, itemKnnFromSnapshot, itemKnnParamSpec } from './item-knn.js';
import { readParams, type ParamSpec } from './params.js';
import { fitPopular, popularFromSnapshot, popularParamSpec } from './popular.js';
import { algorithmNames, type AlgorithmName, type Params, type Recommender } from './recommender.js';
import { fitSar, sarFromSnapshot, sarParamSpec } from './sar.js';
import type { ModelSnapshot } from './snapshot.js';

/** How a model is trained, whatever the algorithm. */
export interface FitOptions {
  /** Worker threads for the parts that use them (EASE's inversion); the model does not depend on it. Default: `defaultThreads()`. */
  readonly threads?: number;
  /** Called as training advances (ALS: after each iteration), with the share done in [0, 1]. */
  readonly onProgress?: (done: number) => void;
}

/** An algorithm: its name, what it does in a line, its parameters and how to train and reload it. */
export interface AlgorithmDefinition {
  readonly name: AlgorithmName;
  readonly description: string;
  readonly defaults: Params;
  /** The defaults with `given` applied, or every problem with `given` as sentences. */
  readParams(given: Params): Result<Params, string[]>;
  /** Trains on the matrix; `params` must pass `readParams` (a RangeError otherwise). */
  fit(m: InteractionMatrix, params: Params, options?: FitOptions): Promise<Recommender>;
  fromSnapshot(snapshot: ModelSnapshot): Recommender;
}

/** Two threads at most: the machines Rapport targets have two cores, and a server has requests to answer too. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

interface TypedDefinition<P extends Params> {
  readonly name: AlgorithmName;
  readonly description: string;
  readonly spec: ParamSpec<P>;
  fit(m: InteractionMatrix, params: P, options: Required<Pick<FitOptions, 'threads'>> & FitOptions): Promise<Recommender> | Recommender;
  fromSnapshot(snapshot: ModelSnapshot): Recommender;
}

function define<P extends Params>(d: TypedDefinition<P>): AlgorithmDefinition {
  return {
    name: d.name,
    description: d.description,
    defaults: d.spec.defaults,
    readParams: (given) => readParams(d.spec, given),
    async fit(m, given, options = {}) {
      const params = readParams(d.spec, given);
      if (!params.ok) throw new RangeError(`${d.name}: ${params.error.join('; ')}`);
      return d.fit(m, params.value, { ...options, threads: options.threads ?? defaultThreads() });
    },
    fromSnapshot: d.fromSnapshot,
  };
}

/** Every algorithm by name, with its defaults (docs/recommendations.md explains each and when to use it). */
export const algorithms: Readonly<Record<AlgorithmName, AlgorithmDefinition>> = {
  popular: define({
    name: 'popular',
    description: 'Most bought items by number of distinct customers (optionally time-decayed); the same list for everyone',
    spec: popularParamSpec,
    fit: (m, p) => fitPopular(m, p),
    fromSnapshot: popularFromSnapshot,
  }),
  sar: define({
    name: 'sar',
    description: 'Item co-occurrence (Jaccard or lift) with a time-decayed user affinity (SAR): "bought together", fast, explainable',
    spec: sarParamSpec,
    fit: (m, p) => fitSar(m, p),
    fromSnapshot: sarFromSnapshot,
  }),
  'item-knn': define({
    name: 'item-knn',
    description: 'Item-based k-nearest neighbours: cosine similarity of items over the customers who bought them',
    spec: itemKnnParamSpec,
    fit: (m, p) => fitItemKnn(m, p),
    fromSnapshot: itemKnnFromSnapshot,
  }),
  als: define({
    name: 'als',
    description: 'Implicit matrix factorization (weighted ALS, Hu–Koren–Volinsky, conjugate-gradient solver): learned taste factors',
    spec: alsParamSpec,
    fit: (m, p, o) => fitAls(m, p, { threads: o.threads, onIteration: (it) => o.onProgress?.(it / p.iterations) }),
    fromSnapshot: alsFromSnapshot,
  }),
  ease: define({
    name: 'ease',
    description: 'EASE (Steck 2019): closed-form item-item regression over the most bought items; strong on shop data',
    spec: easeParamSpec,
    fit: (m, p, o) => fitEase(m, p, { threads: o.threads }),
    fromSnapshot: easeFromSnapshot,
  }),
  hybrid: define({
    name: 'hybrid',
    description: 'Blend of standardized ALS, EASE and SAR scores, popular items for customers with little history',
    spec: hybridParamSpec,
    fit: (m, p, o) => fitHybrid(m, p, { threads: o.threads }),
    fromSnapshot: hybridFromSnapshot,
  }),
};

/** Whether a name is one of the algorithms. */
export function isAlgorithmName(name: string): name is AlgorithmName {
  return (algorithmNames as readonly string[]).includes(name);
}

/** A trained model back from its snapshot (see `decodeSnapshot` for bytes). */
export function loadModel(snapshot: ModelSnapshot): Recommender {
  return algorithms[snapshot.algorithm].fromSnapshot(snapshot);
}
