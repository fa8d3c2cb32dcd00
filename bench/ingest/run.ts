/**
 * `npm run bench:ingest`: Rapport's ingestion throughput and latency on the embedded database, next to two ceilings
 * measured in the same run (a bare Fastify endpoint and raw inserts into the event log), with the targets marked
 * PASS or FAIL. See bench/README.md for what each figure means.
 */
import { describeMachine, loadAtStartNoted } from './machine.js';
import { mkdtempSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestBenchResults } from './bench-results.js';
import { benchSettings } from './bench-settings.js';
import { BodyPool } from './body-pool.js';
import { measureCeilings } from './ceiling-phases.js';
import { logRowsOf } from './log-rows.js';
import { Progress } from './progress.js';
import { measureRapport } from './rapport-phases.js';
import { renderReport } from './report.js';
import { writeResults } from './results-file.js';
import { loadRetailCatalog } from './retail-catalog.js';
import { ShopTraffic } from './shop-traffic.js';

const TMPFS_MAGIC = 0x01021994;

const settings = benchSettings(process.argv.slice(2));
const progress = new Progress();
const startedAt = new Date().toISOString();

const loadAtStart = loadAtStartNoted(progress);
if (statfsSync(tmpdir()).type === TMPFS_MAGIC) {
  progress.phase(
    `WARNING: ${tmpdir()} is a tmpfs, where fsync costs nothing; set TMPDIR to a directory on a disk`,
  );
}

progress.phase('generating events from the Online Retail data set (UCI, CC BY 4.0)');
const traffic = new ShopTraffic(loadRetailCatalog());
const pools = {
  batch: BodyPool.batches(traffic, {
    requests: settings.batchBodies,
    eventsPerBatch: settings.eventsPerBatch,
  }),
  single: BodyPool.singles(traffic, { requests: settings.singleBodies }),
};
// 20,000 rows (200 batches) give the raw-insert ceiling the mix of payload sizes of the load; it inserts them in turn.
const logRows = logRowsOf(pools.batch.bodies().slice(0, Math.ceil(20_000 / settings.eventsPerBatch)));
const bodyBytes = { batch: pools.batch.meanBytes(), single: pools.single.meanBytes() };
progress.detail(
  `${settings.batchBodies} batch bodies of ${Math.round(bodyBytes.batch).toLocaleString('en-US')} bytes, ${settings.singleBodies.toLocaleString('en-US')} single-event bodies of ${Math.round(bodyBytes.single)} bytes (mean)`,
);

// The bare endpoint ignores the key; it is sent anyway so that both servers read the same requests.
const ceilings = await measureCeilings({
  settings,
  progress,
  pools,
  logRows,
  authorization: `Basic ${Buffer.from('wk_bench_bare_endpoint:').toString('base64')}`,
});
const cpuProfileDir = settings.cpuProfile ? mkdtempSync(join(tmpdir(), 'rapport-bench-profile-')) : undefined;
const rapport = await measureRapport({ settings, progress, pools, cpuProfileDir });

const results: IngestBenchResults = {
  benchmark: 'ingest',
  startedAt,
  wallSeconds: progress.elapsedSeconds(),
  machine: describeMachine(loadAtStart),
  settings,
  bodyBytes,
  ceilings,
  rapport,
};
const file = writeResults(results);
progress.phase(`done in ${Math.round(results.wallSeconds)} s; results in ${file} and latest.json`);
if (cpuProfileDir !== undefined) progress.detail(`CPU profile of the server: ${cpuProfileDir}`);
process.stdout.write(`\n${renderReport(results)}\n`);
