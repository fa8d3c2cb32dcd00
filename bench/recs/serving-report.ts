import { loadavg } from 'node:os';
import type { ServingMeasurement } from './serving-latency.js';

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));

/**
 * The serving half as plain text (`npm run bench:recs -- --serving-only`): each load next to the bare endpoint of the
 * same run, as a multiple of it, and the target.
 */
export function renderServing(s: ServingMeasurement, loadAtStart: number): string {
  const cpu = (c: ServingMeasurement['pacedCpu']['bare']) => `${c.mainThreadMs.toFixed(3)} · ${c.processMs.toFixed(3)} ms`;
  const row = (name: string, paced: ServingMeasurement['paced']['bare'], full: ServingMeasurement['saturated']['bare'], c: ServingMeasurement['pacedCpu']['bare']) =>
    `${name.padEnd(30)}  ${`${ms(paced.p50Ms)} · ${ms(paced.p99Ms)} ms`.padStart(20)}  ${full.requestsPerSecond.toFixed(0).padStart(10)}  ${(s.saturated.bare.requestsPerSecond / Math.max(full.requestsPerSecond, 1e-9)).toFixed(1).padStart(9)}×  ${String(paced.failures + full.failures).padStart(8)}  ${cpu(c).padStart(19)}`;
  const verdict = (p: ServingMeasurement['paced']['bare']) => (p.p99Ms <= 10 && p.failures === 0 ? 'PASS' : 'FAIL');
  return [
    `Serving, ${s.requestsPerSecond} requests/s paced for ${s.seconds} s, then full speed with ${s.connections} connections (load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end)`,
    '',
    `${'load'.padEnd(30)}  ${'paced p50 · p99'.padStart(20)}  ${'full req/s'.padStart(10)}  ${'bare is'.padStart(10)}  failures  ${'CPU: main · process'.padStart(19)}`,
    row('personalized (hybrid)', s.paced.personalized, s.saturated.personalized, s.pacedCpu.personalized),
    row('item-to-item (bought together)', s.paced.itemToItem, s.saturated.itemToItem, s.pacedCpu.itemToItem),
    row('bare endpoint (ceiling)', s.paced.bare, s.saturated.bare, s.pacedCpu.bare),
    `(CPU: the server's per request answered at the paced rate, from /proc; the figure that moves least with the machine's load)`,
    '',
    `target p99 ≤ 10 ms at ${s.requestsPerSecond}/s: personalized ${verdict(s.paced.personalized)}, item-to-item ${verdict(s.paced.itemToItem)}`,
    `models: ${s.models.map((m) => `${m.algorithm} trained in ${(m.tookMs / 1000).toFixed(1)} s`).join(', ')}; import ${s.importSeconds.toFixed(0)} s; server peak RSS ${Math.round(s.serverPeakRssBytes / 1e6)} MB`,
  ].join('\n');
}
