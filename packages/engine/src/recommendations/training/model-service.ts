import type { ModelMetrics, RecModelView, TrainModelBody } from '@rapport/contracts';
import { err, ok, uuidv7, type Clock, type Result } from '@rapport/core';
import { parseJson, type Database, type RecModelRow, type Repositories } from '@rapport/storage';
import { algorithms } from '../algorithms/algorithm-registry.js';
import type { AlgorithmName, Params } from '../algorithms/recommender.js';

type ModelRow = Omit<RecModelRow, 'snapshot'>;

/** Queues a model for training (status queued, the next version of its algorithm) and returns its id. */
export async function queueModel(o: { database: Database; repos: Repositories; clock: Clock }, workspaceId: string, algorithm: AlgorithmName, params: Params): Promise<string> {
  const { database, repos, clock } = o;
  const now = clock.now();
  const id = uuidv7(now);
  await database.processingTransaction(async (trx) => {
    const version = await repos.recommendations.nextModelVersion(trx, workspaceId, algorithm);
    await repos.recommendations.insertModel(trx, {
      workspace_id: workspaceId,
      id,
      algorithm,
      version,
      status: 'queued',
      params: JSON.stringify(params),
      metrics: null,
      users: 0,
      items: 0,
      interactions: 0,
      snapshot: null,
      error: null,
      trained_at: now,
      took_ms: 0,
    });
  });
  return id;
}

export function modelView(row: ModelRow): RecModelView {
  return {
    id: row.id,
    algorithm: row.algorithm,
    version: row.version,
    status: row.status as RecModelView['status'],
    params: parseJson<Record<string, unknown>>(row.params),
    metrics: row.metrics === null ? null : parseJson<ModelMetrics>(row.metrics),
    customers: row.users,
    products: row.items,
    interactions: row.interactions,
    error: row.error,
    trainedAt: new Date(Number(row.trained_at)).toISOString(),
    tookMs: row.took_ms,
  };
}

/** The admin side of trained models: their versions with offline metrics, and training on demand. */
export class ModelService {
  constructor(private readonly o: { database: Database; repos: Repositories; clock: Clock }) {}

  async list(workspaceId: string, limit = 100): Promise<RecModelView[]> {
    return (await this.o.repos.recommendations.models(this.o.database.kysely, workspaceId, limit)).map(modelView);
  }

  async get(workspaceId: string, id: string): Promise<RecModelView | undefined> {
    const row = await this.o.repos.recommendations.model(this.o.database.kysely, workspaceId, id);
    return row === undefined ? undefined : modelView(row);
  }

  /** Asks for a model to be trained now; the parameters are checked first (each problem as a sentence). */
  async train(workspaceId: string, body: TrainModelBody): Promise<Result<RecModelView, string[]>> {
    const params = algorithms[body.algorithm].readParams(body.params ?? {});
    if (!params.ok) return err(params.error);
    const id = await queueModel(this.o, workspaceId, body.algorithm, body.params ?? {});
    return ok((await this.get(workspaceId, id))!);
  }
}
