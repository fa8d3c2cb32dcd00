import { BadOption, commandLine } from '../command-line.js';

/** How the benchmark runs; the defaults keep a whole run within about three minutes on a 2-core machine. */
export interface BenchSettings {
  /** Seconds of each measurement. */
  readonly seconds: number;
  /** Seconds of load before each saturated measurement, not counted (JIT, caches, connection set-up). */
  readonly warmupSeconds: number;
  readonly eventsPerBatch: number;
  /** Concurrent keep-alive connections of the load generator, the same for Rapport and the bare endpoint. */
  readonly batchConnections: number;
  readonly singleConnections: number;
  /** Share of the saturated request rate sent in the rate-limited runs. */
  readonly halfLoad: number;
  /** Distinct request bodies generated before measuring (reused with new messageIds, see body-pool.ts). */
  readonly batchBodies: number;
  readonly singleBodies: number;
  /** Longest wait, in seconds, for the processor to catch up after a phase before going on regardless. */
  readonly catchUpLimitSeconds: number;
  /** Write a V8 CPU profile of the Rapport server into bench/results/. */
  readonly cpuProfile: boolean;
}

/** Reads `--seconds`, `--warmup` and `--cpu-prof` from the command line (`npm run bench:ingest -- --seconds 30`). */
export function benchSettings(argv: readonly string[]): BenchSettings {
  const options = { seconds: { type: 'string' }, warmup: { type: 'string' }, 'cpu-prof': { type: 'boolean' } } as const;
  const notes = {
    seconds: 'seconds of each measured phase (default 15)',
    warmup: 'seconds of warm-up before each phase (default 3)',
    'cpu-prof': 'write a V8 CPU profile of the Rapport server into bench/results/',
  };
  return commandLine('bench:ingest', options, (values) => settingsOf(values.seconds, values.warmup, values['cpu-prof']), { argv, notes });
}

function settingsOf(secondsText: string | undefined, warmupText: string | undefined, cpuProfile: boolean | undefined): BenchSettings {
  const seconds = Number(secondsText ?? 15);
  const warmupSeconds = Number(warmupText ?? 3);
  if (!(seconds >= 1 && warmupSeconds >= 0)) throw new BadOption('--seconds must be at least 1 and --warmup at least 0');
  return {
    seconds,
    warmupSeconds,
    eventsPerBatch: 100,
    batchConnections: 16,
    singleConnections: 64,
    halfLoad: 0.5,
    batchBodies: 1000,
    singleBodies: 20_000,
    catchUpLimitSeconds: 400,
    cpuProfile: cpuProfile ?? false,
  };
}
