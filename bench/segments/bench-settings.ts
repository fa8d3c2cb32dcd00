import { BadOption, commandLine } from '../command-line.js';

/** How the segments benchmark runs; the defaults are the sizes. */
export interface SegmentsBenchSettings {
  readonly profiles: number;
  readonly events: number;
  readonly seed: number;
  /** Generate the shop again even when $TMPDIR holds one of the same shape. */
  readonly fresh: boolean;
  /** Timed runs of each batch query, after one warm-up; the median is reported. */
  readonly runs: number;
  /**
   * Profiles of the shop the live measurement runs on: a smaller one generated in the same run with the same seed and
   * events per person (see live-shop.ts), or the batch shop itself when this is at least `profiles`.
   */
  readonly liveProfiles: number;
  /** New events processed in each live measurement (the same events without segments, then with them). */
  readonly liveEvents: number;
  /**
   * Live measurements, each a pair of runs (without segments, then with them); the pair with the median cost is
   * reported. On a shared machine the same code measured 10 to 55 % in single pairs (1 December 2026).
   */
  readonly livePairs: number;
  /** Messages per ingestMessages call when the live events are appended (not timed). */
  readonly ingestBatch: number;
  /** The slice budget of the timed drains: what the server's processor thread uses for a backlog (250 ms). */
  readonly sliceBudgetMs: number;
  /** Write V8 CPU profiles of the timed drains into bench/results/. */
  readonly cpuProfile: boolean;
  /** Measure the live path (false with `--skip-live`: the batch measurements only). */
  readonly live: boolean;
}

const whole = (name: string, value: string | undefined, fallback: number, min: number): number => {
  const n = value === undefined ? fallback : Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new BadOption(`--${name} must be a whole number of at least ${min}`);
  return n;
};

/**
 * New events of each live measurement by default: at the 150 to 250 events per second the processor managed with the
 * 50 segments on the 2-core machine (30 November 2026), one to two minutes of processing; the same events again
 * without segments take seconds.
 */
const LIVE_EVENTS = 20_000;

/**
 * Reads `--profiles`, `--events`, `--seed`, `--fresh`, `--runs`, `--live-profiles`, `--live-events`, `--live-pairs`, `--cpu-prof` and
 * `--skip-live`.
 */
export function segmentsBenchSettings(argv: readonly string[]): SegmentsBenchSettings {
  return commandLine('bench:segments', OPTIONS, settingsOf, { argv, notes: NOTES });
}

const OPTIONS = {
  profiles: { type: 'string' },
  events: { type: 'string' },
  seed: { type: 'string' },
  fresh: { type: 'boolean' },
  runs: { type: 'string' },
  'live-profiles': { type: 'string' },
  'live-events': { type: 'string' },
  'live-pairs': { type: 'string' },
  'cpu-prof': { type: 'boolean' },
  'skip-live': { type: 'boolean' },
} as const;

const NOTES: Readonly<Record<keyof typeof OPTIONS, string>> = {
  profiles: 'people of the batch shop (default 1,000,000)',
  events: 'events of the batch shop (default 20 a person)',
  seed: 'the generator\'s seed (default 42)',
  fresh: 'generate the shop again even when one of the same shape is kept',
  runs: 'timed runs of each batch query; the median is reported (default 3)',
  'live-profiles': 'people of the live shop (default 100,000; the batch shop itself when as large)',
  'live-events': 'new events of each live run (default 20,000)',
  'live-pairs': 'pairs of live runs, without and with segments; the median cost is reported (default 3)',
  'cpu-prof': 'write V8 CPU profiles of the timed drains into bench/results/',
  'skip-live': 'measure the batch queries only',
};

function settingsOf(values: { readonly [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean }): SegmentsBenchSettings {
  const profiles = whole('profiles', values.profiles, 1_000_000, 100);
  const events = whole('events', values.events, 20 * profiles, profiles);
  const liveProfiles = Math.min(profiles, whole('live-profiles', values['live-profiles'], 100_000, 100));
  const liveShopEvents = Math.round((events * liveProfiles) / profiles);
  return {
    profiles,
    events,
    seed: whole('seed', values.seed, 42, 0),
    fresh: values.fresh ?? false,
    runs: whole('runs', values.runs, 3, 1),
    liveProfiles,
    liveEvents: whole(
      'live-events',
      values['live-events'],
      Math.min(LIVE_EVENTS, Math.floor(liveShopEvents / 10)),
      1000,
    ),
    livePairs: whole('live-pairs', values['live-pairs'], 3, 1),
    ingestBatch: 500,
    sliceBudgetMs: 250,
    cpuProfile: values['cpu-prof'] ?? false,
    live: !(values['skip-live'] ?? false),
  };
}
