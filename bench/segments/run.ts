/**
 * `npm run bench:segments`: segments over a synthetic shop (1,000,000 profiles and 20,000,000 events by default) —
 * three representative segments evaluated in batch on the embedded SQLite database next to the same queries in DuckDB
 * over the same data (the ceiling), and the processor's throughput with and without 50 live segments, on a smaller shop
 * of the same kind (100,000 profiles by default; see live-shop.ts); the targets marked PASS or FAIL. See
 * bench/README.md for what each figure means.
 */
import { describeMachine, loadAtStartNoted } from '../ingest/machine.js';
import { execFileSync } from 'node:child_process';
import { Progress } from '../ingest/progress.js';
import { measureBatch } from './batch.js';
import { writeResults, type SegmentsBenchResults } from './bench-results.js';
import { segmentsBenchSettings } from './bench-settings.js';
import { cacheDir, readCached } from './data-cache.js';
import { measureCeiling } from './duckdb-baseline.js';
import { generateShop } from './generate.js';
import { measureLive } from './live.js';
import { liveShop } from './live-shop.js';
import { shopShape } from './people.js';
import { renderReport } from './report.js';

/** The commit measured, and whether the working tree differed from it (other work in progress is measured too). */
function codeVersion(): { commit: string; localChanges: boolean } | null {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      localChanges: git('status', '--porcelain', '--untracked-files=no') !== '',
    };
  } catch {
    return null;
  }
}

const settings = segmentsBenchSettings(process.argv.slice(2));
const progress = new Progress();
const startedAt = new Date().toISOString();
const loadAtStart = loadAtStartNoted(progress);

const shape = shopShape(settings);
progress.phase(
  `the synthetic shop: ${shape.profiles.toLocaleString('en-US')} profiles, ${shape.events.toLocaleString('en-US')} events, seed ${shape.seed}`,
);
const reused = !settings.fresh && readCached(cacheDir(shape)) !== undefined;
const data = await generateShop(shape, { fresh: settings.fresh, progress });
const batch = await measureBatch(data, { runs: settings.runs, progress });
const ceiling = await measureCeiling(data, batch, { runs: settings.runs, progress });
const live = settings.live
  ? await measureLive(await liveShop(data, settings, progress), settings, progress)
  : null;

const results: SegmentsBenchResults = {
  benchmark: 'segments',
  startedAt,
  wallSeconds: progress.elapsedSeconds(),
  machine: describeMachine(loadAtStart),
  code: codeVersion(),
  settings,
  data: { ...data, reused },
  batch: { profiles: batch.profiles, segments: batch.segments },
  ceiling,
  live,
};
const file = writeResults(results);
progress.phase(`done in ${Math.round(results.wallSeconds)} s; results in ${file} and segments-latest.json`);
for (const profile of live?.cpuProfiles ?? []) progress.detail(`CPU profile: ${profile}`);
process.stdout.write(`\n${renderReport(results)}\n`);
