import type { Clock } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';

/** The processor's cursor in processor_state. */
export const EVENTS_CURSOR = 'events';

export interface ProcessorLag {
  /** Events appended but not processed. */
  readonly events: number;
  /** How long the oldest of them has waited. */
  readonly seconds: number;
}

/**
 * What a process knows of the processor's progress, wherever it runs (this thread, a worker, another process): the
 * cursor it last heard of, callers waiting for a seq, and the lag, read from the database.
 */
export class CursorWatch {
  #cursor = 0;
  readonly #waiters = new Set<{ seq: number; resolve: (done: boolean) => void }>();

  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly clock: Clock,
    /** True while this process itself moves the cursor (then reading it from the database is pointless). */
    private readonly isLocal: () => boolean,
  ) {}

  get cursor(): number {
    return this.#cursor;
  }

  /** The processor got as far as `cursor`: callers waiting for seqs up to it are done. */
  advance(cursor: number): void {
    if (cursor <= this.#cursor) return;
    this.#cursor = cursor;
    for (const w of [...this.#waiters]) if (w.seq <= cursor) w.resolve(true);
  }

  /** Resolves true once the event at `seq` is processed, false after `timeoutMs`. */
  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    if (this.#cursor >= seq) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        seq,
        resolve: (done: boolean) => {
          clearTimeout(timer);
          clearInterval(poll);
          this.#waiters.delete(waiter);
          resolve(done);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      // Another thread or process may be the one processing: read its progress from the database.
      const poll = setInterval(() => {
        if (this.isLocal()) return;
        this.repos.processor
          .cursor(this.database.kysely, EVENTS_CURSOR)
          .then((c) => this.advance(c))
          .catch(() => undefined);
      }, 100);
      this.#waiters.add(waiter);
    });
  }

  /** Resolves every waiter with false (the processor stops). */
  cancelAll(): void {
    for (const w of [...this.#waiters]) w.resolve(false);
  }

  async lag(): Promise<ProcessorLag> {
    const db = this.database.kysely;
    const cursor = Math.max(this.#cursor, await this.repos.processor.cursor(db, EVENTS_CURSOR));
    const last = await this.repos.ingest.lastLogSeq(this.database.log);
    const first = await this.repos.ingest.firstLogRowAfter(this.database.log, cursor);
    return { events: Math.max(0, last - cursor), seconds: first === undefined ? 0 : Math.max(0, (this.clock.now() - first.received_at) / 1000) };
  }
}

/** What the rest of the engine uses of a processor, whether it runs in this thread or in a worker. */
export interface ProcessorControl {
  /** The seq of the last processed event, as this process last heard. */
  readonly cursor: number;
  start(): void;
  /** Finishes the slice in progress, gives the lease back and stops. */
  stop(): Promise<void>;
  /** New events were appended. */
  notify(): void;
  waitFor(seq: number, timeoutMs: number): Promise<boolean>;
  /** Resolves once everything appended so far is processed. */
  drain(options?: { sliceBudgetMs?: number }): Promise<void>;
  lag(): Promise<ProcessorLag>;
}
