/**
 * One learned model trained on the whole Online Retail data, `--runs` times, in a process of its own so that its
 * peak memory is its own: prints one JSON line (a TrainingMeasurement). Run by run.ts, with the V8 flags of
 * `rapport start` and --expose-gc.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { algorithms, buildInteractionMatrix, encodeSnapshot, isAlgorithmName, type Interaction, type InteractionMatrix, type Recommender } from '@rapport/engine';
import type { TrainingMeasurement } from './bench-results.js';

const { values } = parseArgs({ options: { algorithm: { type: 'string' }, data: { type: 'string' }, runs: { type: 'string', default: '3' }, threads: { type: 'string', default: '2' } } });
const algorithm = values.algorithm ?? '';
if (!isAlgorithmName(algorithm) || values.data === undefined) {
  process.stderr.write('train-child: --algorithm NAME --data FILE.csv [--runs 3] [--threads 2]\n');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('train-child: run it with node --expose-gc');

/**
 * The matrix of a contract file that run.ts wrote with contractCsv (user_id,item_id,rating,timestamp; no quoted
 * fields: Online Retail ids are digits and letters), read a line at a time with each id's string shared by its rows.
 * Not through readContractCsv, whose CSV parser and whole-file string leave some 300 MB of heap behind for these
 * 386,000 lines: that is the reader's memory, not the model's, and V8 keeps the pages once it has them.
 */
async function readMatrix(path: string): Promise<InteractionMatrix> {
  const ids = new Map<string, string>();
  const id = (text: string) => ids.get(text) ?? (ids.set(text, text), text);
  const rows: Interaction[] = [];
  let header: string | undefined;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (header === undefined) {
      header = line;
      if (header !== 'user_id,item_id,rating,timestamp') throw new Error(`train-child: ${path} is not a file that contractCsv wrote`);
      continue;
    }
    if (line === '') continue;
    if (line.includes('"')) throw new Error(`train-child: quoted fields are not read here: ${line}`);
    const [userId = '', itemId = '', rating = '', timestamp = ''] = line.split(',');
    // weightOf: a positive rating is the weight, anything else counts 1.
    const weight = Number(rating) > 0 ? Number(rating) : 1;
    rows.push({ userId: id(userId), itemId: id(itemId), weight, timestamp: Number(timestamp) });
  }
  return buildInteractionMatrix(rows);
}

/** VmRSS or VmHWM of this process, in bytes. */
function memory(field: 'VmRSS' | 'VmHWM'): number {
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
}

/**
 * Full collections, with a pause between them for the worker threads of the run before to finish tearing down: the
 * memory of a discarded model, its buffers and threads is returned only then. A server has the time between two
 * trainings for that.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const matrix = await readMatrix(values.data);
const definition = algorithms[algorithm];
const threads = Number(values.threads);
const seconds: number[] = [];
const peakRss: number[] = [];
const rssBefore: number[] = [];
let model: Recommender | undefined;
// No warm-up run: the first training includes compiling the code, as a first training in a server does.
for (let run = 0; run < Math.max(1, Number(values.runs)); run++) {
  // Each run starts from what a server holds before it trains: the matrix, and no garbage of an earlier run (V8
  // frees a discarded model's buffers only at a full collection, which may come late).
  model = undefined;
  await settle();
  rssBefore.push(memory('VmRSS'));
  // Resets VmHWM to the current RSS (Linux ≥ 4.0), so that it tells this run's peak.
  writeFileSync('/proc/self/clear_refs', '5');
  const started = performance.now();
  model = await definition.fit(matrix, {}, { threads });
  seconds.push((performance.now() - started) / 1000);
  peakRss.push(memory('VmHWM'));
}
const result: TrainingMeasurement = {
  algorithm,
  seconds,
  bestSeconds: Math.min(...seconds),
  peakRssBytes: Math.max(...peakRss),
  rssBeforeBytes: Math.max(...rssBefore),
  peakRssBytesPerRun: peakRss,
  rssBeforeBytesPerRun: rssBefore,
  snapshotBytes: encodeSnapshot(model!.toSnapshot()).length,
  snapshotBytesWithoutUsers: encodeSnapshot(model!.toSnapshot({ users: false })).length,
  threads,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
