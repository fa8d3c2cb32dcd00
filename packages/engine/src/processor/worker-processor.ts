import { Worker } from 'node:worker_threads';
import type { Clock, Logger } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';
import type { EngineMetrics } from '../metrics/index.js';
import { endWorker, processorResourceLimits, relay } from '../workers/index.js';
import { CursorWatch, type ProcessorControl, type ProcessorLag } from './cursor-watch.js';
import type { FromProcessorWorker, ProcessorWorkerData, ToProcessorWorker } from './processor-worker-protocol.js';

export interface WorkerProcessorOptions {
  /** This thread's connection, for reading the processor's progress. */
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
  readonly locationDecimals: number;
  readonly pollMs?: number;
}

/**
 * The processor, run in a worker thread; to the rest of the engine it is the same as an in-thread Processor. If the
 * worker dies, it is started again after a second: it resumes from the cursor in the database.
 */
export class WorkerProcessor implements ProcessorControl {
  readonly #o: WorkerProcessorOptions;
  readonly #watch: CursorWatch;
  #worker: Worker | undefined;
  #stopping: Promise<void> | undefined;
  #notified = false;

  constructor(options: WorkerProcessorOptions) {
    this.#o = options;
    this.#watch = new CursorWatch(options.database, options.repos, options.clock, () => false);
  }

  get cursor(): number {
    return this.#watch.cursor;
  }

  start(): void {
    this.#spawn(false);
  }

  #spawn(recovering: boolean): void {
    if (this.#worker !== undefined || this.#stopping !== undefined) return;
    const data: ProcessorWorkerData = { database: this.#o.database.options, locationDecimals: this.#o.locationDecimals, pollMs: this.#o.pollMs ?? 200, recovering };
    const worker = new Worker(new URL('./processor-worker.js', import.meta.url), { workerData: data, name: 'rapport-processor', resourceLimits: processorResourceLimits });
    worker.on('message', (m: FromProcessorWorker) => {
      if (relay(m, this.#o.logger, this.#o.metrics)) return;
      if (m.type === 'cursor') this.#watch.advance(m.cursor);
    });
    worker.on('error', (error) => this.#o.logger.error({ err: error }, 'the processor thread failed'));
    worker.on('exit', (code) => {
      this.#worker = undefined;
      if (this.#stopping !== undefined) return;
      this.#o.logger.error({ code }, 'the processor thread stopped; starting it again in 1 s');
      setTimeout(() => this.#spawn(true), 1000).unref();
    });
    this.#worker = worker;
  }

  async stop(): Promise<void> {
    this.#stopping ??= endWorker(this.#worker, { type: 'stop' } satisfies ToProcessorWorker);
    await this.#stopping;
    this.#watch.cancelAll();
  }

  /** Wakes the worker; several notifications in one turn of the event loop send one message. */
  notify(): void {
    if (this.#notified) return;
    this.#notified = true;
    queueMicrotask(() => {
      this.#notified = false;
      this.#post({ type: 'notify' });
    });
  }

  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    return this.#watch.waitFor(seq, timeoutMs);
  }

  async drain(): Promise<void> {
    const target = await this.#o.repos.ingest.lastLogSeq(this.#o.database.log);
    while (!(await this.waitFor(target, 60_000)));
  }

  lag(): Promise<ProcessorLag> {
    return this.#watch.lag();
  }

  #post(message: ToProcessorWorker): void {
    this.#worker?.postMessage(message);
  }
}
