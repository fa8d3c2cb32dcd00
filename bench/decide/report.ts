import { textTable } from '../ingest/machine.js';
import type { LoadResult } from '../ingest/load-test.js';
import type { CpuPerRequest } from '../ingest/process-cpu.js';
import type { DecideBenchResults } from './bench-results.js';

/** The targets on a 2-core machine (the issue "Placements and decisions"). */
export const targets = {
  /** p99 of POST /v1/decide at the fixed rate, milliseconds. */
  p99Ms: 10,
  /** Rapport's most requests/s as a share of the bare endpoint's. */
  throughputShare: 0.4,
} as const;

export interface Verdicts {
  /** p99 within the target, and no failures, at the fixed rate. */
  readonly latency: boolean;
  readonly throughput: boolean;
}

export function verdicts(r: DecideBenchResults): Verdicts {
  const { paced, saturated } = r.rapport;
  return {
    latency: paced.p99Ms <= targets.p99Ms && paced.failures === 0,
    throughput:
      saturated.requestsPerSecond >= targets.throughputShare * r.bare.saturated.requestsPerSecond &&
      saturated.failures === 0,
  };
}

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
const n = (v: number) => Math.round(v).toLocaleString('en-US');
const passFail = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const errors = (l: LoadResult) =>
  l.failures === 0
    ? '0'
    : `${l.failures} (${Object.entries(l.statusCodes)
        .filter(([code]) => !code.startsWith('2'))
        .map(([code, count]) => `${code}: ${count}`)
        .join(', ')})`;

const cpuRow = (server: string, load: string, c: CpuPerRequest, bare?: CpuPerRequest) => [
  server,
  load,
  `${c.mainThreadMs.toFixed(3)} ms`,
  `${c.processMs.toFixed(3)} ms`,
  bare === undefined ? '' : `${(c.processMs / Math.max(bare.processMs, 1e-9)).toFixed(0)}×`,
];

/** The report of a run: each figure next to the bare endpoint's, as a ratio, and the targets. */
export function renderReport(r: DecideBenchResults): string {
  const s = r.settings;
  const { rapport, bare } = r;
  const v = verdicts(r);
  const share = rapport.saturated.requestsPerSecond / Math.max(bare.saturated.requestsPerSecond, 1e-9);
  const row = (name: string, l: LoadResult, ratio: string) => [
    name,
    ms(l.p50Ms),
    ms(l.p99Ms),
    ms(l.maxMs),
    errors(l),
    ratio,
  ];
  const process = (p: DecideBenchResults['rapport']['processorAfter']['paced']) =>
    `${n(p.lagEvents)} behind, ${p.catchUpSeconds === undefined ? 'not caught up in 300 s' : `caught up in ${p.catchUpSeconds.toFixed(1)} s`}`;
  return [
    `POST /v1/decide, placements ${s.placements.join(' + ')} in every request (a category page: ${s.pageItems} products to sort),`,
    `visitors ${Math.round(s.visitorMix.knownAnonymous * 100)} % customers by anonymousId, ${Math.round(s.visitorMix.signedIn * 100)} % signed in (userId + userToken), ${Math.round(s.visitorMix.new * 100)} % new; recommender "picks" = ${s.picksStrategy}.`,
    '',
    `At ${s.requestsPerSecond} requests/s, evenly spaced, ${s.seconds} s (after ${s.warmupSeconds} s of warm-up), latency from when each request was due:`,
    textTable(
      ['server', 'p50', 'p99', 'max', 'errors', 'p99 × bare'],
      [
        row(
          'Rapport',
          rapport.paced,
          `${(rapport.paced.p99Ms / Math.max(bare.paced.p99Ms, 1e-9)).toFixed(1)}×`,
        ),
        row('bare endpoint (ceiling)', bare.paced, ''),
      ],
      new Set([1, 2, 3, 5]),
    ),
    '',
    `Closed loop, ${s.connections} connections, ${s.saturatedSeconds} s:`,
    textTable(
      ['server', 'requests/s', 'p50', 'p99', 'errors', 'share of bare'],
      [
        [
          'Rapport',
          n(rapport.saturated.requestsPerSecond),
          ms(rapport.saturated.p50Ms),
          ms(rapport.saturated.p99Ms),
          errors(rapport.saturated),
          `${(share * 100).toFixed(1)} %`,
        ],
        [
          'bare endpoint (ceiling)',
          n(bare.saturated.requestsPerSecond),
          ms(bare.saturated.p50Ms),
          ms(bare.saturated.p99Ms),
          errors(bare.saturated),
          '',
        ],
      ],
      new Set([1, 2, 3, 5]),
    ),
    '',
    `CPU time per request answered (/proc: the server's main thread, which answers HTTP, and its whole process):`,
    textTable(
      ['server', 'load', 'main thread', 'process', 'process × bare'],
      [
        cpuRow('Rapport', `${s.requestsPerSecond}/s`, rapport.cpu.paced, bare.cpu.paced),
        cpuRow('Rapport', 'closed loop', rapport.cpu.saturated, bare.cpu.saturated),
        cpuRow('bare endpoint (ceiling)', `${s.requestsPerSecond}/s`, bare.cpu.paced),
        cpuRow('bare endpoint (ceiling)', 'closed loop', bare.cpu.saturated),
      ],
      new Set([2, 3, 4]),
    ),
    '',
    textTable(
      ['target (2-core machine)', 'measured', 'result'],
      [
        [
          `p99 ≤ ${targets.p99Ms} ms at ${s.requestsPerSecond} requests/s, no errors`,
          `${ms(rapport.paced.p99Ms)}, ${rapport.paced.failures} errors`,
          passFail(v.latency),
        ],
        [
          `most requests/s ≥ ${targets.throughputShare * 100} % of the bare endpoint's`,
          `${(share * 100).toFixed(1)} %`,
          passFail(v.throughput),
        ],
      ],
      new Set(),
    ),
    '',
    `Exposures recorded (recordExposure defaults to true: one Experience Viewed event per placement shown, durable in the log, then processed):`,
    `  at ${s.requestsPerSecond}/s: ${n(rapport.exposuresAccepted.paced)} events accepted (${(rapport.exposuresAccepted.paced / Math.max(1, rapport.paced.requestsPerSecond * rapport.paced.seconds)).toFixed(2)} per request); processor ${process(rapport.processorAfter.paced)}`,
    `  closed loop: ${n(rapport.exposuresAccepted.saturated)} events accepted; processor ${process(rapport.processorAfter.saturated)}`,
    `Shop: Online Retail imported in ${r.shop.importSeconds.toFixed(0)} s (${n(r.shop.customers)} customers, ${n(r.shop.products)} of its products listed on category pages); ${r.shop.models.map((m) => `${m.algorithm} trained in ${(m.tookMs / 1000).toFixed(1)} s`).join(', ')}; segment "${r.shop.segment.name}" ${n(r.shop.segment.size)} members; ${n(rapport.newVisitors)} new visitors in the run. Server peak RSS ${Math.round(rapport.peakRssBytes / 1e6)} MB.`,
    r.cpuProfile === null ? '' : `CPU profile of the server: ${r.cpuProfile}`,
    `Machine: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), Node ${r.machine.node}; load average ${r.machine.loadAverage.atStart.toFixed(1)} before the run, ${r.machine.loadAverage.atEnd.toFixed(1)} after.`,
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}
