import { basename, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import type { Logger } from 'pino';
import { isAppError } from '@rapport/core';
import {
  createEngine,
  importFormats,
  importSettings,
  openImportFile,
  runImport,
  type Engine,
  type ImportFile,
  type ImportFormat,
  type ImportPhase,
  type ImportSummary,
  type InvoiceSkipReason,
  type LineSkipReason,
  type SkipCount,
  type Workspace,
} from '@rapport/engine';
import type { Database } from '@rapport/storage';
import type { Config } from '../config.js';
import { firstRunLines } from './banner.js';
import { chooseWorkspace } from './choose-workspace.js';
import { ensureWorkspace } from '../first-run.js';
import { engineSettings, openConfiguredDatabase } from '../main.js';
import { createLogger } from './logger.js';
import { configOrExit } from './config-or-exit.js';

/** Exit codes of `rapport import`. */
const EXIT = { done: 0, failed: 1, badArguments: 2 } as const;

/** What each reason for leaving data out means, for the person who ran the import. */
const skipReasonText: Record<LineSkipReason | InvoiceSkipReason, string> = {
  unreadable_line: 'not a CSV record with one field per column',
  missing_invoice: 'no InvoiceNo',
  missing_stock_code: 'no StockCode',
  invalid_quantity: 'Quantity is not a whole number',
  invalid_date: 'InvoiceDate is not a date',
  invalid_price: 'UnitPrice is not a number',
  invalid_customer_id: 'CustomerID is not a whole number',
  bad_debt_adjustment: 'bad-debt adjustments (InvoiceNo starting with A), not sales',
  unreadable_line_in_invoice: 'one of their lines could not be read',
  several_customers: 'their lines name different customers',
};

const phaseLabels: Record<ImportPhase, string> = { reading: 'reading   ', sending: 'sending   ', processing: 'processing' };
const phaseUnits: Record<ImportPhase, string> = { reading: 'MiB', sending: 'messages', processing: 'events' };
const MIB = 1024 * 1024;

const n = (value: number) => value.toLocaleString('en-US');
const counted = (value: number, noun: string) => `${n(value)} ${noun}${value === 1 ? '' : 's'}`;
const atLines = (s: SkipCount) => `line${s.lines.length > 1 ? 's' : ''} ${s.lines.join(', ')}${s.count > s.lines.length ? ', …' : ''}`;

/** Ends the command with a sentence on stderr and an exit code, once everything is closed. */
function fail(code: number, message: string): number {
  process.stderr.write(`rapport import: ${message}\n`);
  return code;
}

interface Progress {
  update(phase: ImportPhase, done: number, total: number): void;
  stop(): void;
}

/** Three bars on stderr when it is a terminal; nothing in a log file or a CI job, where bars are noise. */
function progressBars(): Progress {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const multi = new cliProgress.MultiBar(
    { format: ' {phase} |{bar}| {percentage}% · {value}/{total} {unit}', hideCursor: true, clearOnComplete: false, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<ImportPhase, cliProgress.SingleBar>();
  return {
    update(phase, done, total) {
      // Bytes read are shown in MiB, to one decimal.
      const inUnits = (v: number) => (phase === 'reading' ? Math.round((v / MIB) * 10) / 10 : v);
      const [value, max] = [inUnits(done), inUnits(total)];
      const payload = { phase: phaseLabels[phase], unit: phaseUnits[phase] };
      let bar = bars.get(phase);
      if (bar === undefined) bars.set(phase, (bar = multi.create(max, value, payload)));
      bar.setTotal(Math.max(max, value));
      bar.update(value, payload);
    },
    stop: () => multi.stop(),
  };
}

function skipLines(what: string, skipped: readonly SkipCount<LineSkipReason | InvoiceSkipReason>[]): string[] {
  return skipped.map((s) => `    ${counted(s.count, what)}: ${skipReasonText[s.reason]} (${atLines(s)})`);
}

/** The summary on stdout: what was imported, and what was left out and why. */
function formatSummary(summary: ImportSummary, context: { file: string; workspace: Workspace; database: string; seconds: number }): string {
  const { events, retail } = summary;
  const verb = summary.complete ? 'Imported' : 'Stopped importing';
  const lines = [`${verb} ${context.file} (${summary.format}) into the workspace "${context.workspace.name}" (${context.database}) in ${context.seconds.toFixed(1)} s.`];
  lines.push(`  Read:      ${n(summary.lines)} lines${retail === undefined ? '' : `, ${n(retail.stats.invoices)} invoices`}`);
  if (retail !== undefined) {
    const s = retail.stats;
    lines.push(`  Orders:    ${n(s.orders)} completed, ${n(s.refunds)} refunded; ${n(s.customers)} customers (${n(s.identifies)} identify events), ${n(s.guestInvoices)} guest checkouts`);
  }
  if (summary.products.upserted + summary.products.rejected > 0) {
    lines.push(`  Catalog:   ${n(summary.products.upserted)} products${summary.products.rejected > 0 ? `, ${n(summary.products.rejected)} rejected` : ''}`);
  }
  lines.push(
    `  Events:    ${n(events.sent)} sent: ${n(events.imported)} new, ${n(events.alreadyImported)} already imported, ${n(events.rejected)} rejected` +
      (events.suppressed + events.dropped > 0 ? `, ${n(events.suppressed + events.dropped)} of erased people refused` : ''),
  );
  if (events.alreadyImported > 0) lines.push('             (their messageIds were processed before, by an earlier import: nothing was counted twice)');
  if (!summary.complete && events.accepted > events.imported + events.alreadyImported + events.dropped) {
    lines.push('             The events sent are in the event log; the next `rapport import` or `rapport start` processes them.');
  }
  const skipped = retail === undefined ? [] : [...skipLines('line', retail.skippedLines), ...skipLines('invoice', retail.skippedInvoices)];
  lines.push(skipped.length === 0 ? '  Skipped:   nothing' : '  Skipped:', ...skipped);
  if (summary.rejected.length > 0) {
    lines.push('  Rejected (kept with their reason: GET /api/v1/rejected-events):');
    for (const r of summary.rejected) lines.push(`    ${n(r.count)} ${r.reason}: ${atLines(r)}`);
  }
  if (!summary.complete) lines.push('Run the same command again to finish: what is already imported is skipped.');
  return `${lines.join('\n')}\n`;
}

interface ImportArguments {
  readonly format: ImportFormat;
  readonly workspace?: string;
}

interface ImportContext {
  readonly engine: Engine;
  readonly database: Database;
  readonly config: Config;
  readonly logger: Logger;
}

async function importInto({ engine, database, config, logger }: ImportContext, file: ImportFile, args: ImportArguments): Promise<number> {
  const firstRun = await ensureWorkspace(engine, { name: config.workspaceName, writeKey: config.writeKey, secretKey: config.secretKey, logger });
  const notice = firstRunLines(firstRun, 'The database was new');
  if (notice.length > 0) process.stdout.write(`${notice.join('\n')}\n\n`);
  const workspace = await chooseWorkspace(engine, args.workspace);
  if (!workspace.ok) return fail(EXIT.badArguments, workspace.error);
  await engine.start({ background: false });

  const stop = new AbortController();
  const onSignal = () => {
    // A second Ctrl-C does not wait: everything sent so far is already durable.
    if (stop.signal.aborted) process.exit(EXIT.failed);
    process.stderr.write('\nStopping after the current batch (Ctrl-C again to quit now)…\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bars = progressBars();
  const started = performance.now();
  try {
    const summary = await runImport(engine, { workspaceId: workspace.value.id, format: args.format, file, onProgress: (p) => bars.update(p.phase, p.done, p.total), signal: stop.signal });
    bars.stop();
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(formatSummary(summary, { file: basename(file.path), workspace: workspace.value, database: database.location, seconds }));
    return summary.complete ? EXIT.done : EXIT.failed;
  } catch (error) {
    bars.stop();
    if (isAppError(error) && error.code === 'ERR_IMPORT_INVALID_INPUT') return fail(EXIT.badArguments, `${file.path}: ${error.message}`);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** What went wrong, in words: zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR) mean a damaged or cut-off .gz file. */
function failureOf(error: unknown, file: ImportFile): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_') ? `${basename(file.path)} is damaged or cut off as gzip data (${message})` : message;
}

async function importAction(path: string, args: ImportArguments): Promise<void> {
  const config = configOrExit(process.env);
  // Before the database: a wrong path should not create or migrate one.
  const file = await openImportFile(resolve(path));
  if (!file.ok) {
    process.exitCode = fail(EXIT.badArguments, file.error);
    return;
  }
  // Logs (the processor's warnings and errors) go to stderr: stdout holds the summary, and info lines would break the bars.
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 2);
  let database: Database;
  try {
    // A server running on the same embedded database may hold its write lock for seconds at a time while it processes
    // the import's events and trains models on a loaded machine: the import waits up to 2 minutes for it, not 10 s.
    database = await openConfiguredDatabase(config, { busyTimeoutMs: 120_000 });
  } catch (error) {
    process.exitCode = fail(EXIT.failed, `cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const engine = createEngine({ database, settings: importSettings(engineSettings(config)), logger });
  try {
    process.exitCode = await importInto({ engine, database, config, logger }, file.value, args);
  } catch (error) {
    // The stack is for a bug report (RAPPORT_LOG_LEVEL=debug); the person gets the sentence below.
    logger.debug({ err: error }, 'the import failed');
    process.exitCode = fail(EXIT.failed, `the import failed: ${failureOf(error, file.value)}. What was imported before is kept; running the same import again skips it.`);
  } finally {
    await engine.stop();
    await database.close();
  }
}

/** `rapport import <file> --format …`: historical data through the ingestion pipeline into the configured database. */
export function importCommand(): Command {
  return new Command('import')
    .description('Import past data from a file (plain or .gz) through the ingestion pipeline, keeping original timestamps (docs/import.md)')
    .argument('<file>', 'the file to import')
    .addOption(new Option('--format <format>', 'what the file holds').choices(importFormats).makeOptionMandatory())
    .option('--workspace <id>', 'the workspace to import into, when the database has several')
    // Commander ends usage errors with exit code 1; here 1 means the import failed, 2 that it was called wrong.
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.done : EXIT.badArguments))
    .action(importAction);
}
