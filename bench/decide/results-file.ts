import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DecideBenchResults } from './bench-results.js';

/** bench/results/, whose *.json files git ignores. */
export const RESULTS_DIR = resolve(import.meta.dirname, '../../results');

/** Writes `decide-<start time>.json` and `decide-latest.json` into bench/results/ and returns the first one's path. */
export function writeResults(results: DecideBenchResults, dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  // Colons are not allowed in Windows file names.
  const file = join(dir, `decide-${results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'decide-latest.json'), json);
  return file;
}
