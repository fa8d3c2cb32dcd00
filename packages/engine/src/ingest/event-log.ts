import type { LogAppend } from '@rapport/storage';

/** The durable event log, as ingestion sees it, whether its appends run in this thread or in a worker. */
export interface EventLog {
  /** Appends rows; resolves with their seqs once they are on disk (fsync'd). */
  append(rows: readonly LogAppend[]): Promise<number[]>;
  /** Writes what is queued and refuses further appends. */
  close(): Promise<void>;
}
