import { setFlagsFromString } from 'node:v8';
import { startRapport } from '../main.js';
import { startBanner } from './banner.js';
import { configOrExit } from './config-or-exit.js';
import { createLogger } from './logger.js';

/** `rapport start`: serve until SIGTERM or SIGINT, then shut down gracefully. */
export async function startCommand(): Promise<void> {
  // This thread answers HTTP and keeps little alive: a young generation of 2 × 4 MB (V8's default grows to 2 × 16)
  // keeps the process within its memory budget, at the cost of a few more, short collections.
  setFlagsFromString('--max-semi-space-size=4');
  // After a full collection, V8 lets a heap grow to up to several times what survived before it collects again; under
  // full ingestion load that was about 200 MB of heap pages for about 50 MB of live data across the three threads.
  // Growing by 30 % at most cut the peak resident memory by about 85 MB at the same throughput (bench:ingest).
  // Applies to this thread and to the worker threads started after it.
  setFlagsFromString('--heap-growing-percent=30');
  // While the server is quiet (a backlog being worked off, a night), V8's memory reducer shrinks each thread's heap, and
  // the first second of the next flow ran with small heaps and many collections: after a catch-up and 5 s of quiet, 287
  // and 68 requests over 100 ms in the first second with it, 4 and 12 without (bench/README.md, 2 December 2026). Peak
  // memory is reached under load, where it does not act.
  setFlagsFromString('--no-memory-reducer');
  const config = configOrExit(process.env);
  const logger = createLogger(config.logLevel);
  const running = await startRapport(config, { logger });
  process.stdout.write(`${startBanner(running)}\n`);
  logger.info({ url: running.url, database: running.database.dialect }, 'ready');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight, flushing the event log');
    const timer = setTimeout(() => {
      logger.error({ timeoutSeconds: config.shutdownTimeoutSeconds }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutSeconds * 1000);
    timer.unref();
    running.close().then(
      () => {
        logger.info({}, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
