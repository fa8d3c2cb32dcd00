import type { Logger } from '@rapport/core';
import type { LogAppend, OpenDatabaseOptions } from '@rapport/storage';
import { WorkerCalls, workerResourceLimits } from '../workers/index.js';
import type { EventLog } from './log-writer.js';
import type { FromLogWorker, LogWorkerData, ToLogWorker } from './log-worker-protocol.js';

export interface LogThreadOptions {
  readonly database: OpenDatabaseOptions;
  readonly logger: Logger;
  /** Every commit, and the worker's log lines and metrics (BridgeMessage), for the thread that reports them. */
  readonly forward: (message: Exclude<FromLogWorker, { type: 'ready' | 'appended' | 'failed' | 'closed' }>) => void;
}

/**
 * The event log as seen from the ingestion thread: `append` resolves with the rows' seqs once the log's own thread
 * (log-worker.ts) has made them durable. If that thread dies, the appends in flight fail (their requests answer 5xx
 * and are sent again; deduplication makes that harmless) and it is started again.
 */
export class LogThread implements EventLog {
  readonly #calls: WorkerCalls<FromLogWorker>;

  constructor(options: LogThreadOptions) {
    const data: LogWorkerData = { database: options.database };
    this.#calls = new WorkerCalls<FromLogWorker>({
      thread: 'the event log thread',
      logger: options.logger,
      script: new URL('./log-worker.js', import.meta.url),
      workerOptions: { workerData: data, name: 'rapport-log', resourceLimits: workerResourceLimits },
      valueOf: (m) => (m.type === 'appended' ? m.seqs : undefined),
      other: (m) => options.forward(m as Parameters<LogThreadOptions['forward']>[0]),
    });
  }

  /** Starts the thread; resolves once it has opened the database. */
  start(): Promise<void> {
    return this.#calls.start();
  }

  append(rows: readonly LogAppend[]): Promise<number[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return this.#calls.call<number[]>((id) => ({ type: 'append', id, rows }) satisfies ToLogWorker);
  }

  /** Writes what is queued, then stops the thread. */
  close(): Promise<void> {
    return this.#calls.close({ type: 'close' } satisfies ToLogWorker);
  }
}
