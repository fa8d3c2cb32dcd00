import type { Progress } from '../ingest/progress.js';
import type { SegmentsBenchSettings } from './bench-settings.js';
import {
  liveRun,
  PROCESSOR_CACHE_KB,
  WARMUP_EVENTS,
  type DrainMeasurement,
  type LiveBuild,
  type LiveRun,
} from './live-run.js';
import type { LiveShop } from './live-shop.js';

export type { DrainMeasurement } from './live-run.js';

export interface LiveResults {
  /** The shop both runs start from (see live-shop.ts for why it may be smaller than the batch one). */
  readonly shop: {
    readonly profiles: number;
    readonly events: number;
    readonly seed: number;
    readonly sameAsBatch: boolean;
    readonly reused: boolean;
    readonly generatedSeconds: number;
    readonly databaseBytes: number;
    readonly eventsPerPerson: LiveShop['data']['counts']['eventsPerPerson'];
  };
  readonly copySeconds: number;
  readonly sliceBudgetMs: number;
  readonly cacheKb: number;
  readonly warmupEvents: number;
  readonly without: DrainMeasurement;
  readonly build: LiveBuild;
  readonly with: DrainMeasurement;
  /**
   * What the cost compares: whole drains, or the slices only when a drain failed in the jobs after processing (the
   * jobs' share of the cost is then missing: a lower bound).
   */
  readonly basis: 'drain' | 'slices';
  /** 1 − with / without: the share of throughput live segment maintenance costs (of the median pair). */
  readonly cost: number;
  /** Every pair measured, in order; `without`, `with`, `build` and `cost` above are those of the median one. */
  readonly pairs: readonly { readonly without: DrainMeasurement; readonly with: DrainMeasurement; readonly cost: number }[];
  readonly cpuProfiles: readonly string[];
}

/**
 * The cost of live segments: the processor's throughput over the same backlog of new events for the shop's people,
 * from the same starting data, without segments and then with 50 live ones — two runs, each on its own copy of the
 * shop's database (see liveRun).
 */
export async function measureLive(
  shop: LiveShop,
  settings: SegmentsBenchSettings,
  progress: Progress,
): Promise<LiveResults> {
  const { data } = shop;
  const report = (m: DrainMeasurement) =>
    progress.detail(
      `${m.events.toLocaleString('en-US')} events in ${m.seconds.toFixed(1)} s: ${Math.round(m.eventsPerSecond).toLocaleString('en-US')} events/s ` +
        `(${m.slices} slices ${m.sliceSeconds.toFixed(1)} s, jobs after them ${m.jobsSeconds.toFixed(1)} s)`,
    );
  const pairs: { without: LiveRun; with: LiveRun; basis: 'drain' | 'slices'; cost: number }[] = [];
  for (let i = 0; i < settings.livePairs; i++) {
    const of = settings.livePairs > 1 ? ` (pair ${i + 1} of ${settings.livePairs})` : '';
    // CPU profiles of the first pair only: one file per run name.
    const runSettings = i === 0 ? settings : { ...settings, cpuProfile: false };
    progress.phase(`live: the processor without segments${of}`);
    const a = await liveRun(data, { segments: false, settings: runSettings, progress });
    report(a.drain);
    progress.phase(`live: the processor with 50 segments${of}`);
    const b = await liveRun(data, { segments: true, settings: runSettings, progress });
    report(b.drain);
    // Both runs must have done the same work on the same data: the same events processed into the same profiles.
    if (a.drain.processed !== b.drain.processed || a.cursorAfter !== b.cursorAfter || a.profilesAfter !== b.profilesAfter)
      throw new Error(
        `the runs did different work: processed ${a.drain.processed} and ${b.drain.processed} events, ` +
          `cursor ${a.cursorAfter} and ${b.cursorAfter}, ${a.profilesAfter} and ${b.profilesAfter} profiles`,
      );
    const basis = a.drain.failure === null && b.drain.failure === null ? 'drain' : 'slices';
    const rate = (m: DrainMeasurement) => (basis === 'drain' ? m.eventsPerSecond : m.events / m.sliceSeconds);
    const cost = 1 - rate(b.drain) / rate(a.drain);
    pairs.push({ without: a, with: b, basis, cost });
    if (settings.livePairs > 1) progress.detail(`cost of this pair: ${(100 * cost).toFixed(1)} %`);
  }
  const median = [...pairs].sort((x, y) => x.cost - y.cost)[Math.floor((pairs.length - 1) / 2)]!;
  const a = median.without;
  const b = median.with;
  const basis = median.basis;
  return {
    shop: {
      profiles: data.shape.profiles,
      events: data.shape.events,
      seed: data.shape.seed,
      sameAsBatch: shop.sameAsBatch,
      reused: shop.reused,
      generatedSeconds: Object.values(data.seconds).reduce((x, y) => x + y, 0),
      databaseBytes: data.counts.databaseBytes,
      eventsPerPerson: data.counts.eventsPerPerson,
    },
    copySeconds: pairs.reduce((sum, p) => sum + p.without.copySeconds + p.with.copySeconds, 0),
    sliceBudgetMs: settings.sliceBudgetMs,
    cacheKb: PROCESSOR_CACHE_KB,
    warmupEvents: WARMUP_EVENTS,
    without: a.drain,
    build: b.build!,
    with: b.drain,
    basis,
    cost: median.cost,
    pairs: pairs.map((p) => ({ without: p.without.drain, with: p.with.drain, cost: p.cost })),
    cpuProfiles: [pairs[0]!.without.cpuProfile, pairs[0]!.with.cpuProfile].filter((f) => f !== null),
  };
}
