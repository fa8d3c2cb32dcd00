import { Worker } from 'node:worker_threads';
import type { Logger } from '@rapport/core';
import type { OpenDatabaseOptions } from '@rapport/storage';
import type { EngineMetrics } from '../../metrics/index.js';
import { endWorker, relay, workerResourceLimits } from '../../workers/index.js';
import type { TrainingSchedule } from './model-trainer.js';

/** How training runs, wherever it runs. */
export interface TrainingSettings {
  readonly schedule: TrainingSchedule;
  /** Worker threads for EASE's inversion. */
  readonly threads: number;
  /** Days held out to measure each new model version. */
  readonly testDays: number;
}

export interface TrainerWorkerData {
  readonly database: OpenDatabaseOptions;
  readonly training: TrainingSettings;
  readonly pollMs: number;
}

/** The model trainer in a thread of its own; started again a minute after it dies (it resumes what was queued). */
export class WorkerTrainer {
  #worker: Worker | undefined;
  #stopping: Promise<void> | undefined;

  constructor(private readonly o: { database: OpenDatabaseOptions; training: TrainingSettings; logger: Logger; metrics: EngineMetrics; pollMs?: number }) {}

  #delay: NodeJS.Timeout | undefined;

  /** Starts the thread after `delayMs` (a server starts it once everything that answers requests is up). */
  startAfter(delayMs: number): void {
    this.#delay = setTimeout(() => this.start(), delayMs).unref();
  }

  start(): void {
    if (this.#worker !== undefined || this.#stopping !== undefined) return;
    const data: TrainerWorkerData = { database: this.o.database, training: this.o.training, pollMs: this.o.pollMs ?? 2000 };
    // The old generation is left to grow: a model of a large shop needs a few hundred MB while it trains.
    const worker = new Worker(new URL('./training-worker.js', import.meta.url), { workerData: data, name: 'rapport-trainer', resourceLimits: workerResourceLimits });
    worker.on('message', (m: { type: string }) => void relay(m, this.o.logger, this.o.metrics));
    worker.on('error', (error) => this.o.logger.error({ err: error }, 'the training thread failed'));
    worker.on('exit', (code) => {
      this.#worker = undefined;
      if (this.#stopping !== undefined) return;
      this.o.logger.error({ code }, 'the training thread stopped; starting it again in 60 s');
      setTimeout(() => this.start(), 60_000).unref();
    });
    this.#worker = worker;
  }

  async stop(): Promise<void> {
    clearTimeout(this.#delay);
    this.#stopping ??= endWorker(this.#worker, { type: 'stop' });
    await this.#stopping;
  }
}
