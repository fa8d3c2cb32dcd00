import { err, ok, type Result } from '@rapport/core';
import { algorithms, algorithmNames, isAlgorithmName, type AlgorithmName, type Params } from '@rapport/engine';

/** `rapport recs evaluate`'s options as commander gives them (strings, unchecked). */
export interface EvaluateOptions {
  readonly train?: string;
  readonly test?: string;
  readonly fromWorkspace?: boolean;
  readonly split?: string;
  readonly testDays?: string;
  readonly k: string;
  readonly algorithm: string;
  readonly list?: boolean;
  readonly json?: boolean;
  readonly threads?: string;
  readonly param: readonly string[];
  readonly save?: boolean;
  readonly workspace?: string;
}

/** Where the interactions come from. */
export type EvaluationSource =
  | { readonly kind: 'files'; readonly train: string; readonly test: string; readonly save: boolean }
  | { readonly kind: 'workspace'; readonly testDays: number };

/** A checked request to evaluate. */
export interface EvaluationRequest {
  readonly source: EvaluationSource;
  readonly algorithms: readonly AlgorithmName[];
  readonly k: number;
  readonly threads?: number;
  readonly params: Params;
  readonly json: boolean;
  readonly workspace?: string;
}

/** The days of test a workspace evaluation holds out when `--test-days` is not given. */
export const DEFAULT_TEST_DAYS = 30;

function wholeNumber(name: string, text: string, max: number): Result<number, string> {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= max ? ok(n) : err(`${name} must be a whole number from 1 to ${max.toLocaleString('en-US')}, not "${text}"`);
}

/** `--param name=value` options as parameters, checked against the algorithm's (every problem at once). */
function readParams(given: readonly string[], names: readonly AlgorithmName[]): Result<Params, string> {
  if (given.length === 0) return ok({});
  if (names.length !== 1) return err('--param applies to one algorithm: add --algorithm NAME');
  const params: Record<string, string> = {};
  for (const p of given) {
    const at = p.indexOf('=');
    if (at <= 0) return err(`--param takes name=value, not "${p}"`);
    params[p.slice(0, at).trim()] = p.slice(at + 1).trim();
  }
  const name = names[0]!;
  const checked = algorithms[name].readParams(params);
  return checked.ok ? ok(params) : err(`${name}: ${checked.error.join('; ')} (rapport recs evaluate --list shows the defaults)`);
}

function readSource(o: EvaluateOptions): Result<EvaluationSource, string> {
  if (o.fromWorkspace === true) {
    if (o.train !== undefined || o.test !== undefined) return err("--from-workspace evaluates on the workspace's own orders: leave out --train and --test");
    if (o.split !== undefined && o.split !== 'time') return err(`--split must be time (the last --test-days days as test), not "${o.split}"`);
    if (o.testDays === undefined) return ok({ kind: 'workspace', testDays: DEFAULT_TEST_DAYS });
    const days = Number(o.testDays);
    return days > 0 && Number.isFinite(days) ? ok({ kind: 'workspace', testDays: days }) : err(`--test-days must be a positive number of days, not "${o.testDays}"`);
  }
  if (o.split !== undefined || o.testDays !== undefined) return err('--split and --test-days split the workspace\'s orders: add --from-workspace (files come split already)');
  if (o.train === undefined || o.test === undefined) return err('give --train TRAIN.csv and --test TEST.csv, or --from-workspace');
  return ok({ kind: 'files', train: o.train, test: o.test, save: o.save === true });
}

/** The options checked, or the first problem as a sentence (exit code 2). */
export function readEvaluationRequest(o: EvaluateOptions): Result<EvaluationRequest, string> {
  const source = readSource(o);
  if (!source.ok) return source;
  if (o.workspace !== undefined && source.value.kind === 'files' && !source.value.save) return err('--workspace names where to store the report: add --save');
  if (o.algorithm !== 'all' && !isAlgorithmName(o.algorithm)) return err(`unknown algorithm "${o.algorithm}": one of ${algorithmNames.join(', ')}, or all`);
  const names = o.algorithm === 'all' ? algorithmNames : [o.algorithm as AlgorithmName];
  const k = wholeNumber('--k', o.k, 1000);
  if (!k.ok) return k;
  const threads = o.threads === undefined ? undefined : wholeNumber('--threads', o.threads, 64);
  if (threads !== undefined && !threads.ok) return threads;
  const params = readParams(o.param, names);
  if (!params.ok) return params;
  return ok({
    source: source.value,
    algorithms: names,
    k: k.value,
    ...(threads === undefined ? {} : { threads: threads.value }),
    params: params.value,
    json: o.json === true,
    ...(o.workspace === undefined ? {} : { workspace: o.workspace }),
  });
}

/** `--list`: every algorithm with what it does and its defaults, as text or JSON. */
export function algorithmList(json: boolean): string {
  if (json) return `${JSON.stringify(algorithmNames.map((name) => ({ name, description: algorithms[name].description, defaults: algorithms[name].defaults })))}\n`;
  const width = Math.max(...algorithmNames.map((n) => n.length));
  const lines = algorithmNames.flatMap((name) => {
    const defaults = Object.entries(algorithms[name].defaults).map(([k, v]) => `${k}=${String(v)}`);
    return [`  ${name.padEnd(width)}  ${algorithms[name].description}`, `  ${' '.repeat(width)}  defaults: ${defaults.length === 0 ? 'none' : defaults.join(' ')}`];
  });
  return `Algorithms (--algorithm NAME, or all; change a default with --param name=value):\n\n${lines.join('\n')}\n`;
}
