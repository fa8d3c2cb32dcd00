import { AppError } from '@rapport/core';
import type { Engine } from '../engine.js';
import { EventSender, type SendCounts } from './event-sender.js';
import type { ImportFile } from './import-file.js';
import type { ImportFormat } from './import-formats.js';
import { ImportProcessing, type ProcessedCounts } from './import-processing.js';
import { mapOnlineRetail, type InvoiceSkipReason, type RetailStats } from './retail-mapping.js';
import { readOnlineRetail } from './retail-reader.js';
import type { LineSkipReason } from './retail-record.js';
import { readSegmentJsonl } from './segment-jsonl.js';
import type { SkipCount } from './skip-tally.js';

/** The parts of the engine an import uses. */
export type ImportEngine = Pick<Engine, 'ingest' | 'catalog' | 'processor' | 'rejected' | 'repos' | 'database' | 'clock'>;

/** The steps of an import, in order; sending and processing overlap. */
export const importPhases = ['reading', 'sending', 'processing'] as const;
/** One of `importPhases`. */
export type ImportPhase = (typeof importPhases)[number];

/** `reading` counts bytes of the file, `sending` messages, `processing` events; `total` may grow as the file is read. */
export interface ImportProgress {
  readonly phase: ImportPhase;
  readonly done: number;
  readonly total: number;
}

/** What to import, where, and how to report on it. */
export interface ImportOptions {
  readonly workspaceId: string;
  readonly format: ImportFormat;
  readonly file: ImportFile;
  /** Messages per call of ingestMessages (default 1,000). */
  readonly batchSize?: number;
  /** Accepted events between two rounds of processing (default 5,000). */
  readonly processEvery?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Stops the import between two batches; what was sent is kept. */
  readonly signal?: AbortSignal;
}

/** What an import did: what it read, sent, imported, and what it left out or had refused, and why. */
export interface ImportSummary {
  readonly format: ImportFormat;
  /** False when the import was stopped: run it again to finish, what is already imported is skipped. */
  readonly complete: boolean;
  /** Lines of the file that hold data (not the header, not blank lines). */
  readonly lines: number;
  /** online-retail only: what the invoices became and what was left out before ingestion. */
  readonly retail?: {
    readonly stats: RetailStats;
    readonly skippedLines: readonly SkipCount<LineSkipReason>[];
    readonly skippedInvoices: readonly SkipCount<InvoiceSkipReason>[];
  };
  readonly products: { readonly upserted: number; readonly rejected: number };
  readonly events: Omit<SendCounts, 'rejected'> & ProcessedCounts & { readonly rejected: number };
  /** Messages refused by ingestion, and lines that hold none, by error code; kept with the rejected payloads. */
  readonly rejected: readonly SkipCount[];
}

interface Run {
  readonly engine: ImportEngine;
  readonly options: ImportOptions;
  readonly sender: EventSender;
  readonly progress: (phase: ImportPhase, done: number, total: number) => void;
  /** Adds to the number of messages to send, as the file is read. */
  expect(messages: number): void;
  /** Sends one message; false once the import is told to stop. */
  send(item: unknown, line: number): Promise<boolean>;
}

type FormatOutcome = Pick<ImportSummary, 'lines' | 'retail' | 'products'>;

async function importOnlineRetail(run: Run): Promise<FormatOutcome> {
  const { engine, options, progress } = run;
  const parsed = await readOnlineRetail(options.file.open((read) => progress('reading', read, options.file.bytes)));
  const mapping = mapOnlineRetail(parsed);
  // Products first: events that name them then find them in the catalog.
  const outcome = await engine.catalog.upsert(options.workspaceId, mapping.products);
  const upserted = outcome.upserted;
  const rejected = new Set(outcome.problems.map((p) => p.index)).size;
  run.expect(mapping.messages.length);
  for (const [i, message] of mapping.messages.entries()) if (!(await run.send(message, mapping.messageLines[i]!))) break;
  return {
    lines: parsed.length,
    retail: { stats: mapping.stats, skippedLines: mapping.skippedLines, skippedInvoices: mapping.skippedInvoices },
    products: { upserted, rejected },
  };
}

async function importSegmentJsonl(run: Run): Promise<FormatOutcome> {
  const { options, progress, sender } = run;
  let lines = 0;
  for await (const entry of readSegmentJsonl(options.file.open((read) => progress('reading', read, options.file.bytes)))) {
    lines++;
    if (entry.kind === 'bad') {
      if (lines === 1 && entry.code === 'ERR_INGEST_INVALID_JSON') {
        throw new AppError({ code: 'ERR_IMPORT_INVALID_INPUT', message: `this is not a segment-jsonl file: ${entry.message}; each line must hold one JSON message or batch` });
      }
      await sender.keepUnreadable(entry);
      continue;
    }
    run.expect(entry.items.length);
    for (const item of entry.items) if (!(await run.send(item, entry.line))) return { lines, products: { upserted: 0, rejected: 0 } };
  }
  return { lines, products: { upserted: 0, rejected: 0 } };
}

/** One reader per format: a Record, so that a new format cannot be forgotten here. */
const importers: Record<ImportFormat, (run: Run) => Promise<FormatOutcome>> = {
  'online-retail': importOnlineRetail,
  'segment-jsonl': importSegmentJsonl,
};

/**
 * Imports a file into a workspace through the same pipeline as HTTP ingestion: each message is checked, normalized
 * and appended to the durable event log, the processor turns the log into profiles (here, or in the server that
 * holds the processor's lease), and messageIds make a second import of the same file add nothing. Expected problems
 * of the data are counted in the summary; a file that is not in the format throws ERR_IMPORT_INVALID_INPUT before
 * anything is imported.
 */
export async function runImport(engine: ImportEngine, options: ImportOptions): Promise<ImportSummary> {
  const onProgress = options.onProgress ?? (() => undefined);
  const progress = (phase: ImportPhase, done: number, total: number) => onProgress({ phase, done, total });
  let expected = 0;
  const processing = new ImportProcessing({ engine, workspaceId: options.workspaceId, onProgress: (done, total) => progress('processing', done, total) });
  const sender = new EventSender({
    engine,
    workspaceId: options.workspaceId,
    processing,
    batchSize: options.batchSize ?? 1000,
    onSent: (sent) => progress('sending', sent, expected),
  });
  const processEvery = options.processEvery ?? 5000;
  let stopped = false;
  const run: Run = {
    engine,
    options,
    sender,
    progress,
    expect: (messages) => {
      expected += messages;
    },
    send: async (item, line) => {
      if (options.signal?.aborted) stopped = true;
      if (stopped) return false;
      await sender.add(item, line);
      if (processing.pending >= processEvery) processing.start();
      return true;
    },
  };
  let outcome: FormatOutcome;
  try {
    outcome = await importers[options.format](run);
    await sender.flush();
  } catch (error) {
    // Not while a round of processing still uses the database the caller is about to close.
    await processing.wait().catch(() => undefined);
    throw error;
  }
  if (stopped) await processing.wait();
  else await processing.finish();
  const counts = sender.counts;
  return {
    format: options.format,
    complete: !stopped,
    ...outcome,
    events: { ...counts, ...processing.counts, rejected: counts.rejected.reduce((n, r) => n + r.count, 0) },
    rejected: counts.rejected,
  };
}
