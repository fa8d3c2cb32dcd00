/**
 * `npm run bench:recs`: the recommendation algorithms on the Online Retail data — every algorithm's offline metrics
 * on the time split (last 30 days as test) against popular, the training time of the learned models on the whole
 * data next to the same training in NumPy (the ceiling), and their peak memory; the targets marked PASS or FAIL.
 * See bench/README.md for what each figure means. Data: Daqing Chen, London South Bank University; UCI Machine
 * Learning Repository; CC BY 4.0.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { algorithmNames, buildInteractionMatrix, contractCsv, evaluateAlgorithm, prepareEvaluationData, timeSplit, weightOf, type EvaluationReport } from '@rapport/engine';
import { commandLine, numberOption } from '../command-line.js';
import { describeMachine, loadAtStartNoted } from '../ingest/machine.js';
import { Progress } from '../ingest/progress.js';
import type { RecsBenchResults, TrainingMeasurement } from './bench-results.js';
import { measureNumpy } from './numpy-ceiling.js';
import { readRetailInteractions } from './retail-interactions.js';
import { renderReport } from './report.js';
import { RESULTS_DIR, writeResults } from './results-file.js';
import { measureServingLatency } from './serving-latency.js';
import { renderServing } from './serving-report.js';

const values = commandLine(
  'bench:recs',
  {
    runs: { type: 'string', default: '3' },
    'test-days': { type: 'string', default: '30' },
    threads: { type: 'string', default: '2' },
    python: { type: 'string', default: 'python3' },
    'serving-only': { type: 'boolean', default: false },
    imported: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
  },
  (v) => ({ ...v, runs: numberOption('runs', v.runs, 1), testDays: numberOption('test-days', v['test-days'], 1), threads: numberOption('threads', v.threads, 1) }),
  { notes: { imported: 'a data directory with the Online Retail data imported already (skips the import)', 'serving-only': 'measure serving only' } },
);
const { runs, testDays, threads } = values;
const progress = new Progress();
const startedAt = new Date().toISOString();
const loadAtStart = loadAtStartNoted(progress);

if (values['serving-only']) {
  // Only the serving half: its figures printed, no results file (the training half's fields would be missing).
  const cpuProfileDir = values['cpu-prof'] ? join(RESULTS_DIR, `recs-cpu-${startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}`) : undefined;
  if (cpuProfileDir !== undefined) mkdirSync(cpuProfileDir, { recursive: true });
  const serving = await measureServingLatency({ progress, imported: values.imported, cpuProfileDir });
  process.stdout.write(`\n${renderServing(serving, loadAtStart)}\n`);
  if (cpuProfileDir !== undefined) process.stdout.write(`CPU profile of the server: ${cpuProfileDir}\n`);
  process.exit(0);
}

progress.phase('reading the Online Retail data');
const { rows } = await readRetailInteractions();
const split = timeSplit(rows, testDays);
const all = buildInteractionMatrix(rows.map((r) => ({ userId: r.userId, itemId: r.itemId, weight: weightOf(r), timestamp: r.timestamp })));
progress.detail(`${rows.length.toLocaleString('en-US')} interactions; the split: ${split.train.length.toLocaleString('en-US')} train rows, ${split.test.length.toLocaleString('en-US')} test rows`);

// 1. Offline metrics of every algorithm on the split.
const data = prepareEvaluationData(split.train, split.test);
const offline: EvaluationReport[] = [];
for (const algorithm of algorithmNames) {
  progress.phase(`offline evaluation: ${algorithm}`);
  const report = await evaluateAlgorithm(data, { algorithm, k: 10, threads });
  offline.push(report);
  progress.detail(`nDCG@10 ${report.ndcg.toFixed(4)}, MAP ${report.map.toFixed(4)}, trained in ${report.train_seconds.toFixed(2)} s`);
}

// 2. Training on the whole data: each learned model in a process of its own (its peak memory), then NumPy.
const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-recs-'));
const allCsv = join(dir, 'online-retail-all.csv');
writeFileSync(allCsv, contractCsv(rows));
const child = resolve(import.meta.dirname, 'train-child.js');
// The V8 settings `rapport start` sets for itself and its worker threads (packages/server/src/cli/start-command.ts),
// so that the peak memory is the one a server training the model would have; --expose-gc for train-child's settle().
const childFlags = ['--max-semi-space-size=4', '--heap-growing-percent=30', '--expose-gc'];
const training: TrainingMeasurement[] = [];
try {
  for (const algorithm of ['als', 'ease', 'hybrid']) {
    progress.phase(`training ${algorithm} on the whole data, ${runs} runs`);
    const { stdout } = await promisify(execFile)(process.execPath, [...childFlags, child, '--algorithm', algorithm, '--data', allCsv, '--runs', String(runs), '--threads', String(threads)], { maxBuffer: 1 << 20 });
    const measured = JSON.parse(stdout) as TrainingMeasurement;
    training.push(measured);
    progress.detail(`${measured.seconds.map((s) => s.toFixed(2)).join(', ')} s; peak RSS ${Math.round(measured.peakRssBytes / 1e6)} MB (${Math.round(measured.rssBeforeBytes / 1e6)} MB before training)`);
  }
  progress.phase(`the ceiling: the same ALS and EASE in NumPy, ${runs} runs`);
  const ceiling = await measureNumpy(allCsv, runs, values.python);
  if (ceiling !== null) progress.detail(`ALS ${ceiling.alsSeconds.toFixed(2)} s, EASE ${ceiling.easeSeconds.toFixed(2)} s`);

  const results: RecsBenchResults = {
    benchmark: 'recs',
    startedAt,
    wallSeconds: progress.elapsedSeconds(),
    machine: describeMachine(loadAtStart),
    data: { interactions: rows.length, users: all.userIds.length, items: all.itemIds.length, testDays, cutoff: new Date(split.cutoff * 1000).toISOString() },
    offline,
    training,
    ceiling,
    serving: await measureServingLatency({ imported: values.imported }),
  };
  process.stdout.write(`\n${renderReport(results)}\n`);
  progress.phase(`results written to ${writeResults(results)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
