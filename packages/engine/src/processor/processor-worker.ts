/**
 * The processor in a worker thread (started by WorkerProcessor): its CPU work and its SQLite transactions stay off
 * the thread that answers requests, at a lower priority, so that ingestion is served first and the processor takes
 * what is left.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '@rapport/core';
import { createRepositories, openDatabase } from '@rapport/storage';
import { UserAgentParser } from '../profiles/index.js';
import { lowerThreadPriority, workerLogger, workerMetrics } from '../workers/index.js';
import { WorkspaceService } from '../workspaces/index.js';
import { Processor } from './processor.js';
import { createProcessorExtensions } from './processor-extensions.js';
import type { FromProcessorWorker, ProcessorWorkerData, ToProcessorWorker } from './processor-worker-protocol.js';

const port = parentPort!;
const data = workerData as ProcessorWorkerData;
const post = (m: FromProcessorWorker) => port.postMessage(m);

lowerThreadPriority();
// This connection runs the checkpoints that the log's connection leaves to others.
const database = await openDatabase({ ...data.database, cacheKb: 8000, autoCheckpoint: true });
const repos = createRepositories(database.dialect);
const metrics = workerMetrics(post);
const workspaces = new WorkspaceService(database, repos, systemClock);
const logger = workerLogger(post, { thread: 'processor' });
const processor = new Processor({
  database,
  repos,
  workspaces,
  clock: systemClock,
  logger,
  extensions: createProcessorExtensions({ database, repos, workspaces, clock: systemClock, logger }),
  metrics,
  userAgents: new UserAgentParser(),
  locationDecimals: data.locationDecimals,
  pollMs: data.pollMs,
  ...(data.recovering ? { firstSliceSize: 1 } : {}),
  // In its own thread the processor blocks no request: between flows of events it works in large slices.
  quietSliceBudgetMs: 250,
  // The slice's counts travel with its cursor, so that the parent's metrics are up to date when it hears of it.
  onAdvance: (cursor) => {
    metrics.flush();
    post({ type: 'cursor', cursor });
  },
});
const flushing = setInterval(() => metrics.flush(), 250);

port.on('message', (message: ToProcessorWorker) => {
  if (message.type === 'notify') processor.notify();
  else if (message.type === 'stop') {
    void (async () => {
      await processor.stop();
      clearInterval(flushing);
      metrics.flush();
      await database.close();
      post({ type: 'stopped' });
      port.close();
    })();
  }
});
processor.start();
