import type { ModelMetrics, RecModelView, TrainModelBody } from '@rapport/contracts';
import { err, ok, uuidv7, type Clock, type Result } from '@rapport/core';
import { parseJson, type Database, type RecModelRow, type Repositories } from '@rapport/storage';
import { algorithms } from '../algorithms/algorithm-registry.js';
import type { AlgorithmName, Params } from '../algorithms/recommender.js';

type ModelRow = Omit<RecModelRow, 'snapshot'>;

/** A new version of a model: queued for training, or built ready (with its snapshot). */
export interface NewModelVersion {
  readonly algorithm: string;
  readonly status: 'queued' | 'ready';
  readonly params: object;
  readonly users?: number;
  readonly items?: number;
  readonly interactions?: number;
  readonly snapshot?: Buffer;
  readonly tookMs?: number;
  /** For a ready version: the snapshots of older versions beyond this many are deleted (their rows stay). */
  readonly keepSnapshots?: number;
}

/** Stores the next version of a model (its number taken in the same transaction) and returns its id and number. */
export async function insertModelVersion(o: { database: Database; repos: Repositories; clock: Clock }, workspaceId: string, m: NewModelVersion): Promise<{ id: string; version: number }> {
  const { database, repos, clock } = o;
  const now = clock.now();
  const id = uuidv7(now);
  return database.processingTransaction(async (trx) => {
    const version = await repos.recommendations.nextModelVersion(trx, workspaceId, m.algorithm);
    await repos.recommendations.insertModel(trx, {
      workspace_id: workspaceId,
      id,
      algorithm: m.algorithm,
      version,
      status: m.status,
      params: JSON.stringify(m.params),
      metrics: null,
      users: m.users ?? 0,
      items: m.items ?? 0,
      interactions: m.interactions ?? 0,
      snapshot: m.snapshot ?? null,
      error: null,
      trained_at: now,
      took_ms: m.tookMs ?? 0,
    });
    if (m.keepSnapshots !== undefined) await repos.recommendations.pruneSnapshots(trx, workspaceId, m.algorithm, m.keepSnapshots);
    return { id, version };
  });
}

/** Queues a model for training (status queued, the next version of its algorithm) and returns its id. */
export async function queueModel(o: { database: Database; repos: Repositories; clock: Clock }, workspaceId: string, algorithm: AlgorithmName, params: Params): Promise<string> {
  return (await insertModelVersion(o, workspaceId, { algorithm, status: 'queued', params })).id;
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
