import type { Machine } from '../ingest/machine.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR } from '../ingest/results-file.js';
import type { BatchMeasurement } from './batch.js';
import type { SegmentsBenchSettings } from './bench-settings.js';
import type { GeneratedData } from './data-cache.js';
import type { CeilingResults } from './duckdb-baseline.js';
import type { LiveResults } from './live.js';

/** The targets of the issue "Segments", on a 2-core machine. */
export const targets = {
  /** Every representative segment evaluated in batch over 1M profiles. */
  batchMs: 2000,
  /** Share of the processor's throughput that 50 live segments may cost. */
  liveCost: 0.25,
} as const;

/** Everything one run measured: what bench/results/segments-*.json hold. */
export interface SegmentsBenchResults {
  readonly benchmark: 'segments';
  readonly startedAt: string;
  readonly wallSeconds: number;
  readonly machine: Machine;
  /** The commit measured (git rev-parse --short HEAD), and whether tracked files differed from it; null outside git. */
  readonly code: { readonly commit: string; readonly localChanges: boolean } | null;
  readonly settings: SegmentsBenchSettings;
  /** The synthetic shop, and whether this run generated it or reused it from $TMPDIR. */
  readonly data: GeneratedData & { readonly reused: boolean };
  readonly batch: { readonly profiles: number; readonly segments: readonly BatchMeasurement[] };
  readonly ceiling: CeilingResults;
  readonly live: LiveResults | null;
}

/** Writes `segments-<start time>.json` and `segments-latest.json` into bench/results/; returns the first one's path. */
export function writeResults(results: SegmentsBenchResults, dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  // Colons are not allowed in Windows file names.
  const file = join(dir, `segments-${results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'segments-latest.json'), json);
  return file;
}
