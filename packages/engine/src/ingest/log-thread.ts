import { Worker } from 'node:worker_threads';
import type { Logger } from '@rapport/core';
import type { LogAppend, OpenDatabaseOptions } from '@rapport/storage';
import { endWorker, workerResourceLimits } from '../workers/index.js';
import type { EventLog } from './log-writer.js';
import type { FromLogWorker, LogWorkerData, ToLogWorker } from './log-worker-protocol.js';

export interface LogThreadOptions {
  readonly database: OpenDatabaseOptions;
  readonly logger: Logger;
  /** Every commit, and the worker's log lines and metrics (BridgeMessage), for the thread that reports them. */
  readonly forward: (message: Exclude<FromLogWorker, { type: 'ready' | 'appended' | 'failed' | 'closed' }>) => void;
}

type Pending = { readonly resolve: (seqs: number[]) => void; readonly reject: (error: Error) => void };

/**
 * The event log as seen from the ingestion thread: `append` resolves with the rows' seqs once the log's own thread
 * (log-worker.ts) has made them durable. If that thread dies, the appends in flight fail (their requests answer 5xx
 * and are sent again; deduplication makes that harmless) and it is started again.
 */
export class LogThread implements EventLog {
  readonly #o: LogThreadOptions;
  #worker: Worker | undefined;
  #ready: Promise<void> = Promise.resolve();
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  #closing: Promise<void> | undefined;

  constructor(options: LogThreadOptions) {
    this.#o = options;
  }

  /** Starts the thread; resolves once it has opened the database. */
  start(): Promise<void> {
    if (this.#worker !== undefined || this.#closing !== undefined) return this.#ready;
    const data: LogWorkerData = { database: this.#o.database };
    const worker = new Worker(new URL('./log-worker.js', import.meta.url), { workerData: data, name: 'rapport-log', resourceLimits: workerResourceLimits });
    let ready: () => void = () => undefined;
    this.#ready = new Promise((resolve) => (ready = resolve));
    worker.on('message', (m: FromLogWorker) => {
      switch (m.type) {
        case 'ready':
          ready();
          break;
        case 'appended':
        case 'failed': {
          const p = this.#pending.get(m.id);
          this.#pending.delete(m.id);
          if (m.type === 'failed') p?.reject(new Error(m.message));
          else p?.resolve(m.seqs);
          break;
        }
        case 'closed':
          break;
        default:
          this.#o.forward(m);
      }
    });
    worker.on('error', (error) => this.#o.logger.error({ err: error }, 'the event log thread failed'));
    worker.on('exit', () => {
      this.#worker = undefined;
      ready();
      for (const p of this.#pending.values()) p.reject(new Error('the event log thread stopped'));
      this.#pending.clear();
      if (this.#closing === undefined) {
        this.#o.logger.error({}, 'the event log thread stopped; starting it again');
        void this.start();
      }
    });
    this.#worker = worker;
    return this.#ready;
  }

  append(rows: readonly LogAppend[]): Promise<number[]> {
    if (rows.length === 0) return Promise.resolve([]);
    if (this.#closing !== undefined) return Promise.reject(new Error('the event log is closed'));
    if (this.#worker === undefined) void this.start();
    const id = this.#nextId++;
    return new Promise<number[]>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker!.postMessage({ type: 'append', id, rows } satisfies ToLogWorker);
    });
  }

  /** Writes what is queued, then stops the thread. */
  async close(): Promise<void> {
    this.#closing ??= endWorker(this.#worker, { type: 'close' } satisfies ToLogWorker);
    await this.#closing;
  }
}

