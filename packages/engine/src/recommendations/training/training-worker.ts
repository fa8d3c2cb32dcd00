/**
 * The model trainer in a worker thread (started by WorkerTrainer): seconds of training never hold up a request or the
 * processor, and it runs at the lowest priority, so that serving and ingestion always come first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '@rapport/core';
import { createRepositories, openDatabase } from '@rapport/storage';
import { lowerThreadPriority, workerLogger } from '../../workers/index.js';
import { WorkspaceService } from '../../workspaces/index.js';
import { ModelTrainer } from './model-trainer.js';
import type { TrainerWorkerData } from './worker-trainer.js';

const port = parentPort!;
const data = workerData as TrainerWorkerData;

lowerThreadPriority();
const database = await openDatabase({ ...data.database, cacheKb: 8000 });
const repos = createRepositories(database.dialect);
const workspaces = new WorkspaceService(database, repos, systemClock);
const logger = workerLogger((m) => port.postMessage(m), { thread: 'trainer' });
const trainer = new ModelTrainer({ database, repos, workspaces, clock: systemClock, logger, ...data.training });

port.on('message', (message: { type: 'stop' }) => {
  if (message.type !== 'stop') return;
  void (async () => {
    await trainer.stop();
    await database.close();
    port.close();
  })();
});
await trainer.start(data.pollMs);
