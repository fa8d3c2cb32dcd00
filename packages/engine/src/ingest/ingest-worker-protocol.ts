import type { OpenDatabaseOptions } from '@rapport/storage';
import type { BridgeMessage } from '../workers/index.js';
import type { CheckedMessages, CheckedRequest, EventSource, IngestRequest, IngestSettings } from './ingest-service.js';

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
  | { readonly type: 'ready' }
  | { readonly type: 'checked'; readonly id: number; readonly checked: CheckedRequest }
  | { readonly type: 'checked-messages'; readonly id: number; readonly checked: CheckedMessages }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | { readonly type: 'closed' };
