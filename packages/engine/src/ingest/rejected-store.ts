import { isUtf8 } from 'node:buffer';
import type { ProblemDetail } from '@rapport/core';
import { uuidv7 } from '@rapport/core';
import { parseJson, type Database, type RejectedRow, type Repositories } from '@rapport/storage';
import { decodeCursor, pageOf } from '../pagination/index.js';
import type { MessageIds } from './message-normalizer.js';

/** A payload refused with its reason, to be kept. */
export interface RejectedPayload {
  readonly workspaceId: string;
  readonly receivedAt: number;
  readonly endpoint: string;
  readonly code: string;
  readonly message: string;
  readonly details: readonly ProblemDetail[];
  readonly contentType: string | null;
  readonly body: Buffer;
  /** Size of the whole payload, when `body` holds only its start. */
  readonly totalBytes?: number;
  readonly ids: MessageIds;
}

/** How much of a payload is kept: all of anything within the limits, the first 64 KiB of anything beyond them. */
export const KEPT_BYTES = 64 * 1024;

export interface RejectedView {
  id: string;
  receivedAt: string;
  code: string;
  message: string;
  details: ProblemDetail[];
  endpoint: string;
  messageId: string | null;
  userId: string | null;
  anonymousId: string | null;
  contentType: string | null;
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  bodyBytes: number;
  truncated: boolean;
}

export function rejectedView(row: RejectedRow): RejectedView {
  const body = Buffer.from(row.body);
  const utf8 = isUtf8(body);
  return {
    id: row.id,
    receivedAt: new Date(row.received_at).toISOString(),
    code: row.code,
    message: row.message,
    details: parseJson<ProblemDetail[]>(row.details),
    endpoint: row.endpoint,
    messageId: row.message_id,
    userId: row.user_id,
    anonymousId: row.anonymous_id,
    contentType: row.content_type,
    body: utf8 ? body.toString('utf8') : body.toString('base64'),
    bodyEncoding: utf8 ? 'utf8' : 'base64',
    bodyBytes: row.body_bytes,
    truncated: row.truncated === 1,
  };
}

/**
 * Text as the database can store it: NUL and lone surrogates (often the very reason a payload was refused, and
 * repeated in its ids, paths and messages) become U+FFFD. PostgreSQL refuses them in text and jsonb; the body keeps
 * the bytes as received.
 */
function storable(text: string): string {
  return text.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

const storableOrNull = (text: string | null): string | null => (text === null ? null : storable(text));

/** Nothing rejected is dropped silently: every refused payload is kept here with its reason. */
export class RejectedStore {
  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
  ) {}

  async keep(payloads: readonly RejectedPayload[]): Promise<void> {
    if (payloads.length === 0) return;
    await this.repos.ingest.insertRejected(
      this.database.kysely,
      payloads.map((p) => {
        const totalBytes = p.totalBytes ?? p.body.length;
        const body = p.body.length > KEPT_BYTES && totalBytes > KEPT_BYTES && p.code.endsWith('TOO_LARGE') ? p.body.subarray(0, KEPT_BYTES) : p.body;
        return {
          id: uuidv7(p.receivedAt),
          workspace_id: p.workspaceId,
          received_at: p.receivedAt,
          endpoint: p.endpoint,
          code: p.code,
          message: storable(p.message),
          details: JSON.stringify(p.details.map((d) => ({ ...d, path: storable(d.path), message: storable(d.message) }))),
          content_type: storableOrNull(p.contentType),
          body,
          body_bytes: totalBytes,
          truncated: body.length < totalBytes ? 1 : 0,
          message_id: storableOrNull(p.ids.messageId),
          user_id: storableOrNull(p.ids.userId),
          anonymous_id: storableOrNull(p.ids.anonymousId),
        };
      }),
    );
  }

  async list(options: { workspaceId: string; code?: string | undefined; limit: number; cursor?: string | undefined }): Promise<{ items: RejectedView[]; nextCursor: string | null }> {
    const before = options.cursor === undefined ? undefined : decodeCursor<[number, string]>(options.cursor, ['number', 'string']);
    const rows = await this.repos.ingest.listRejected(this.database.kysely, {
      ...options,
      limit: options.limit + 1,
      before: before === undefined ? undefined : { receivedAt: before[0], id: before[1] },
    });
    return pageOf(rows, options.limit, rejectedView, (r) => [r.received_at, r.id]);
  }
}
