import type { BenchSettings } from './bench-settings.js';
import type { BodyPool } from './body-pool.js';
import { runSaturatingLoad, type LoadOptions, type LoadResult } from './load-test.js';
import { runPacedLoad } from './paced-load.js';
import type { Progress } from './progress.js';

/** One server under load: where it is, how requests authenticate, and what the phases print and share. */
export interface LoadTarget {
  readonly name: string;
  readonly url: string;
  readonly authorization: string;
  readonly settings: BenchSettings;
  readonly progress: Progress;
}

export type Shape = 'batch' | 'single';

const describe = (r: LoadResult): string =>
  `${Math.round(r.eventsPerSecond).toLocaleString('en-US')} events/s (${Math.round(r.requestsPerSecond).toLocaleString('en-US')} requests/s), ` +
  `p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms${r.failures > 0 ? `, ${r.failures} FAILED requests ${JSON.stringify(r.statusCodes)}` : ''}`;

function connectionsOf(target: LoadTarget, shape: Shape): number {
  return shape === 'batch' ? target.settings.batchConnections : target.settings.singleConnections;
}

function loadOptions(target: LoadTarget, pool: BodyPool, shape: Shape, seconds: number): LoadOptions {
  const headers = { 'content-type': 'application/json', authorization: target.authorization };
  return { url: target.url, pool, connections: connectionsOf(target, shape), seconds, headers };
}

/** A warm-up whose figures are dropped, then as much load as the server takes for `settings.seconds`. */
export async function saturate(
  target: LoadTarget,
  pool: BodyPool,
  shape: Shape,
): Promise<{ warmup: LoadResult; measured: LoadResult }> {
  const { settings, progress } = target;
  const what = shape === 'batch' ? `batches of ${pool.eventsPerRequest}` : 'single events';
  progress.phase(
    `${target.name}, ${what}: ${settings.warmupSeconds} s warm-up, then ${settings.seconds} s at full load, ${connectionsOf(target, shape)} connections`,
  );
  const warmup = await runSaturatingLoad(loadOptions(target, pool, shape, settings.warmupSeconds));
  const measured = await runSaturatingLoad(loadOptions(target, pool, shape, settings.seconds));
  progress.detail(describe(measured));
  return { warmup, measured };
}

/** `settings.halfLoad` of the request rate `full` sustained, evenly spaced, for `settings.seconds`. */
export async function rateLimited(
  target: LoadTarget,
  pool: BodyPool,
  shape: Shape,
  full: LoadResult,
): Promise<LoadResult> {
  const { settings, progress } = target;
  const rate = full.requestsPerSecond * settings.halfLoad;
  progress.phase(
    `${target.name}, ${shape === 'batch' ? 'batches' : 'single events'} at ${Math.round(settings.halfLoad * 100)} % load: ${Math.round(rate)} requests/s, evenly spaced, for ${settings.seconds} s`,
  );
  const measured = await runPacedLoad({
    ...loadOptions(target, pool, shape, settings.seconds),
    requestsPerSecond: rate,
  });
  progress.detail(describe(measured));
  return measured;
}
