/**
 * Writes the Online Retail data as the evaluation contract's TRAIN and TEST files, split in time (the last 30 days
 * as test), deterministically:
 *
 *   npm run build && node bench/dist/recs/retail-split.js [--out DIR] [--test-days 30] [--input online-retail.csv.gz]
 *   npx rapport recs evaluate --train DIR/train.csv --test DIR/test.csv --k 10 --algorithm ease
 *
 * Data: Daqing Chen, London South Bank University; UCI Machine Learning Repository; CC BY 4.0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { contractCsv, timeSplit } from '@rapport/engine';
import { commandLine, numberOption } from '../command-line.js';
import { RETAIL_CSV, readRetailInteractions } from './retail-interactions.js';

const values = commandLine(
  'node bench/dist/recs/retail-split.js',
  { out: { type: 'string', default: join(tmpdir(), 'rapport-recs-online-retail') }, 'test-days': { type: 'string', default: '30' }, input: { type: 'string', default: RETAIL_CSV } },
  (v) => ({ ...v, testDays: numberOption('test-days', v['test-days'], 1) }),
);
const testDays = values.testDays;
const out = resolve(values.out);
const { rows, skipped } = await readRetailInteractions(resolve(values.input));
const split = timeSplit(rows, testDays);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'train.csv'), contractCsv(split.train));
writeFileSync(join(out, 'test.csv'), contractCsv(split.test));
const n = (v: number) => v.toLocaleString('en-US');
process.stdout.write(
  [
    `${n(rows.length)} interactions (one per order and product) of ${n(new Set(rows.map((r) => r.userId)).size)} customers; left out: ` +
      `${n(skipped.cancellations)} cancellation lines, ${n(skipped.guests)} guest lines, ${n(skipped.notProducts)} non-product lines (postage, fees…), ` +
      `${n(skipped.notPositive)} with a quantity ≤ 0, ${n(skipped.badDates)} bad dates, ${n(skipped.repeatedInOrder)} repeated products within an order`,
    `cutoff ${new Date(split.cutoff * 1000).toISOString()} (last ${testDays} days as test)`,
    `${join(out, 'train.csv')}: ${n(split.train.length)} rows`,
    `${join(out, 'test.csv')}: ${n(split.test.length)} rows (${n(split.repeatsLeftOut)} repeat purchases of a train item left out)`,
    '',
  ].join('\n'),
);
