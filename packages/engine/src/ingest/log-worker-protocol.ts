import type { LogAppend, OpenDatabaseOptions } from '@rapport/storage';
import type { BridgeMessage } from '../workers/index.js';

/** What the event log's thread is started with. */
export interface LogWorkerData {
  readonly database: OpenDatabaseOptions;
}

export type ToLogWorker = { readonly type: 'append'; readonly id: number; readonly rows: readonly LogAppend[] } | { readonly type: 'close' };

/** A commit of the log: its last seq, how many rows it took, and how long it took (fsync included). */
export interface LogCommit {
  readonly type: 'committed';
  readonly lastSeq: number;
  readonly rows: number;
  readonly seconds: number;
}

export type FromLogWorker =
  | BridgeMessage
  | LogCommit
  | { readonly type: 'ready' }
  | { readonly type: 'appended'; readonly id: number; readonly seqs: number[] }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | { readonly type: 'closed' };
