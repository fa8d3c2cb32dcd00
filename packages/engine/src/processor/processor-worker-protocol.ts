import type { OpenDatabaseOptions } from '@rapport/storage';
import type { BridgeMessage } from '../workers/index.js';

/** What the processor worker is started with. */
export interface ProcessorWorkerData {
  readonly database: OpenDatabaseOptions;
  readonly locationDecimals: number;
  readonly pollMs: number;
  /** The previous processor thread crashed: begin with one event per slice (see ProcessorOptions.firstSliceSize). */
  readonly recovering: boolean;
}

export type ToProcessorWorker = { readonly type: 'notify' } | { readonly type: 'stop' };

export type FromProcessorWorker = BridgeMessage | { readonly type: 'cursor'; readonly cursor: number } | { readonly type: 'stopped' };
