/**
 * The loads of `npm run bench:decide`, the same for Rapport and for the bare endpoint: a warm-up (dropped), the fixed
 * rate evenly spaced (bench/ingest/paced-load.ts: latency from when each request was due), then a closed loop with
 * autocannon (bench/ingest/load-test.ts) for the most it answers. Rapport records an exposure event per placement
 * shown, which its processor works through after each load: the benchmark waits for it, so that each load starts
 * from an idle server.
 */
import type { RequestSource } from '../ingest/body-pool.js';
import { runSaturatingLoad } from '../ingest/load-test.js';
import { runPacedLoad } from '../ingest/paced-load.js';
import { waitForProcessor } from '../ingest/processor-lag.js';
import { cpuPerRequest, cpuSeconds } from '../ingest/process-cpu.js';
import type { Progress } from '../ingest/progress.js';
import { readMetric } from '../ingest/rapport-server.js';
import type { ProcessorAfter, ServerLoads } from './bench-results.js';

export interface LoadSettings {
  readonly requestsPerSecond: number;
  readonly seconds: number;
  readonly saturatedSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));

/** The paced load, then the closed loop, on one server; `between` runs after the warm-up and after each load. */
export async function measureServer(
  o: LoadSettings & {
    readonly url: string;
    readonly source: RequestSource;
    readonly headers: Readonly<Record<string, string>>;
    readonly name: string;
    readonly progress: Progress;
    /** The server's process, whose CPU time per request is read around each load. */
    readonly pid: number;
  },
  between: (load: 'warmup' | 'paced' | 'saturated') => Promise<void> = async () => {},
): Promise<ServerLoads> {
  const common = { url: o.url, pool: o.source, connections: o.connections, headers: o.headers };
  o.progress.phase(
    `${o.name}: warm-up, ${o.warmupSeconds} s at ${o.requestsPerSecond} requests/s (not counted)`,
  );
  await runPacedLoad({ ...common, seconds: o.warmupSeconds, requestsPerSecond: o.requestsPerSecond });
  await between('warmup');
  o.progress.phase(`${o.name}: ${o.requestsPerSecond} requests/s evenly spaced for ${o.seconds} s`);
  let cpuBefore = cpuSeconds(o.pid);
  const paced = await runPacedLoad({ ...common, seconds: o.seconds, requestsPerSecond: o.requestsPerSecond });
  const pacedCpu = cpuPerRequest(cpuBefore, cpuSeconds(o.pid), paced.requestsPerSecond * paced.seconds);
  o.progress.detail(
    `p50 ${ms(paced.p50Ms)} ms, p99 ${ms(paced.p99Ms)} ms, max ${ms(paced.maxMs)} ms; ${paced.failures} failures; ` +
      `CPU per request ${pacedCpu.mainThreadMs.toFixed(2)} ms main thread, ${pacedCpu.processMs.toFixed(2)} ms process`,
  );
  await between('paced');
  o.progress.phase(`${o.name}: closed loop, ${o.connections} connections, for ${o.saturatedSeconds} s`);
  cpuBefore = cpuSeconds(o.pid);
  const saturated = await runSaturatingLoad({ ...common, seconds: o.saturatedSeconds });
  const saturatedCpu = cpuPerRequest(cpuBefore, cpuSeconds(o.pid), saturated.requestsPerSecond * saturated.seconds);
  o.progress.detail(
    `${saturated.requestsPerSecond.toFixed(0)} requests/s; p50 ${ms(saturated.p50Ms)} ms, p99 ${ms(saturated.p99Ms)} ms; ${saturated.failures} failures; ` +
      `CPU per request ${saturatedCpu.mainThreadMs.toFixed(2)} ms main thread, ${saturatedCpu.processMs.toFixed(2)} ms process`,
  );
  await between('saturated');
  return { paced, saturated, cpu: { paced: pacedCpu, saturated: saturatedCpu } };
}

/** Counts the events Rapport accepted (the exposures) during each load, and waits for its processor after each. */
export function exposureWatch(url: string, progress: Progress) {
  const accepted: Record<string, number> = {};
  const after: Record<string, ProcessorAfter> = {};
  let before = 0;
  return {
    start: async () => {
      before = await readMetric(url, 'rapport_events_accepted_total');
    },
    between: async (load: 'warmup' | 'paced' | 'saturated') => {
      const now = await readMetric(url, 'rapport_events_accepted_total');
      accepted[load] = now - before;
      const caughtUp = await waitForProcessor(url, 300);
      after[load] = caughtUp;
      progress.detail(
        `${accepted[load].toLocaleString('en-US')} exposure events accepted; the processor was ${caughtUp.lagEvents.toLocaleString('en-US')} behind, ` +
          (caughtUp.catchUpSeconds === undefined
            ? 'not caught up within 300 s'
            : `caught up in ${caughtUp.catchUpSeconds.toFixed(1)} s`),
      );
      before = await readMetric(url, 'rapport_events_accepted_total');
    },
    result: () => ({
      exposuresAccepted: { paced: accepted['paced'] ?? 0, saturated: accepted['saturated'] ?? 0 },
      processorAfter: {
        paced: after['paced'] ?? { lagEvents: 0, catchUpSeconds: 0 },
        saturated: after['saturated'] ?? { lagEvents: 0, catchUpSeconds: 0 },
      },
    }),
  };
}
