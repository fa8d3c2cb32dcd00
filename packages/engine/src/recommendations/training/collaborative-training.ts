import type { ModelMetrics } from '@rapport/contracts';
import type { Clock } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';
import { algorithms } from '../algorithms/algorithm-registry.js';
import { buildInteractionMatrix } from '../algorithms/interactions.js';
import type { AlgorithmName, Params } from '../algorithms/recommender.js';
import { encodeSnapshot } from '../algorithms/snapshot.js';
import { weightOf, type ContractRow } from '../evaluation/contract-csv.js';
import { evaluateAlgorithm, prepareEvaluationData } from '../evaluation/evaluate.js';
import { timeSplit } from '../evaluation/time-split.js';
import type { WorkspaceService } from '../../workspaces/index.js';
import { refreshCountryPopular } from './country-popular.js';
import { readWorkspaceInteractions } from './workspace-interactions.js';

/** Ranks measured offline when a model is trained. */
const METRICS_K = 10;
/** Snapshots kept per algorithm: the one serving and the one before it. */
const KEEP_SNAPSHOTS = 2;

/** What a model version's params record besides the algorithm's: the data it learned from. */
export interface TrainedFrom {
  /** The latest order learned from (Unix ms): the schedule trains again only when newer orders came. */
  readonly dataThrough: number;
  readonly orders: number;
  readonly peopleLeftOut: number;
}

export interface TrainingInputs {
  readonly database: Database;
  readonly repos: Repositories;
  readonly workspaces: WorkspaceService;
  readonly clock: Clock;
  /** Worker threads for EASE's inversion. */
  readonly threads: number;
  /** Days held out to measure the model offline before it is trained on everything. */
  readonly testDays: number;
}

/** Metrics of the algorithm and of popular on a time split; null when the split leaves no train or no test data. */
async function measure(rows: readonly ContractRow[], algorithm: AlgorithmName, params: Params, o: TrainingInputs): Promise<ModelMetrics | null> {
  const split = timeSplit(rows, o.testDays);
  if (split.train.length === 0 || split.test.length === 0) return null;
  const data = prepareEvaluationData(split.train, split.test);
  const report = await evaluateAlgorithm(data, { algorithm, k: METRICS_K, params, threads: o.threads });
  const baseline = algorithm === 'popular' ? report : await evaluateAlgorithm(data, { algorithm: 'popular', k: METRICS_K });
  return {
    k: METRICS_K,
    testDays: o.testDays,
    testUsers: data.test.size,
    ndcg: report.ndcg,
    map: report.map,
    precision: report.precision,
    recall: report.recall,
    coverage: report.coverage,
    popularityPercentile: report.popularity_percentile,
    popular: { ndcg: baseline.ndcg, map: baseline.map, precision: baseline.precision, recall: baseline.recall },
  };
}

/**
 * Trains the model `modelId` (a row queued in rec_models) on the workspace's orders: measured first on a time split
 * (the last `testDays` held out), then trained on everything and stored with its item side only — the snapshot holds
 * no user ids or factors, nothing about a person; the serving side scores each person's own history. The previous
 * version serves until this one is ready. A model without enough data to learn from is stored as failed, with why.
 */
export async function trainCollaborativeModel(o: TrainingInputs & { workspaceId: string; modelId: string; algorithm: AlgorithmName; params: Params }): Promise<'ready' | 'failed'> {
  const { database, repos, clock, workspaceId, modelId, algorithm } = o;
  const started = performance.now();
  const finish = async (changes: Parameters<Repositories['recommendations']['updateModel']>[3]) => {
    await database.processingTransaction(async (trx) => {
      await repos.recommendations.updateModel(trx, workspaceId, modelId, { ...changes, trained_at: clock.now(), took_ms: Math.round(performance.now() - started) });
      await repos.recommendations.pruneSnapshots(trx, workspaceId, algorithm, KEEP_SNAPSHOTS);
    });
  };
  const definition = algorithms[algorithm];
  const params = definition.readParams(o.params);
  if (!params.ok) {
    await finish({ status: 'failed', error: `bad parameters: ${params.error.join('; ')}` });
    return 'failed';
  }
  try {
    const { purposes } = (await o.workspaces.get(workspaceId)).settings;
    const data = await readWorkspaceInteractions({ database, repos, workspaceId, purposes });
    const users = new Set(data.rows.map((r) => r.userId)).size;
    const items = new Set(data.rows.map((r) => r.itemId)).size;
    const from: TrainedFrom = { dataThrough: data.rows.reduce((t, r) => Math.max(t, r.timestamp * 1000), 0), orders: data.orders, peopleLeftOut: data.peopleLeftOut };
    const recorded = { ...params.value, ...from };
    if (users < 2 || items < 2) {
      const error = `not enough orders to learn from: ${data.orders} orders of ${users} customers who consent to personalization, with ${items} products (at least 2 customers and 2 products are needed)`;
      await finish({ status: 'failed', error, params: JSON.stringify(recorded), users, items, interactions: data.rows.length });
      return 'failed';
    }
    const metrics = await measure(data.rows, algorithm, params.value, o);
    const matrix = buildInteractionMatrix(data.rows.map((r) => ({ userId: r.userId, itemId: r.itemId, weight: weightOf(r), timestamp: r.timestamp })));
    const model = await definition.fit(matrix, params.value, { threads: o.threads });
    const snapshot = Buffer.from(encodeSnapshot(model.toSnapshot({ users: false })));
    await finish({ status: 'ready', error: null, params: JSON.stringify(recorded), metrics: metrics === null ? null : JSON.stringify(metrics), users, items, interactions: data.rows.length, snapshot });
    // The hybrid's newcomers without affinity get what customers of their country buy: kept with it, from the same orders.
    if (algorithm === 'hybrid') await refreshCountryPopular({ database, repos, clock, workspaceId, rows: data.rows });
    return 'ready';
  } catch (error) {
    await finish({ status: 'failed', error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
