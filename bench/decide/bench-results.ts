import type { LoadResult } from '../ingest/load-test.js';
import type { CpuPerRequest } from '../ingest/process-cpu.js';
import type { Machine } from '../ingest/machine.js';

/** The processor after a load: the events it still had to process (the exposures), and how long it took. */
export interface ProcessorAfter {
  readonly lagEvents: number;
  /** Undefined when it had not caught up within the limit. */
  readonly catchUpSeconds: number | undefined;
}

/** One server under the two loads. */
export interface ServerLoads {
  /** At the fixed rate, evenly spaced, latency from when each request was due. */
  readonly paced: LoadResult;
  /** Closed loop: `connections` requests in flight, as fast as answers come. */
  readonly saturated: LoadResult;
  /**
   * CPU time of the server per request answered during each load (/proc: its main thread, which answers HTTP, and the
   * whole process, which for Rapport includes recording and processing the exposures). The exposures of the last
   * requests of a load may be processed after it.
   */
  readonly cpu: { readonly paced: CpuPerRequest; readonly saturated: CpuPerRequest };
}

export interface RapportLoads extends ServerLoads {
  /** Events accepted during each load (`rapport_events_accepted_total`): the Experience Viewed exposures. */
  readonly exposuresAccepted: { readonly paced: number; readonly saturated: number };
  readonly processorAfter: { readonly paced: ProcessorAfter; readonly saturated: ProcessorAfter };
  /** New visitors (an anonymousId never seen) among the requests sent, over both loads and their warm-ups. */
  readonly newVisitors: number;
  /** VmHWM of the server after the loads, bytes. */
  readonly peakRssBytes: number;
}

/** Everything one run of `npm run bench:decide` measured: what bench/results/decide-*.json hold. */
export interface DecideBenchResults {
  readonly benchmark: 'decide';
  readonly startedAt: string;
  readonly wallSeconds: number;
  readonly machine: Machine;
  readonly settings: {
    readonly requestsPerSecond: number;
    readonly seconds: number;
    readonly saturatedSeconds: number;
    readonly warmupSeconds: number;
    readonly connections: number;
    readonly picksStrategy: string;
    readonly placements: readonly string[];
    readonly pageItems: number;
    readonly visitorMix: { readonly knownAnonymous: number; readonly signedIn: number; readonly new: number };
  };
  readonly shop: {
    readonly importSeconds: number;
    readonly customers: number;
    readonly products: number;
    readonly models: readonly { readonly algorithm: string; readonly tookMs: number }[];
    readonly segment: { readonly name: string; readonly size: number };
  };
  readonly rapport: RapportLoads;
  /** The ceiling: a bare Fastify endpoint in a process of its own (bench/ingest/bare-endpoint.ts). */
  readonly bare: ServerLoads;
  /** Where the server's CPU profile was written, with --cpu-prof. */
  readonly cpuProfile: string | null;
}
