import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { err, ok, type Result } from '@rapport/core';
import {
  describeData,
  evaluateAlgorithm,
  formatEvaluationTable,
  openContractFile,
  prepareEvaluationData,
  readContractCsv,
  splitWorkspaceOrders,
  type ContractRow,
  type EvaluationData,
  type EvaluationOrigin,
  type EvaluationReport,
  type WorkspaceSplit,
} from '@rapport/engine';
import type { EvaluationRequest } from './recs-arguments.js';
import type { EvaluationProgress } from './recs-progress.js';
import type { WorkspaceAccess } from './recs-workspace.js';

const n = (value: number) => value.toLocaleString('en-US');
const plural = (value: number, noun: string) => `${n(value)} ${noun}${value === 1 ? '' : 's'}`;

/** A contract file's rows, or why it cannot be used: the sentence names the file (and the line, for a bad row). */
async function readFile(path: string, role: 'train' | 'test', progress: EvaluationProgress): Promise<Result<ContractRow[], string>> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return err(`there is no ${role} file at ${path}`);
  if (!info.isFile()) return err(`${path} is not a file`);
  progress.status(`reading ${basename(path)} (${(info.size / 1024 / 1024).toFixed(1)} MiB)…`);
  const rows = await readContractCsv(openContractFile(path));
  if (!rows.ok) return err(`${path}: ${rows.error}`);
  if (rows.value.length === 0) return err(`${path}: the file has a header but no rows`);
  return rows;
}

/** Trains and measures each algorithm on the same data, with a bar per phase. */
async function evaluateEach(data: EvaluationData, request: EvaluationRequest, progress: EvaluationProgress): Promise<EvaluationReport[]> {
  const reports: EvaluationReport[] = [];
  for (const algorithm of request.algorithms) {
    progress.bar(`training ${algorithm}`, 0);
    const report = await evaluateAlgorithm(data, {
      algorithm,
      k: request.k,
      params: request.params,
      ...(request.threads === undefined ? {} : { threads: request.threads }),
      onProgress: (share) => progress.bar(`training ${algorithm}`, share),
      onRecommend: (done, total) => progress.bar(`lists of ${algorithm}`, done / total),
    });
    progress.note(`${algorithm}: trained in ${report.train_seconds.toFixed(2)} s, ${plural(report.test_users, 'list')} in ${report.recommend_seconds.toFixed(2)} s`);
    reports.push(report);
  }
  progress.stop();
  return reports;
}

/** What a run printed and stored. */
interface Outcome {
  readonly reports: readonly EvaluationReport[];
  /** The ids of the stored reports, in the order of `reports`; empty when not stored. */
  readonly ids: readonly string[];
  /** Sentences on the data, above the table. */
  readonly about: readonly string[];
  /** A sentence below the table. */
  readonly footer?: string;
}

/** The table with what it was measured on, or one JSON object per line (the contract's keys, plus `id` once stored). */
export function formatOutcome(outcome: Outcome, json: boolean): string {
  if (json) return outcome.reports.map((r, i) => `${JSON.stringify(outcome.ids[i] === undefined ? r : { ...r, id: outcome.ids[i] })}\n`).join('');
  const lines = [...outcome.about, describeData(outcome.reports[0]!), '', formatEvaluationTable(outcome.reports)];
  if (outcome.footer !== undefined) lines.push('', outcome.footer);
  return `${lines.join('\n')}\n`;
}

async function store(access: WorkspaceAccess, reports: readonly EvaluationReport[], origin: EvaluationOrigin): Promise<{ ids: string[]; footer: string }> {
  const ids: string[] = [];
  for (const r of reports) ids.push((await access.store.save(access.workspace.id, r, origin)).id);
  const what = reports.length === 1 ? `as the evaluation ${ids[0]}` : `as ${reports.length} evaluations`;
  return { ids, footer: `Stored in the workspace "${access.workspace.name}" ${what} (GET /api/v1/recommendations/evaluations).` };
}

/** The file form: TRAIN and TEST files; stored when `--save` gave a workspace. */
export async function evaluateFiles(request: EvaluationRequest, files: { train: string; test: string }, access: WorkspaceAccess | undefined, progress: EvaluationProgress): Promise<Result<Outcome, string>> {
  const train = await readFile(files.train, 'train', progress);
  if (!train.ok) return train;
  const test = await readFile(files.test, 'test', progress);
  if (!test.ok) return test;
  const reports = await evaluateEach(prepareEvaluationData(train.value, test.value), request, progress);
  const about = [`Trained on ${basename(files.train)}, tested on ${basename(files.test)}, lists of ${request.k}.`];
  if (access === undefined) return ok({ reports, ids: [], about });
  return ok({ reports, about, ...(await store(access, reports, { source: 'files' })) });
}

function splitSentence(split: WorkspaceSplit, testDays: number): string {
  const cutoff = new Date(split.cutoff * 1000).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
  return (
    `Orders of the workspace: ${plural(split.orders, 'order')} of ${plural(split.people, 'customer')} who consent to personalization` +
    (split.peopleLeftOut > 0 ? `; ${plural(split.peopleLeftOut, 'customer')} without that consent left out` : '') +
    `. Split at ${cutoff}: the last ${plural(testDays, 'day')} are the test (${plural(split.repeatsLeftOut, 'repeat purchase')} of a train item left out).`
  );
}

/** The workspace form: its own orders split in time; always stored, so that the dashboard shows it. */
export async function evaluateWorkspace(request: EvaluationRequest, testDays: number, access: WorkspaceAccess, progress: EvaluationProgress): Promise<Result<Outcome, string>> {
  progress.status('reading the workspace’s orders…');
  const { database, repos, workspaces } = access.engine;
  const split = await splitWorkspaceOrders({ database, repos, workspaces, workspaceId: access.workspace.id, testDays, onPage: (orders) => progress.status(`reading the workspace’s orders… ${n(orders)}`) });
  progress.stop();
  if (split.train.length + split.test.length === 0) {
    const leftOut = split.peopleLeftOut > 0 ? ` (the orders of ${plural(split.peopleLeftOut, 'customer')} without that consent are left out)` : '';
    return err(`the workspace has no orders with products of identified customers who consent to personalization${leftOut}: there is nothing to evaluate on`);
  }
  const about = splitSentence(split, testDays);
  if (split.train.length === 0 || split.test.length === 0) {
    const missing =
      split.train.length === 0
        ? `No order is older than the last ${plural(testDays, 'day')} to learn from: try a smaller --test-days.`
        : `No purchase of the last ${plural(testDays, 'day')} is new to its buyer, to test on: try a larger --test-days.`;
    return err(`${about} ${missing}`);
  }
  const reports = await evaluateEach(prepareEvaluationData(split.train, split.test), request, progress);
  return ok({ reports, about: [about], ...(await store(access, reports, { source: 'workspace', split: { testDays, cutoff: split.cutoff, repeatsLeftOut: split.repeatsLeftOut } })) });
}
