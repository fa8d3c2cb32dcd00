import { httpStatusOf, shortEndpoints, messageTypes, type ErrorCode, type MessageType } from '@rapport/contracts';
import { uuidv7, type Clock, type ProblemDetail } from '@rapport/core';
import type { LogAppend } from '@rapport/storage';
import type { KeyService } from '../keys/index.js';
import type { EngineMetrics } from '../metrics/index.js';
import type { SuppressionList } from '../privacy/index.js';
import { decodeBody, findWriteKeyInText } from './body-decoder.js';
import type { EventLog } from './log-writer.js';
import { inBatch, normalizeMessage, type IngestLimits, type MessageEnvelope } from './message-normalizer.js';
import type { RejectedPayload, RejectedStore } from './rejected-store.js';
import { rawArrayItems } from './raw-items.js';
import { findJsonProblems } from './safe-json.js';

export interface IngestSettings extends IngestLimits {
  /** Largest request body, after decompression. */
  readonly maxBatchBytes: number;
}

/** An ingestion request as it came over HTTP. */
export interface IngestRequest {
  /** The last path segment: `batch`, `track`, …, or a short form (`b`, `t`, …). */
  readonly endpoint: string;
  readonly authorization?: string | undefined;
  readonly contentType?: string | undefined;
  readonly contentEncoding?: string | undefined;
  readonly body: Buffer;
}

export interface IngestAnswer {
  readonly status: number;
  readonly body: {
    success: boolean;
    code?: ErrorCode;
    message?: string;
    accepted?: number;
    details?: ProblemDetail[];
  };
}

/** Where events come from; imported ones are deduplicated for as long as they are kept. */
export type EventSource = 'http' | 'import' | 'admin';

export interface IngestResult {
  readonly accepted: number;
  /** Seqs of the accepted events in the log. */
  readonly seqs: readonly number[];
  /** Their messageIds (the sender's, or assigned), in the same order. */
  readonly messageIds: readonly string[];
  readonly problems: ProblemDetail[];
}

/** A request checked: the answer to give once its rows are durable in the log. */
export interface CheckedRequest {
  readonly answer: IngestAnswer;
  readonly rows: LogAppend[];
}

/** Messages checked: the rows to append, and what was wrong with the others (kept already, with their reason). */
export interface CheckedMessages {
  readonly rows: LogAppend[];
  readonly problems: ProblemDetail[];
}

export interface IngestDependencies {
  readonly keys: KeyService;
  /** The event log (a LogWriter, or in the ingestion thread the log's own thread); absent where nothing is appended. */
  readonly log?: EventLog;
  readonly rejected: RejectedStore;
  readonly suppressions: SuppressionList;
  readonly metrics: EngineMetrics;
  readonly clock: Clock;
  readonly settings: IngestSettings;
}

const BATCH_ENDPOINTS = new Set(['batch', 'b', 'import']);
const typeSet = new Set<string>(messageTypes);

/** The message type of an endpoint name, `batch`, or undefined for an unknown one. */
export function endpointKind(endpoint: string): MessageType | 'batch' | undefined {
  if (BATCH_ENDPOINTS.has(endpoint)) return 'batch';
  if (typeSet.has(endpoint)) return endpoint as MessageType;
  return shortEndpoints[endpoint];
}

/** The write key of HTTP Basic authentication (`writeKey:` as user name) or of a bearer token. */
function keyFromAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (value === undefined) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() !== 'basic') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const user = decoded.split(':', 1)[0];
  return user === undefined || user === '' ? undefined : user;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function answerError(code: ErrorCode, message: string, details?: ProblemDetail[]): IngestAnswer {
  return { status: httpStatusOf(code), body: { success: false, code, message, ...(details === undefined ? {} : { details }) } };
}

/** Ingestion, whether it runs in the request thread (IngestService) or in a worker (WorkerIngestion). */
export interface Ingestion {
  handle(request: IngestRequest): Promise<IngestAnswer>;
  ingestMessages(workspaceId: string, items: readonly unknown[], options: { source: EventSource; receivedAt?: number }): Promise<IngestResult>;
}

/**
 * The ingestion path: authenticate, decode, check each message, append the good ones to the durable log (group
 * commit), keep the bad ones with their reason, and answer as Segment does. A 2xx means every event is on disk.
 */
export class IngestService implements Ingestion {
  constructor(private readonly deps: IngestDependencies) {}

  async handle(request: IngestRequest): Promise<IngestAnswer> {
    return this.#answerOnceDurable(await this.check(request));
  }

  /**
   * Only the answer waits for the commit. Rows still referenced during the wait (a local of an async function is,
   * used or not) outlive young-generation collections and are copied to the old generation: under load that made the
   * collector ingestion's largest cost.
   */
  #answerOnceDurable({ answer, rows }: CheckedRequest): Promise<IngestAnswer> {
    return this.append(rows).then(() => answer);
  }

  /**
   * Everything but the append: authenticates, decodes and checks a request, keeps what it refuses, and returns the
   * rows to append with the answer to give once they are durable.
   */
  async check(request: IngestRequest): Promise<CheckedRequest> {
    const refused = (answer: IngestAnswer): CheckedRequest => ({ answer, rows: [] });
    const kind = endpointKind(request.endpoint);
    if (kind === undefined) return refused(answerError('ERR_ROUTE_NOT_FOUND', `unknown endpoint ${request.endpoint}`));
    const receivedAt = this.deps.clock.now();
    const { settings } = this.deps;
    // A single event's body may hold a little more than the event (writeKey, sentAt); the event is measured exactly below.
    const maxBytes = kind === 'batch' ? settings.maxBatchBytes : settings.maxEventBytes + 1024;
    const decoded = decodeBody(request.body, request, maxBytes);

    const key =
      keyFromAuthorization(request.authorization) ??
      (decoded.ok ? (isObject(decoded.value) && typeof decoded.value['writeKey'] === 'string' ? decoded.value['writeKey'] : undefined) : findWriteKeyInText(decoded.bytes));
    if (key === undefined) return refused(this.#unauthenticated('ERR_AUTH_MISSING_KEY', 'send the write key as the HTTP Basic user name or as writeKey in the body'));
    const auth = await this.deps.keys.authenticate(key);
    if (auth === undefined) return refused(this.#unauthenticated('ERR_AUTH_INVALID_KEY', 'the write key is unknown or revoked'));
    if (auth.kind !== 'write') return refused(this.#unauthenticated('ERR_AUTH_WRONG_KEY_KIND', 'ingestion takes a write key, not a secret key'));

    const endpoint = `/v1/${request.endpoint}`;
    const keepRequest = async (code: ErrorCode, message: string, body: Buffer, totalBytes?: number, details?: ProblemDetail[]): Promise<CheckedRequest> => {
      const finalCode = code === 'ERR_INGEST_BODY_TOO_LARGE' && kind !== 'batch' ? 'ERR_INGEST_EVENT_TOO_LARGE' : code;
      await this.deps.rejected.keep([
        {
          workspaceId: auth.workspaceId,
          receivedAt,
          endpoint,
          code: finalCode,
          message,
          details: details ?? [{ path: '', message }],
          contentType: request.contentType ?? null,
          body,
          ...(totalBytes === undefined ? {} : { totalBytes }),
          ids: { messageId: null, userId: null, anonymousId: null },
        },
      ]);
      this.deps.metrics.eventsRejected(finalCode, 1);
      return refused(answerError(finalCode, message, details));
    };
    if (!decoded.ok) return keepRequest(decoded.code, decoded.message, decoded.bytes, decoded.totalBytes);

    let items: unknown[];
    let envelope: MessageEnvelope;
    // Valid UTF-8 can hold a NUL or a lone surrogate only as a \u escape: without one, strings need no check.
    const checkStrings = decoded.bytes.includes('\\u');
    const base = { receivedAt, receivedAtText: new Date(receivedAt).toISOString(), isImport: false, newMessageId: () => uuidv7(receivedAt), checkStrings };
    if (kind === 'batch') {
      const body = decoded.value;
      if (!isObject(body) || !Array.isArray(body['batch'])) {
        return keepRequest('ERR_INGEST_INVALID_BATCH', 'a batch must be a JSON object with a "batch" array', decoded.bytes);
      }
      items = body['batch'];
      envelope = {
        ...base,
        batchSentAt: body['sentAt'],
        batchContext: isObject(body['context']) ? body['context'] : undefined,
        batchIntegrations: isObject(body['integrations']) ? body['integrations'] : undefined,
      };
      // The batch's context and integrations are merged into every event, so they pass the same checks as an event.
      const shared = findJsonProblems({ context: envelope.batchContext, integrations: envelope.batchIntegrations }, { maxDepth: settings.maxDepth, checkStrings });
      if (shared.length > 0) return keepRequest(shared[0]!.code, shared[0]!.message, decoded.bytes, undefined, shared);
    } else {
      items = [decoded.value];
      envelope = { ...base, endpointType: kind };
    }

    // A refused event is kept as it was sent — the request's bytes, or its item's text in a batch: re-serialized, a
    // 20-digit number or 1e400 would no longer be what was sent.
    let rawItems: { items: string[] | undefined } | undefined;
    const rawItem =
      kind === 'batch'
        ? (index: number) => {
            rawItems ??= { items: rawArrayItems(decoded.bytes.toString('utf8'), 'batch') };
            const text = rawItems.items?.[index];
            return text === undefined ? undefined : Buffer.from(text, 'utf8');
          }
        : () => decoded.bytes;
    const { rows, problems } = await this.#check(auth.workspaceId, items, envelope, { endpoint, source: 'http', contentType: request.contentType ?? null, rawItem });
    if (problems.length === 0) return { answer: { status: 200, body: { success: true } }, rows };
    const details = kind === 'batch' ? problems : problems.map((p) => ({ ...p, path: p.path.replace(/^\/batch\/0/, '') }));
    if (kind !== 'batch') {
      const first = details[0]!;
      return { answer: { status: httpStatusOf(first.code as ErrorCode), body: { success: false, code: first.code as ErrorCode, message: first.message, accepted: 0, details } }, rows };
    }
    // When every refused event has the same reason, that reason is the answer's code (and so its status: 413 for events
    // too large, 403 for erased people); mixed reasons answer 400 ERR_INGEST_SOME_EVENTS_REJECTED.
    const codes = new Set(details.map((d) => d.code));
    const code = codes.size === 1 ? ([...codes][0] as ErrorCode) : 'ERR_INGEST_SOME_EVENTS_REJECTED';
    return {
      answer: {
        status: httpStatusOf(code),
        body: {
          success: false,
          code,
          message: `${items.length - rows.length} of ${items.length} events were rejected; the other ${rows.length} were accepted`,
          accepted: rows.length,
          details,
        },
      },
      rows,
    };
  }

  /**
   * Ingests messages that did not come over HTTP (imports, events the admin API records) through the same checks and
   * the same durable log.
   */
  async ingestMessages(workspaceId: string, items: readonly unknown[], options: { source: EventSource; receivedAt?: number }): Promise<IngestResult> {
    const { rows, problems } = await this.checkMessages(workspaceId, items, options);
    return { accepted: rows.length, seqs: await this.append(rows), messageIds: rows.map((r) => r.messageId), problems };
  }

  /** `ingestMessages` but the append. */
  async checkMessages(workspaceId: string, items: readonly unknown[], options: { source: EventSource; receivedAt?: number }): Promise<CheckedMessages> {
    const receivedAt = options.receivedAt ?? this.deps.clock.now();
    return this.#check(
      workspaceId,
      items,
      { receivedAt, isImport: options.source === 'import', newMessageId: () => uuidv7(receivedAt) },
      { endpoint: options.source, source: options.source, contentType: 'application/json' },
    );
  }

  /** Appends checked rows to the durable log; resolves with their seqs once they are on disk. */
  async append(rows: readonly LogAppend[]): Promise<number[]> {
    if (rows.length === 0) return [];
    if (this.deps.log === undefined) throw new Error('this IngestService only checks: it has no event log');
    return this.deps.log.append(rows);
  }

  async #check(
    workspaceId: string,
    items: readonly unknown[],
    envelope: MessageEnvelope,
    origin: { endpoint: string; source: EventSource; contentType: string | null; rawItem?: (index: number) => Buffer | undefined },
  ): Promise<CheckedMessages> {
    const { settings, metrics } = this.deps;
    const rows: LogAppend[] = [];
    const rejected: RejectedPayload[] = [];
    const problems: ProblemDetail[] = [];
    let suppressed = 0;
    const anyoneErased = !this.deps.suppressions.isEmpty(workspaceId);
    items.forEach((item, index) => {
      const m = normalizeMessage(item, envelope, settings);
      const refused = m.ok && anyoneErased && this.deps.suppressions.isSuppressed(workspaceId, { ...m.ids, previousId: isObject(item) ? (item['previousId'] as string | undefined) : undefined });
      if (m.ok && !refused) {
        rows.push({
          workspaceId,
          messageId: m.messageId,
          receivedAt: envelope.receivedAt,
          source: origin.source,
          payload: m.payload,
          payloadHash: m.payloadHash,
          flags: m.flags.length === 0 ? null : m.flags.join(','),
        });
        return;
      }
      if (m.ok) {
        // An erased person's data is refused and, being theirs, not kept.
        suppressed++;
        problems.push(...inBatch(index, [{ code: 'ERR_INGEST_SUPPRESSED', path: '', message: 'this person asked for their data to be erased' }]));
        return;
      }
      const found = inBatch(index, m.problems);
      problems.push(...found);
      const first = m.problems[0]!;
      rejected.push({
        workspaceId,
        receivedAt: envelope.receivedAt,
        endpoint: origin.endpoint,
        code: first.code,
        message: first.message,
        details: m.problems.map((p) => ({ path: p.path, message: p.message, code: p.code })),
        contentType: origin.contentType,
        body: origin.rawItem?.(index) ?? Buffer.from(m.json, 'utf8'),
        ids: m.ids,
      });
    });
    await this.deps.rejected.keep(rejected);
    if (suppressed > 0) metrics.eventsSuppressed(suppressed);
    for (const r of rejected) metrics.eventsRejected(r.code, 1);
    return { rows, problems };
  }

  #unauthenticated(code: ErrorCode, message: string): IngestAnswer {
    // Not kept: without a valid key there is no workspace to keep it for, and keeping it would let anyone fill the disk.
    this.deps.metrics.eventsRejected(code, 1);
    return answerError(code, message);
  }
}
