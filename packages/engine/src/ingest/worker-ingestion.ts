import type { Logger } from '@rapport/core';
import type { Database } from '@rapport/storage';
import type { EngineMetrics } from '../metrics/index.js';
import { relay, WorkerCalls, workerResourceLimits } from '../workers/index.js';
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

/**
 * Ingestion in a worker thread, which checks and hands the rows to the event log's own thread; to the HTTP routes it
 * is the same as an IngestService. Request bodies are handed over without a copy, and the rows never come back here:
 * only the answer, once they are durable. If the worker dies, the requests in flight fail
 * (senders get a 5xx and retry; deduplication makes the retry harmless) and it is started again.
 */
export class WorkerIngestion implements Ingestion {
  readonly #calls: WorkerCalls<FromIngestWorker>;

  constructor(options: WorkerIngestionOptions) {
    const data: IngestWorkerData = { database: options.database.options, settings: options.settings };
    this.#calls = new WorkerCalls<FromIngestWorker>({
      thread: 'the ingestion thread',
      logger: options.logger,
      script: new URL('./ingest-worker.js', import.meta.url),
      workerOptions: { workerData: data, name: 'rapport-ingest', resourceLimits: workerResourceLimits },
      valueOf: (m) => (m.type === 'answered' ? m.answer : m.type === 'ingested' ? m.result : undefined),
      other: (m) => {
        if (relay(m, options.logger, options.metrics)) return;
        if (m.type === 'committed') options.onCommit(m.lastSeq, m.rows, m.seconds);
      },
    });
  }

  /** Starts the worker (and the log's thread); resolves once both have opened the database and take requests. */
  start(): Promise<void> {
    return this.#calls.start();
  }

  async handle(request: IngestRequest): Promise<IngestAnswer> {
    const body = request.body;
    // A body that owns its whole memory moves to the worker without a copy; a slice of a shared pool is copied.
    const owns = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    return this.#calls.call<IngestAnswer>((id) => ({ type: 'request', id, request }) satisfies ToIngestWorker, owns ? [body.buffer as ArrayBuffer] : []);
  }

  async ingestMessages(workspaceId: string, items: readonly unknown[], options: { source: EventSource; receivedAt?: number }): Promise<IngestResult> {
    return this.#calls.call<IngestResult>(
      (id) => ({ type: 'messages', id, workspaceId, items, source: options.source, ...(options.receivedAt === undefined ? {} : { receivedAt: options.receivedAt }) }) satisfies ToIngestWorker,
    );
  }

  /** Tells the worker at once that a key was revoked in this thread. */
  keyRevoked(keyHash: string): void {
    this.#calls.tell({ type: 'key-revoked', keyHash } satisfies ToIngestWorker);
  }

  /** Tells the worker at once of people erased in this thread. */
  suppressed(workspaceId: string, hashes: readonly string[]): void {
    this.#calls.tell({ type: 'suppressed', workspaceId, hashes } satisfies ToIngestWorker);
  }

  /** Stops the worker, which writes what is queued for the log before it ends. */
  close(): Promise<void> {
    return this.#calls.close({ type: 'close' } satisfies ToIngestWorker);
  }
}
