import type { Database, LogAppend } from '@rapport/storage';

interface Pending {
  readonly rows: readonly LogAppend[];
  readonly resolve: (seqs: number[]) => void;
  readonly reject: (error: unknown) => void;
}

export interface LogWriterOptions {
  /** Most rows one commit takes; more wait for the next one. */
  readonly maxRowsPerCommit?: number;
  /** Called after each commit with the last seq, how many rows it took and how long it took (fsync included). */
  readonly onCommit?: (lastSeq: number, rows: number, seconds: number) => void;
}

/** Where checked rows go: `append` resolves with their seqs once they are durable. */
export interface EventLog {
  append(rows: readonly LogAppend[]): Promise<number[]>;
}

/**
 * Group commit for the event log. Requests that arrive while a commit is being prepared or written share the next
 * one, so that many requests pay for one fsync; each caller's promise resolves only once its rows are durable.
 */
export class LogWriter implements EventLog {
  readonly #database: Pick<Database, 'appendToLog'>;
  readonly #maxRows: number;
  readonly #onCommit: LogWriterOptions['onCommit'];
  #queue: Pending[] = [];
  #scheduled = false;
  #writing: Promise<void> | undefined;
  #closed = false;

  constructor(database: Pick<Database, 'appendToLog'>, options: LogWriterOptions = {}) {
    this.#database = database;
    this.#maxRows = options.maxRowsPerCommit ?? 5000;
    this.#onCommit = options.onCommit;
  }

  /** Appends rows; resolves with their seqs once they are on disk. */
  append(rows: readonly LogAppend[]): Promise<number[]> {
    if (this.#closed) return Promise.reject(new Error('the event log is closed'));
    if (rows.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject });
      this.#schedule();
    });
  }

  /** Writes what is queued and refuses further appends. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#queue.length > 0 || this.#writing !== undefined || this.#scheduled) {
      await (this.#writing ?? new Promise((r) => setImmediate(r)));
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#writing !== undefined) return;
    this.#scheduled = true;
    // setImmediate runs after the requests already read in this turn of the event loop have queued their rows.
    setImmediate(() => {
      this.#scheduled = false;
      this.#writing = this.#commit().finally(() => {
        this.#writing = undefined;
        if (this.#queue.length > 0) this.#schedule();
      });
    });
  }

  async #commit(): Promise<void> {
    const taken: Pending[] = [];
    let count = 0;
    while (this.#queue.length > 0 && (taken.length === 0 || count + this.#queue[0]!.rows.length <= this.#maxRows)) {
      const next = this.#queue.shift()!;
      taken.push(next);
      count += next.rows.length;
    }
    const rows = taken.length === 1 ? taken[0]!.rows : taken.flatMap((p) => p.rows);
    try {
      const started = performance.now();
      const seqs = await this.#database.appendToLog(rows);
      const seconds = (performance.now() - started) / 1000;
      let offset = 0;
      for (const p of taken) {
        p.resolve(seqs.slice(offset, offset + p.rows.length));
        offset += p.rows.length;
      }
      const last = seqs[seqs.length - 1];
      if (last !== undefined) this.#onCommit?.(last, seqs.length, seconds);
    } catch (error) {
      for (const p of taken) p.reject(error);
    }
  }
}
