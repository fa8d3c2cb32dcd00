import { Worker } from 'node:worker_threads';
import type { Logger } from '@rapport/core';
import type { Database } from '@rapport/storage';
import type { EngineMetrics } from '../metrics/index.js';
import { endWorker, relay, workerResourceLimits } from '../workers/index.js';
import type { EventSource, IngestAnswer, Ingestion, IngestRequest, IngestResult, IngestSettings } from './ingest-service.js';
import type { FromIngestWorker, IngestWorkerData, ToIngestWorker } from './ingest-worker-protocol.js';

export interface WorkerIngestionOptions {
  readonly database: Database;
  readonly settings: IngestSettings;
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
  /** Called after each commit of the event log (in the log's own thread) with its last seq, rows and duration. */
  readonly onCommit: (lastSeq: number, rows: number, seconds: number) => void;
}

type Pending = { readonly resolve: (value: never) => void; readonly reject: (error: Error) => void };

/**
 * Ingestion in a worker thread, which checks and hands the rows to the event log's own thread; to the HTTP routes it
 * is the same as an IngestService. Request bodies are handed over without a copy, and the rows never come back here:
 * only the answer, once they are durable. If the worker dies, the requests in flight fail
 * (senders get a 5xx and retry; deduplication makes the retry harmless) and it is started again.
 */
export class WorkerIngestion implements Ingestion {
  readonly #o: WorkerIngestionOptions;
  #worker: Worker | undefined;
  #ready: Promise<void> = Promise.resolve();
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  #closing: Promise<void> | undefined;

  constructor(options: WorkerIngestionOptions) {
    this.#o = options;
  }

  /** Starts the worker (and the log's thread); resolves once both have opened the database and take requests. */
  start(): Promise<void> {
    if (this.#worker !== undefined || this.#closing !== undefined) return this.#ready;
    const data: IngestWorkerData = { database: this.#o.database.options, settings: this.#o.settings };
    const worker = new Worker(new URL('./ingest-worker.js', import.meta.url), { workerData: data, name: 'rapport-ingest', resourceLimits: workerResourceLimits });
    let ready: () => void = () => undefined;
    this.#ready = new Promise((resolve) => (ready = resolve));
    worker.on('message', (m: FromIngestWorker) => {
      if (relay(m, this.#o.logger, this.#o.metrics)) return;
      switch (m.type) {
        case 'ready':
          ready();
          break;
        case 'committed':
          this.#o.onCommit(m.lastSeq, m.rows, m.seconds);
          break;
        case 'answered':
        case 'ingested':
        case 'failed': {
          const p = this.#pending.get(m.id);
          this.#pending.delete(m.id);
          if (m.type === 'failed') p?.reject(new Error(m.message));
          else p?.resolve((m.type === 'answered' ? m.answer : m.result) as never);
          break;
        }
        case 'closed':
          break;
      }
    });
    worker.on('error', (error) => this.#o.logger.error({ err: error }, 'the ingestion thread failed'));
    worker.on('exit', () => {
      this.#worker = undefined;
      ready();
      for (const p of this.#pending.values()) p.reject(new Error('the ingestion thread stopped'));
      this.#pending.clear();
      if (this.#closing === undefined) {
        this.#o.logger.error({}, 'the ingestion thread stopped; starting it again');
        void this.start();
      }
    });
    this.#worker = worker;
    return this.#ready;
  }

  async handle(request: IngestRequest): Promise<IngestAnswer> {
    const body = request.body;
    // A body that owns its whole memory moves to the worker without a copy; a slice of a shared pool is copied.
    const owns = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    return this.#call<IngestAnswer>((id) => ({ type: 'request', id, request }), owns ? [body.buffer as ArrayBuffer] : []);
  }

  async ingestMessages(workspaceId: string, items: readonly unknown[], options: { source: EventSource; receivedAt?: number }): Promise<IngestResult> {
    return this.#call<IngestResult>((id) => ({ type: 'messages', id, workspaceId, items, source: options.source, ...(options.receivedAt === undefined ? {} : { receivedAt: options.receivedAt }) }), []);
  }

  /** Tells the worker at once that a key was revoked in this thread. */
  keyRevoked(keyHash: string): void {
    this.#worker?.postMessage({ type: 'key-revoked', keyHash } satisfies ToIngestWorker);
  }

  /** Tells the worker at once of people erased in this thread. */
  suppressed(workspaceId: string, hashes: readonly string[]): void {
    this.#worker?.postMessage({ type: 'suppressed', workspaceId, hashes } satisfies ToIngestWorker);
  }

  /** Stops the worker, which writes what is queued for the log before it ends. */
  async close(): Promise<void> {
    this.#closing ??= endWorker(this.#worker, { type: 'close' } satisfies ToIngestWorker);
    await this.#closing;
  }

  #call<T>(message: (id: number) => ToIngestWorker, transfer: ArrayBuffer[]): Promise<T> {
    if (this.#closing !== undefined) return Promise.reject(new Error('ingestion is closed'));
    if (this.#worker === undefined) void this.start();
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.#worker!.postMessage(message(id), transfer);
    });
  }
}
