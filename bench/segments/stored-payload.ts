import { isoTime } from './random.js';
import type { GeneratedEvent } from './sessions.js';

/**
 * The payload Rapport stores for a message sent without `sentAt` (as server-side libraries and some SDK batches send
 * them): what `normalizeMessage` (packages/engine/src/ingest/message-normalizer.ts) writes — the sender's fields in
 * their order without `timestamp`, then `originalTimestamp`, the skew-corrected `timestamp` (the same without
 * `sentAt`) and `receivedAt`. Written here directly because normalizing 20 million messages would take minutes;
 * verify-generator.ts checks that both agree.
 */
export function storedPayload(e: Pick<GeneratedEvent, 'json' | 'timestamp' | 'receivedAt'>): string {
  return `${e.json.slice(0, -1)},"originalTimestamp":"${e.timestamp}","timestamp":"${e.timestamp}","receivedAt":"${isoTime(e.receivedAt)}"}`;
}

/** The hash ingestion keeps with a messageId: of the message without its time fields, and its original time. */
export function payloadHashInput(e: Pick<GeneratedEvent, 'json' | 't'>): string {
  return `${e.json}\n${e.t}`;
}
