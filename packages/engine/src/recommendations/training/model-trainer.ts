import { ecommerceEvents } from '@rapport/contracts';
import type { Logger } from '@rapport/core';
import { parseJson } from '@rapport/storage';
import { isAlgorithmName } from '../algorithms/algorithm-registry.js';
import type { AlgorithmName, Params } from '../algorithms/recommender.js';
import { queueModel } from './model-service.js';
import { trainCollaborativeModel, type TrainedFrom, type TrainingInputs } from './collaborative-training.js';

/** When learned models are trained without being asked. */
export interface TrainingSchedule {
  /** The algorithms trained on schedule (the collaborative strategies answer from them). */
  readonly algorithms: readonly AlgorithmName[];
  /** How long a model serves before it is trained again on newer orders. */
  readonly intervalMs: number;
  /** How long after a failed attempt (too little data) the next one waits, when newer orders came. */
  readonly retryMs: number;
}

export const defaultTrainingSchedule: TrainingSchedule = { algorithms: ['sar', 'hybrid'], intervalMs: 24 * 3600_000, retryMs: 3600_000 };

/** How often the trainer looks for models asked for. */
const POLL_MS = 2000;

/**
 * Trains recommendation models in the background: those asked for through the API (queued rows of rec_models), and
 * on schedule each algorithm of `schedule.algorithms` when newer orders came since its last version. Serving never
 * waits for it: the previous version serves until the new one is stored. Run by one thread (the server's training
 * thread); models left in training by a trainer that stopped are queued again when it starts.
 */
export class ModelTrainer {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly o: TrainingInputs & { logger: Logger; schedule: TrainingSchedule }) {}

  /** Trains what is queued, then what the schedule says is due; the number of models trained (or failed). */
  async runOnce(): Promise<number> {
    let trained = 0;
    const { database, repos } = this.o;
    const db = database.kysely;
    for (let queued = await repos.recommendations.queuedModels(db, 10); queued.length > 0 && !this.#stopped; queued = await repos.recommendations.queuedModels(db, 10)) {
      for (const q of queued) {
        if (!(await repos.recommendations.claimModel(db, q.workspace_id, q.id))) continue;
        await this.#train(q.workspace_id, q.id, q.algorithm, parseJson<Params>(q.params));
        trained++;
      }
    }
    for (const w of await this.o.workspaces.list()) {
      for (const algorithm of this.o.schedule.algorithms) {
        if (this.#stopped || !(await this.#due(w.id, algorithm))) continue;
        const id = await queueModel(this.o, w.id, algorithm, {});
        if (!(await repos.recommendations.claimModel(db, w.id, id))) continue;
        await this.#train(w.id, id, algorithm, {});
        trained++;
      }
    }
    return trained;
  }

  /** Due when there are orders and no version yet, or newer orders than the last version learned from and it is old enough. */
  async #due(workspaceId: string, algorithm: AlgorithmName): Promise<boolean> {
    const { database, repos, clock, schedule } = this.o;
    const latestOrder = await repos.recommendations.latestEventAt(database.kysely, workspaceId, ecommerceEvents.orderCompleted);
    if (latestOrder === null) return false;
    const last = await repos.recommendations.latestAttempt(database.kysely, workspaceId, algorithm);
    if (last === undefined) return true;
    const from = parseJson<Partial<TrainedFrom>>(last.params);
    if (from.dataThrough !== undefined && from.dataThrough >= latestOrder) return false;
    return clock.now() - last.trained_at >= (last.status === 'failed' ? schedule.retryMs : schedule.intervalMs);
  }

  async #train(workspaceId: string, id: string, algorithm: string, params: Params): Promise<void> {
    const { logger, repos, database } = this.o;
    if (!isAlgorithmName(algorithm)) {
      await repos.recommendations.updateModel(database.kysely, workspaceId, id, { status: 'failed', error: `unknown algorithm ${algorithm}` });
      return;
    }
    const started = performance.now();
    try {
      const status = await trainCollaborativeModel({ ...this.o, workspaceId, modelId: id, algorithm, params });
      logger.info({ workspaceId, algorithm, modelId: id, status, ms: Math.round(performance.now() - started) }, 'recommendation model trained');
    } catch (error) {
      logger.error({ err: error, workspaceId, algorithm, modelId: id }, 'training a recommendation model failed');
    }
  }

  /** Runs every `pollMs` until stopped; models left in training by a trainer that stopped are queued again first. */
  async start(pollMs = POLL_MS): Promise<void> {
    const requeued = await this.o.repos.recommendations.requeueInterrupted(this.o.database.kysely);
    if (requeued > 0) this.o.logger.warn({ models: requeued }, 'models left in training are queued again');
    const tick = () => {
      this.#running = this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.o.logger.error({ err: error }, 'the model trainer failed'))
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(tick, pollMs).unref();
        });
    };
    tick();
  }

  /** Stops after the model being trained. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
