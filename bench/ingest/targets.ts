import type { IngestBenchResults } from './bench-results.js';

/** The ingestion targets on a 2-core machine. */
export const targets = {
  /** Batches of 100, acknowledged only once durable. */
  batchEventsPerSecond: 20_000,
  /** Of the lower of the two ceilings measured in the same run. */
  ceilingShare: 0.5,
  /** p99 of batch requests at half the sustained rate, in milliseconds. */
  halfLoadP99Ms: 50,
  /** Peak RSS of the server process: 300 MB (10^6 bytes). */
  peakRssBytes: 300e6,
} as const;

export interface Ceiling {
  readonly name: string;
  readonly eventsPerSecond: number;
}

/** The lower of the bare HTTP endpoint (for this request shape) and raw inserts: what Rapport is compared with. */
export function lowerCeiling(results: IngestBenchResults, shape: 'batch' | 'single'): Ceiling {
  const http = shape === 'batch' ? results.ceilings.bareBatch : results.ceilings.bareSingle;
  const raw = results.ceilings.rawInsert.rowsPerSecond;
  return http.eventsPerSecond <= raw
    ? {
        name: `bare HTTP (${shape === 'batch' ? 'batches' : 'single events'})`,
        eventsPerSecond: http.eventsPerSecond,
      }
    : { name: 'raw inserts', eventsPerSecond: raw };
}

export interface Verdicts {
  readonly batchRate: boolean;
  readonly batchShare: boolean;
  readonly halfLoadP99: boolean;
  readonly peakRss: boolean;
}

/** Each target met or not; a measurement with failed requests meets none of its targets. */
export function verdicts(results: IngestBenchResults): Verdicts {
  const { batch, batchHalfLoad, peakRssBytes } = results.rapport;
  const clean = batch.failures === 0;
  return {
    batchRate: clean && batch.eventsPerSecond >= targets.batchEventsPerSecond,
    batchShare:
      clean && batch.eventsPerSecond >= targets.ceilingShare * lowerCeiling(results, 'batch').eventsPerSecond,
    halfLoadP99: batchHalfLoad.failures === 0 && batchHalfLoad.p99Ms <= targets.halfLoadP99Ms,
    peakRss: peakRssBytes <= targets.peakRssBytes,
  };
}
