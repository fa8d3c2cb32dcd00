import type { Machine } from './machine.js';
import type { BenchSettings } from './bench-settings.js';
import type { LoadResult } from './load-test.js';
import type { ProcessorCatchUp } from './processor-lag.js';
import type { RawInsertResult } from './raw-insert.js';

/** Rapport's measurements, each followed by the processor catching up with what it accepted. */
export interface RapportMeasurement extends LoadResult {
  readonly processor: ProcessorCatchUp & {
    /** Events not yet processed when the measurement began: the processor was still working on an earlier phase. */
    readonly backlogAtStart: number;
  };
  /** VmHWM of the server right after this measurement: which phase set the peak. */
  readonly peakRssBytesSoFar: number;
}

/** Everything one run measured: what bench/results/*.json hold. */
export interface IngestBenchResults {
  readonly benchmark: 'ingest';
  readonly startedAt: string;
  readonly wallSeconds: number;
  readonly machine: Machine;
  readonly settings: BenchSettings;
  /** Mean request body sizes, in bytes. */
  readonly bodyBytes: { readonly batch: number; readonly single: number };
  readonly ceilings: {
    readonly rawInsert: RawInsertResult;
    readonly bareBatch: LoadResult;
    readonly bareSingle: LoadResult;
  };
  readonly rapport: {
    readonly batch: RapportMeasurement;
    readonly batchHalfLoad: RapportMeasurement;
    readonly single: RapportMeasurement;
    readonly singleHalfLoad: RapportMeasurement;
    /** VmHWM of the server process at the end of the run. */
    readonly peakRssBytes: number;
    /** `rapport_events_accepted_total` at the end, against the events acknowledged with a 2xx (warm-ups included). */
    readonly acceptedEvents: number;
    readonly acknowledgedEvents: number;
  };
}
