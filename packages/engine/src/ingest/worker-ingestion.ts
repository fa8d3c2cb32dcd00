import { Worker } from 'node:worker_threads';
import type { Logger } from '@rapport/core';
import type { Database } from '@rapport/storage';
import type { EngineMetrics } from '../metrics/index.js';
import { endWorker, relay, workerResourceLimits } from '../workers/index.js';
import type { CheckedMessages, CheckedRequest, EventSource, IngestAnswer, Ingestion, IngestRequest, IngestResult, IngestSettings } from './ingest-service.js';
import type { LogWriter } from './log-writer.js';
import type { FromIngestWorker, IngestWorkerData, ToIngestWorker } from './ingest-worker-protocol.js';

export interface WorkerIngestionOptions {
  readonly database: Database;
  readonly settings: IngestSettings;
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
  /** The event log, in this thread: the worker checks, this thread appends. */
  readonly log: LogWriter;
}

type Pending = { readonly resolve: (value: never) => void; readonly reject: (error: Error) => void };

/**
 * Ingestion with its checks in a worker thread and its appends in this one; to the HTTP routes it is the same as an
 * IngestService. Request bodies are handed over without a copy. If the worker dies, the requests in flight fail
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

  /** Starts the worker; resolves once it has opened the database and takes requests. */
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
        case 'checked':
        case 'checked-messages':
        case 'failed': {
          const p = this.#pending.get(m.id);
          this.#pending.delete(m.id);
          if (m.type === 'failed') p?.reject(new Error(m.message));
          else p?.resolve(m.checked as never);
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
    const checked = await this.#call<CheckedRequest>((id) => ({ type: 'request', id, request }), owns ? [body.buffer as ArrayBuffer] : []);
    await this.#o.log.append(checked.rows);
    return checked.answer;
  }

  async ingestMessages(workspaceId: string, items: readonly unknown[], options: { source: EventSource; receivedAt?: number }): Promise<IngestResult> {
    const checked = await this.#call<CheckedMessages>((id) => ({ type: 'messages', id, workspaceId, items, source: options.source, ...(options.receivedAt === undefined ? {} : { receivedAt: options.receivedAt }) }), []);
    const { rows, problems } = checked;
    return { accepted: rows.length, seqs: await this.#o.log.append(rows), messageIds: rows.map((r) => r.messageId), problems };
  }

  /** Tells the worker at once that a key was revoked in this thread. */
  keyRevoked(keyHash: string): void {
    this.#worker?.postMessage({ type: 'key-revoked', keyHash } satisfies ToIngestWorker);
  }

  /** Tells the worker at once of people erased in this thread. */
  suppressed(workspaceId: string, hashes: readonly string[]): void {
    this.#worker?.postMessage({ type: 'suppressed', workspaceId, hashes } satisfies ToIngestWorker);
  }

  /** Stops the worker, then writes what is queued for the log. */
  async close(): Promise<void> {
    this.#closing ??= endWorker(this.#worker, { type: 'close' } satisfies ToIngestWorker);
    await this.#closing;
    await this.#o.log.close();
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
