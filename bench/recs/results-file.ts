import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RecsBenchResults } from './bench-results.js';

/** bench/results/, whose *.json files git ignores. */
export const RESULTS_DIR = resolve(import.meta.dirname, '../../results');

/** Writes `recs-<start time>.json` and `recs-latest.json` into bench/results/ and returns the first one's path. */
export function writeResults(results: RecsBenchResults, dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  // Colons are not allowed in Windows file names.
  const file = join(dir, `recs-${results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'recs-latest.json'), json);
  return file;
}
