/**
 * The event log in a thread of its own (started by LogThread in the ingestion thread): group commits of the rows the
 * ingestion thread checked. An append waits for fsync, and better-sqlite3 waits inside the call: here that wait stops
 * nothing else, where in the request thread it stopped every request and in the ingestion thread every check.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '@rapport/storage';
import { workerLogger } from '../workers/index.js';
import { LogWriter } from './log-writer.js';
import type { FromLogWorker, LogWorkerData, ToLogWorker } from './log-worker-protocol.js';

const port = parentPort!;
const data = workerData as LogWorkerData;
const post = (m: FromLogWorker) => port.postMessage(m);
const logger = workerLogger(post, { thread: 'log' });

// Appends only: a small page cache, and no checkpoints (the processor's connection runs them).
const database = await openDatabase({ ...data.database, cacheKb: 1000, autoCheckpoint: false, poolSize: 1 });
const log = new LogWriter(database, { onCommit: (lastSeq, rows, seconds) => post({ type: 'committed', lastSeq, rows, seconds }) });

port.on('message', (m: ToLogWorker) => {
  switch (m.type) {
    case 'append':
      log.append(m.rows).then(
        (seqs) => post({ type: 'appended', id: m.id, seqs }),
        (error: unknown) => {
          logger.error({ err: error }, 'appending to the event log failed');
          post({ type: 'failed', id: m.id, message: error instanceof Error ? error.message : String(error) });
        },
      );
      break;
    case 'close':
      void (async () => {
        await log.close();
        await database.close();
        post({ type: 'closed' });
        port.close();
      })();
      break;
  }
});
post({ type: 'ready' });
