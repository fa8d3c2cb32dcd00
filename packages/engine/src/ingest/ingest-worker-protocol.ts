import type { OpenDatabaseOptions } from '@rapport/storage';
import type { BridgeMessage } from '../workers/index.js';
import type { EventSource, IngestAnswer, IngestRequest, IngestResult, IngestSettings } from './ingest-service.js';
import type { LogCommit } from './log-worker-protocol.js';

/** What the ingest worker is started with. */
export interface IngestWorkerData {
  readonly database: OpenDatabaseOptions;
  readonly settings: IngestSettings;
}

export type ToIngestWorker =
  | { readonly type: 'request'; readonly id: number; readonly request: IngestRequest }
  | { readonly type: 'messages'; readonly id: number; readonly workspaceId: string; readonly items: readonly unknown[]; readonly source: EventSource; readonly receivedAt?: number }
  | { readonly type: 'key-revoked'; readonly keyHash: string }
  | { readonly type: 'suppressed'; readonly workspaceId: string; readonly hashes: readonly string[] }
  | { readonly type: 'close' };

export type FromIngestWorker =
  | BridgeMessage
  | LogCommit
  | { readonly type: 'ready' }
  | { readonly type: 'answered'; readonly id: number; readonly answer: IngestAnswer }
  | { readonly type: 'ingested'; readonly id: number; readonly result: IngestResult }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | { readonly type: 'closed' };
