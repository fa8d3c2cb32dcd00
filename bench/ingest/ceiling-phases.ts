import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LogAppend } from '@rapport/storage';
import type { IngestBenchResults } from './bench-results.js';
import type { BenchSettings } from './bench-settings.js';
import type { BodyPool } from './body-pool.js';
import { startChildServer } from './child-server.js';
import { saturate } from './load-phases.js';
import type { Progress } from './progress.js';
import { measureRawInserts } from './raw-insert.js';

const BARE_ENDPOINT = resolve(import.meta.dirname, 'bare-endpoint.js');

/** The two ceilings Rapport is compared with, measured on this machine in this run. */
export async function measureCeilings(options: {
  readonly settings: BenchSettings;
  readonly progress: Progress;
  readonly pools: { readonly batch: BodyPool; readonly single: BodyPool };
  readonly logRows: readonly LogAppend[];
  readonly authorization: string;
}): Promise<IngestBenchResults['ceilings']> {
  const { settings, progress, pools } = options;

  progress.phase(
    `raw inserts into event_log: ${settings.seconds} s, ${settings.eventsPerBatch} rows per transaction, WAL, synchronous = FULL`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-bench-raw-'));
  const rawInsert = await measureRawInserts({
    dataDir,
    rows: options.logRows,
    rowsPerTransaction: settings.eventsPerBatch,
    seconds: settings.seconds,
  }).finally(() => rmSync(dataDir, { recursive: true, force: true }));
  progress.detail(
    `${Math.round(rawInsert.rowsPerSecond).toLocaleString('en-US')} rows/s, p50 ${rawInsert.p50Ms.toFixed(1)} ms, p99 ${rawInsert.p99Ms.toFixed(1)} ms per transaction`,
  );

  progress.phase('bare endpoint (Fastify, raw body, JSON.parse, 200): starting');
  const bare = await startChildServer({
    name: 'bare endpoint',
    script: BARE_ENDPOINT,
    env: process.env,
    listening: /listening on (\S+)/,
  });
  try {
    const target = {
      name: 'bare endpoint',
      url: bare.url,
      authorization: options.authorization,
      settings,
      progress,
    };
    const bareBatch = (await saturate(target, pools.batch, 'batch')).measured;
    const bareSingle = (await saturate(target, pools.single, 'single')).measured;
    return { rawInsert, bareBatch, bareSingle };
  } finally {
    await bare.stop();
  }
}
