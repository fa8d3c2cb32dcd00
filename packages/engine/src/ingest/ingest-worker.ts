/**
 * The checks of ingestion in a worker thread (started by WorkerIngestion): authenticating, decoding, checking and
 * normalizing every event, and keeping what is refused. The rows to append go back to the request thread, which holds
 * the event log: its appends wait for fsync, and better-sqlite3 would make that wait block the checks here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '@rapport/core';
import { createRepositories, openDatabase } from '@rapport/storage';
import { KeyService } from '../keys/index.js';
import { SuppressionList } from '../privacy/index.js';
import { workerLogger, workerMetrics } from '../workers/index.js';
import { IngestService } from './ingest-service.js';
import type { FromIngestWorker, IngestWorkerData, ToIngestWorker } from './ingest-worker-protocol.js';
import { RejectedStore } from './rejected-store.js';

const port = parentPort!;
const data = workerData as IngestWorkerData;
const post = (m: FromIngestWorker) => port.postMessage(m);
const logger = workerLogger(post, { thread: 'ingest' });

// Key lookups and refused payloads only: a small page cache, and no checkpoints (the processor's connection runs them).
const database = await openDatabase({ ...data.database, cacheKb: 2000, autoCheckpoint: false, poolSize: 2 });
const repos = createRepositories(database.dialect);
const metrics = workerMetrics(post);
const keys = new KeyService(database, repos, systemClock);
const suppressions = new SuppressionList(database, repos, systemClock);
await suppressions.load();
const ingest = new IngestService({ keys, rejected: new RejectedStore(database, repos), suppressions, metrics, clock: systemClock, settings: data.settings });
const flushing = setInterval(() => metrics.flush(), 250);

const fail = (id: number) => (error: unknown) => {
  logger.error({ err: error }, 'checking events failed');
  post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
};

port.on('message', (m: ToIngestWorker) => {
  switch (m.type) {
    case 'request':
      // The body arrives as a Uint8Array: give it back its Buffer face without copying.
      ingest.check({ ...m.request, body: Buffer.from(m.request.body.buffer, m.request.body.byteOffset, m.request.body.byteLength) }).then((checked) => {
        metrics.flush();
        post({ type: 'checked', id: m.id, checked });
      }, fail(m.id));
      break;
    case 'messages':
      ingest.checkMessages(m.workspaceId, m.items, { source: m.source, ...(m.receivedAt === undefined ? {} : { receivedAt: m.receivedAt }) }).then((checked) => post({ type: 'checked-messages', id: m.id, checked }), fail(m.id));
      break;
    case 'key-revoked':
      keys.forget(m.keyHash);
      break;
    case 'suppressed':
      suppressions.add(m.workspaceId, m.hashes);
      break;
    case 'close':
      void (async () => {
        clearInterval(flushing);
        metrics.flush();
        await database.close();
        post({ type: 'closed' });
        port.close();
      })();
      break;
  }
});
post({ type: 'ready' });
