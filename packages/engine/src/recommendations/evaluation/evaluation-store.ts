import type { RecEvaluationSource, RecEvaluationView } from '@rapport/contracts';
import { uuidv7, type Clock } from '@rapport/core';
import { parseJson, type Database, type RecEvaluationRow, type Repositories } from '@rapport/storage';
import { isAlgorithmName } from '../algorithms/algorithm-registry.js';
import type { Params } from '../algorithms/recommender.js';
import type { EvaluationReport } from './evaluate.js';

export interface EvaluationStoreDependencies {
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
}

/** How the workspace's own orders were split for an evaluation (`timeSplit`). */
export interface EvaluationSplit {
  readonly testDays: number;
  /** Unix seconds. */
  readonly cutoff: number;
  readonly repeatsLeftOut: number;
}

/** Where a stored evaluation's data came from. */
export type EvaluationOrigin = { readonly source: Extract<RecEvaluationSource, 'files'> } | { readonly source: Extract<RecEvaluationSource, 'workspace'>; readonly split: EvaluationSplit };

/**
 * The `metrics` JSON of a stored evaluation: the report's keys (snake_case, as `--json` prints them) that have no
 * column of their own, and the split of an evaluation on the workspace's own orders.
 */
type StoredMetrics = Omit<EvaluationReport, 'algorithm' | 'k' | 'params' | 'train_rows' | 'test_users'> & {
  readonly split?: { readonly test_days: number; readonly cutoff: number; readonly repeats_left_out: number };
};

/** A stored row as the API shows it. */
export function recEvaluationView(row: RecEvaluationRow): RecEvaluationView {
  const m = parseJson<StoredMetrics>(row.metrics);
  // Rows are written by `save` only, from reports of known algorithms: another name is a damaged row.
  if (!isAlgorithmName(row.algorithm)) throw new RangeError(`the stored evaluation ${row.id} names an unknown algorithm ${row.algorithm}`);
  return {
    id: row.id,
    algorithm: row.algorithm,
    k: row.k,
    params: parseJson<Params>(row.params),
    source: row.source === 'workspace' ? 'workspace' : 'files',
    split: m.split === undefined ? null : { testDays: m.split.test_days, cutoff: new Date(m.split.cutoff * 1000).toISOString(), repeatsLeftOut: m.split.repeats_left_out },
    metrics: {
      map: m.map,
      ndcg: m.ndcg,
      precision: m.precision,
      recall: m.recall,
      coverage: m.coverage,
      popularityPercentile: m.popularity_percentile,
      trainSeconds: m.train_seconds,
      recommendSeconds: m.recommend_seconds,
    },
    data: {
      trainRows: row.train_rows,
      trainUsers: m.train_users,
      trainItems: m.train_items,
      testRows: m.test_rows,
      testUsers: row.test_users,
      testUsersNotInTrain: m.test_users_not_in_train,
    },
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

/**
 * Offline evaluations kept as results (docs/recommendations.md): written by `rapport recs evaluate` (`--save`, and
 * always on the workspace's own orders), read by the admin API for the dashboard. A report holds means over users and
 * the sizes of the data, nothing about a person.
 */
export class EvaluationStore {
  constructor(private readonly o: EvaluationStoreDependencies) {}

  async save(workspaceId: string, report: EvaluationReport, origin: EvaluationOrigin): Promise<RecEvaluationView> {
    const { algorithm, k, params, train_rows, test_users, ...rest } = report;
    const metrics: StoredMetrics = origin.source === 'workspace' ? { ...rest, split: { test_days: origin.split.testDays, cutoff: origin.split.cutoff, repeats_left_out: origin.split.repeatsLeftOut } } : rest;
    const now = this.o.clock.now();
    const row: RecEvaluationRow = {
      workspace_id: workspaceId,
      id: uuidv7(now),
      algorithm,
      k,
      params: JSON.stringify(params),
      metrics: JSON.stringify(metrics),
      train_rows,
      test_users,
      source: origin.source,
      created_at: now,
    };
    await this.o.repos.recEvaluations.insert(this.o.database.kysely, row);
    return recEvaluationView(row);
  }

  /** The workspace's evaluations, newest first, of one algorithm or all. */
  async list(workspaceId: string, options: { limit: number; algorithm?: string | undefined }): Promise<RecEvaluationView[]> {
    return (await this.o.repos.recEvaluations.list(this.o.database.kysely, workspaceId, options)).map(recEvaluationView);
  }

  async get(workspaceId: string, id: string): Promise<RecEvaluationView | undefined> {
    const row = await this.o.repos.recEvaluations.find(this.o.database.kysely, workspaceId, id);
    return row === undefined ? undefined : recEvaluationView(row);
  }
}
