import type { EvaluationReport } from './evaluate.js';

const fixed = (digits: number) => (v: number) => v.toFixed(digits);

/** The columns of the table: header, value, and whether it is a number (right-aligned). */
function columns(k: number, baseline: EvaluationReport | undefined): [string, (r: EvaluationReport) => string][] {
  const cols: [string, (r: EvaluationReport) => string][] = [
    ['algorithm', (r) => r.algorithm],
    [`MAP@${k}`, (r) => fixed(4)(r.map)],
    [`nDCG@${k}`, (r) => fixed(4)(r.ndcg)],
    [`P@${k}`, (r) => fixed(4)(r.precision)],
    [`R@${k}`, (r) => fixed(4)(r.recall)],
    ['coverage', (r) => `${(r.coverage * 100).toFixed(1)} %`],
    ['pop. pct', (r) => fixed(1)(r.popularity_percentile)],
    ['train s', (r) => (r.train_seconds < 10 ? r.train_seconds.toFixed(2) : r.train_seconds.toFixed(1))],
  ];
  if (baseline !== undefined && baseline.ndcg > 0) cols.push(['nDCG vs popular', (r) => `${(r.ndcg / baseline.ndcg).toFixed(2)}×`]);
  return cols;
}

/**
 * The reports as a plain-text table, one row per algorithm, with each nDCG as a multiple of popular's when popular
 * is among them (the baseline every algorithm must beat).
 */
export function formatEvaluationTable(reports: readonly EvaluationReport[]): string {
  if (reports.length === 0) return '';
  const k = reports[0]!.k;
  const cols = columns(k, reports.find((r) => r.algorithm === 'popular'));
  const cells = reports.map((r) => cols.map(([, value]) => value(r)));
  const widths = cols.map(([header], i) => Math.max(header.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(cols.map(([header]) => header)), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** A sentence on the data of an evaluation: its size and how many test users train lacks. */
export function describeData(r: EvaluationReport): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return (
    `train: ${n(r.train_rows)} rows, ${n(r.train_users)} users, ${n(r.train_items)} items (the candidates); ` +
    `test: ${n(r.test_rows)} user–item pairs of ${n(r.test_users)} users, ${n(r.test_users_not_in_train)} of them not in train (they get the popular list)`
  );
}
