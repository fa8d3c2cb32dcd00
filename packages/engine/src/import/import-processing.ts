import type { Engine } from '../engine.js';

/** What became of the accepted events once processed. */
export interface ProcessedCounts {
  /** Processed for the first time: new in the profiles. */
  imported: number;
  /** Their messageId had been processed before (an earlier import of the same file): deduplicated, nothing changed. */
  alreadyImported: number;
  /** Dropped by the processor because their person's data was erased in the meantime. */
  dropped: number;
}

export interface ImportProcessingOptions {
  readonly engine: Pick<Engine, 'processor' | 'repos' | 'database'>;
  readonly workspaceId: string;
  /** Processed and accepted events so far (accepted grows while the import sends). */
  readonly onProgress?: (processed: number, accepted: number) => void;
}

/** How often the processing progress is read while the processor works in another process. */
const POLL_MS = 500;

/**
 * The processor's slice budget during an import. A server keeps slices near 20 ms so that it can answer requests in
 * between; an import has none to answer, and each slice costs a transaction and its reads. Measured on the UCI file
 * (SQLite, 2 cores): 20 ms slices of about 20 events took 51 s to process, 1 s slices 22 s; 3 s slices no less.
 */
const IMPORT_SLICE_BUDGET_MS = 1000;

/**
 * Processes what the import appended and finds out what each event became: the processor deduplicates by messageId
 * silently, so an event is new exactly when the messageId's first processed occurrence is its own seq.
 */
export class ImportProcessing {
  readonly #o: ImportProcessingOptions;
  /** Accepted events not yet looked at after processing, with the messageId ingestion stored (given or assigned). */
  #pending: { messageId: string; seq: number }[] = [];
  #accepted = 0;
  #running: Promise<void> | undefined;
  #failure: { error: unknown } | undefined;
  readonly counts: ProcessedCounts = { imported: 0, alreadyImported: 0, dropped: 0 };

  constructor(options: ImportProcessingOptions) {
    this.#o = options;
  }

  /** Accepted events not yet taken by a round of processing. */
  get pending(): number {
    return this.#pending.length;
  }

  accepted(events: readonly { messageId: string; seq: number }[]): void {
    this.#pending.push(...events);
    this.#accepted += events.length;
  }

  /**
   * Starts a round of processing unless one is running, without waiting for it: on PostgreSQL the database processes
   * while the import sends. (better-sqlite3 is synchronous, so on SQLite the two take turns.)
   */
  start(): void {
    this.#throwFailure();
    if (this.#running !== undefined) return;
    this.#running = this.#catchUp()
      .catch((error: unknown) => {
        this.#failure = { error };
      })
      .finally(() => {
        this.#running = undefined;
      });
  }

  /** Waits for the round in progress, if any. */
  async wait(): Promise<void> {
    await this.#running;
    this.#throwFailure();
  }

  /** Waits for the round in progress, then processes what is left. */
  async finish(): Promise<void> {
    await this.wait();
    await this.#catchUp();
  }

  #throwFailure(): void {
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  /** Processes everything appended so far (here, or by the server that holds the lease), then counts what it became. */
  async #catchUp(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    // better-sqlite3 answers without yielding: on SQLite this timer ticks only while a server process does the work.
    const poll = setInterval(() => void this.#report().catch(() => undefined), POLL_MS);
    try {
      await this.#o.engine.processor.drain({ sliceBudgetMs: IMPORT_SLICE_BUDGET_MS });
    } finally {
      clearInterval(poll);
    }
    await this.#classify(pending);
    await this.#report();
  }

  async #classify(events: readonly { messageId: string; seq: number }[]): Promise<void> {
    const { repos, database } = this.#o.engine;
    const ids = events.map((e) => e.messageId);
    const firstSeq = new Map((await repos.ingest.findMessageIds(database.kysely, this.#o.workspaceId, ids)).map((m) => [m.message_id, m.seq]));
    for (const e of events) {
      const first = firstSeq.get(e.messageId);
      if (first === e.seq) this.counts.imported++;
      else if (first === undefined) this.counts.dropped++;
      else this.counts.alreadyImported++;
    }
  }

  async #report(): Promise<void> {
    if (this.#o.onProgress === undefined) return;
    const lag = await this.#o.engine.processor.lag();
    this.#o.onProgress(Math.max(0, this.#accepted - lag.events), this.#accepted);
  }
}
