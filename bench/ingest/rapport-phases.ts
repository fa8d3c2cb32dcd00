import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestBenchResults, RapportMeasurement } from './bench-results.js';
import type { BenchSettings } from './bench-settings.js';
import type { BodyPool } from './body-pool.js';
import { rateLimited, saturate, type LoadTarget } from './load-phases.js';
import type { LoadResult } from './load-test.js';
import { waitForProcessor } from './processor-lag.js';
import type { Progress } from './progress.js';
import { readMetric, startRapport } from './rapport-server.js';

/**
 * Rapport's built server under the same load as the bare endpoint: batches then single events, each saturated and
 * then at half that rate. After every run the processor catches up, so each measurement starts from an idle server.
 */
export async function measureRapport(options: {
  readonly settings: BenchSettings;
  readonly progress: Progress;
  readonly pools: { readonly batch: BodyPool; readonly single: BodyPool };
  /** Where the server writes its CPU profile; none when undefined. */
  readonly cpuProfileDir: string | undefined;
}): Promise<IngestBenchResults['rapport']> {
  const { settings, progress, pools } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-bench-'));
  progress.phase(`Rapport (built server, embedded SQLite in ${dataDir}): starting`);
  const server = await startRapport({ dataDir, cpuProfileDir: options.cpuProfileDir });
  let acknowledgedEvents = 0;
  /** Runs one measurement (after its warm-up, if any), then lets the processor catch up. */
  const measure = async (
    name: string,
    load: () => Promise<{ warmup?: LoadResult; measured: LoadResult }>,
  ): Promise<RapportMeasurement> => {
    const backlogAtStart = await readMetric(server.url, 'rapport_processor_lag_events');
    const { warmup, measured } = await load();
    const peakRssBytesSoFar = server.peakRssBytes();
    acknowledgedEvents += (warmup?.events ?? 0) + measured.events;
    const processor = await waitForProcessor(server.url, settings.catchUpLimitSeconds);
    const took =
      processor.catchUpSeconds === undefined
        ? `not caught up after ${settings.catchUpLimitSeconds} s`
        : `caught up in ${processor.catchUpSeconds.toFixed(1)} s`;
    progress.detail(`${name}: processor lag ${processor.lagEvents.toLocaleString('en-US')} events, ${took}`);
    return { ...measured, processor: { ...processor, backlogAtStart }, peakRssBytesSoFar };
  };
  try {
    const target: LoadTarget = {
      name: 'Rapport',
      url: server.url,
      authorization: server.authorization,
      settings,
      progress,
    };
    const batch = await measure('batches', () => saturate(target, pools.batch, 'batch'));
    const batchHalfLoad = await measure('batches, rate-limited', async () => ({
      measured: await rateLimited(target, pools.batch, 'batch', batch),
    }));
    const single = await measure('single events', () => saturate(target, pools.single, 'single'));
    const singleHalfLoad = await measure('single events, rate-limited', async () => ({
      measured: await rateLimited(target, pools.single, 'single', single),
    }));
    const acceptedEvents = await readMetric(server.url, 'rapport_events_accepted_total');
    const peakRssBytes = server.peakRssBytes();
    progress.detail(`peak RSS of the server ${Math.round(peakRssBytes / 1e6)} MB`);
    return { batch, batchHalfLoad, single, singleHalfLoad, peakRssBytes, acceptedEvents, acknowledgedEvents };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
