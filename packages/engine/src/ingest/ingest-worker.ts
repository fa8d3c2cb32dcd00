/**
 * Ingestion in a worker thread (started by WorkerIngestion): authenticating, decoding, checking and normalizing every
 * event, and keeping what is refused. The rows to append go to the event log's own thread (LogThread), started from
 * here: its appends wait for fsync, which would stop the checks here, or every request in the request thread. Only
 * the answer goes back to the request thread, once the rows are durable.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '@rapport/core';
import { createRepositories, openDatabase } from '@rapport/storage';
import { KeyService } from '../keys/index.js';
import { SuppressionList } from '../privacy/index.js';
import { Turns, workerLogger, workerMetrics } from '../workers/index.js';
import { IngestService } from './ingest-service.js';
import type { FromIngestWorker, IngestWorkerData, ToIngestWorker } from './ingest-worker-protocol.js';
import { LogThread } from './log-thread.js';
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
// The log thread's commits, log lines and metrics go on to the request thread as they are.
const log = new LogThread({ database: data.database, logger, forward: post });
await Promise.all([suppressions.load(), log.start()]);
const ingest = new IngestService({ keys, log, rejected: new RejectedStore(database, repos), suppressions, metrics, clock: systemClock, settings: data.settings });
const flushing = setInterval(() => metrics.flush(), 250);
// Requests wait for turns of their own, so that the log thread's answers are read between two of them (Turns).
const turns = new Turns();

const fail = (id: number) => (error: unknown) => {
  logger.error({ err: error }, 'ingesting events failed');
  post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
};

port.on('message', (m: ToIngestWorker) => {
  switch (m.type) {
    case 'request': {
      // The answer's callback keeps only the id: holding the message would keep its body until the rows are durable.
      const { id, request } = m;
      turns.run(() => {
        // The body arrives as a Uint8Array: give it back its Buffer face without copying.
        ingest.handle({ ...request, body: Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength) }).then((answer) => {
          metrics.flush();
          post({ type: 'answered', id, answer });
        }, fail(id));
      });
      break;
    }
    case 'messages':
      turns.run(() => {
        ingest.ingestMessages(m.workspaceId, m.items, { source: m.source, ...(m.receivedAt === undefined ? {} : { receivedAt: m.receivedAt }) }).then((result) => post({ type: 'ingested', id: m.id, result }), fail(m.id));
      });
      break;
    case 'key-revoked':
      keys.forget(m.keyHash);
      break;
    case 'suppressed':
      suppressions.add(m.workspaceId, m.hashes);
      break;
    case 'close':
      // After the requests already here: their rows reach the log thread, which writes what is queued before it ends.
      turns.run(() => {
        void (async () => {
          clearInterval(flushing);
          metrics.flush();
          await log.close();
          await database.close();
          post({ type: 'closed' });
          port.close();
        })();
      });
      break;
  }
});
post({ type: 'ready' });
