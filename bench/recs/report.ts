import { formatEvaluationTable, type EvaluationReport } from '@rapport/engine';
import type { RecsBenchResults, TrainingMeasurement } from './bench-results.js';

/** The targets on a 2-core machine (the issue "Recommendations"). */
export const targets = {
  /** Training ALS or EASE on the whole Online Retail data, seconds. */
  trainSeconds: 10,
  /** Rapport's training time as a multiple of NumPy's. */
  ceilingRatio: 3,
  /** Peak resident memory of a process training an Online Retail model (ALS, EASE, hybrid), bytes. */
  peakRssBytes: 200e6,
} as const;

const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const seconds = (s: number) => `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
const passFail = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Rapport's time against NumPy's for the learned models that have a NumPy version. */
function ceilingOf(results: RecsBenchResults, t: TrainingMeasurement): number | undefined {
  const c = results.ceiling;
  if (c === null) return undefined;
  return t.algorithm === 'als' ? c.alsSeconds : t.algorithm === 'ease' ? c.easeSeconds : undefined;
}

/** One verdict per target a model has: time and ratio for ALS and EASE, memory for every learned model. */
export function verdicts(results: RecsBenchResults, t: TrainingMeasurement): { time?: boolean; ratio?: boolean; memory: boolean } {
  const memory = t.peakRssBytes <= targets.peakRssBytes;
  if (t.algorithm !== 'als' && t.algorithm !== 'ease') return { memory };
  const ceiling = ceilingOf(results, t);
  return { time: t.bestSeconds <= targets.trainSeconds, ...(ceiling === undefined ? {} : { ratio: t.bestSeconds <= targets.ceilingRatio * ceiling }), memory };
}

/** Every metric of every algorithm as a multiple of popular's (the baseline a learned model must beat). */
function againstPopular(offline: readonly EvaluationReport[]): string {
  const popular = offline.find((r) => r.algorithm === 'popular');
  if (popular === undefined) return '';
  const metrics: [string, (r: EvaluationReport) => number][] = [
    ['MAP', (r) => r.map],
    ['nDCG', (r) => r.ndcg],
    ['P', (r) => r.precision],
    ['R', (r) => r.recall],
    ['coverage', (r) => r.coverage],
    ['pop. pct', (r) => r.popularity_percentile],
  ];
  const times = (v: number, base: number) => (base > 0 ? `${(v / base).toFixed(2)}×` : '—');
  return table(
    ['× popular', ...metrics.map(([name]) => name)],
    offline.map((r) => [r.algorithm, ...metrics.map(([, of]) => times(of(r), of(popular)))]),
  );
}

function trainingTable(results: RecsBenchResults): string {
  return table(
    ['model', 'Rapport', 'NumPy (ceiling)', 'ratio', `≤ ${targets.trainSeconds} s`, `≤ ${targets.ceilingRatio}×`, 'peak RSS', 'before training', `≤ ${megabytes(targets.peakRssBytes)}`, 'snapshot', 'without users'],
    results.training.map((t) => {
      const ceiling = ceilingOf(results, t);
      const v = verdicts(results, t);
      return [
        t.algorithm,
        seconds(t.bestSeconds),
        ceiling === undefined ? '' : seconds(ceiling),
        ceiling === undefined ? '' : `${(t.bestSeconds / ceiling).toFixed(2)}×`,
        v.time === undefined ? '' : passFail(v.time),
        v.ratio === undefined ? '' : passFail(v.ratio),
        megabytes(t.peakRssBytes),
        megabytes(t.rssBeforeBytes),
        passFail(v.memory),
        megabytes(t.snapshotBytes),
        megabytes(t.snapshotBytesWithoutUsers),
      ];
    }),
  );
}

/** The report of a run: the offline metrics against popular, training times against NumPy, memory, the targets. */
export function renderReport(results: RecsBenchResults): string {
  const { data, ceiling } = results;
  const n = (v: number) => v.toLocaleString('en-US');
  const popular = results.offline.find((r) => r.algorithm === 'popular');
  const learned = results.offline.filter((r) => r.algorithm === 'als' || r.algorithm === 'ease' || r.algorithm === 'hybrid');
  const best = [...learned].sort((a, b) => b.ndcg - a.ndcg)[0];
  const runs = results.training[0]?.seconds.length ?? 0;
  return [
    `Offline evaluation, Online Retail, the last ${data.testDays} days as test (after ${data.cutoff}), k = ${results.offline[0]?.k ?? 10}:`,
    formatEvaluationTable(results.offline),
    '',
    againstPopular(results.offline),
    best === undefined || popular === undefined ? '' : `Best learned model: ${best.algorithm}, nDCG@10 ${best.ndcg.toFixed(4)} = ${(best.ndcg / popular.ndcg).toFixed(2)}× popular's.`,
    '',
    `Training on the whole data (${n(data.interactions)} interactions, ${n(data.users)} customers, ${n(data.items)} products), best of ${runs} runs, ${results.training[0]?.threads ?? 0} threads:`,
    trainingTable(results),
    ceiling === null
      ? 'NumPy ceiling not measured (python3 with numpy is needed).'
      : `NumPy ${ceiling.numpy} on ${ceiling.blas} (${ceiling.python}), the same algorithms and parameters (bench/recs/numpy-baseline.py), best of ${runs} runs; its process peaked at ${megabytes(ceiling.peakRssBytes)}.`,
    'Peak RSS: VmHWM of a process holding the interaction matrix while it trains the model (train-child.ts), reset before each run; MB = 10⁶ bytes.',
    '',
    results.serving === null || results.serving === undefined
      ? 'serving: not measured in this run (added with the HTTP serving of trained models, bench/recs/serving-latency.ts).'
      : `serving: measured (bench/recs/serving-latency.ts); its figures are in the results file under "serving".`,
    `Machine: ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}; load average ${results.machine.loadAverage.atStart.toFixed(1)} before the run, ${results.machine.loadAverage.atEnd.toFixed(1)} after.`,
  ].join('\n');
}
