import { hash } from 'node:crypto';
import {
  messageSchemas,
  messageTypes,
  type ErrorCode,
  type EventFlag,
  type MessageType,
} from '@rapport/contracts';
import { pointerSegment, findJsonProblems, stringifyDeep } from './safe-json.js';
import { compileSchema, type SchemaCheck } from './schema-problems.js';
import { eventTimes, parseIsoTime, timeFlags, type TimeRules } from './timestamps.js';

export interface ItemProblem {
  readonly code: ErrorCode;
  readonly path: string;
  readonly message: string;
}

export interface IngestLimits extends TimeRules {
  /** Largest event, as JSON (without `sentAt` and `writeKey`), after decompression. */
  readonly maxEventBytes: number;
  readonly maxDepth: number;
}

/** What a message is sent with, besides the message itself. */
export interface MessageEnvelope {
  /** The type the endpoint implies (`/v1/track`); absent for batches, whose items name their own. */
  readonly endpointType?: MessageType | undefined;
  readonly receivedAt: number;
  /** `receivedAt` as stored (ISO 8601), made once per request rather than once per event. */
  readonly receivedAtText?: string;
  /** Batch-level `sentAt`, `context` and `integrations`, which apply to every item. */
  readonly batchSentAt?: unknown;
  readonly batchContext?: Record<string, unknown> | undefined;
  readonly batchIntegrations?: Record<string, unknown> | undefined;
  readonly isImport: boolean;
  readonly newMessageId: () => string;
  /** False when the request's text has no `\u` escape: then no string can hold a NUL or a lone surrogate. */
  readonly checkStrings?: boolean;
}

/** The identifiers of a message, as far as they could be read, kept with a rejected payload for export and erasure. */
export interface MessageIds {
  readonly messageId: string | null;
  readonly userId: string | null;
  readonly anonymousId: string | null;
}

export type NormalizedMessage =
  | {
      readonly ok: true;
      readonly messageId: string;
      readonly ids: MessageIds;
      /** The stored message, as JSON. */
      readonly payload: string;
      /** Hash of the message without its transport fields: the same message sent again has the same hash. */
      readonly payloadHash: string;
      readonly flags: readonly EventFlag[];
    }
  | { readonly ok: false; readonly problems: readonly ItemProblem[]; readonly ids: MessageIds; readonly json: string };

// Compiled on first use: only the thread that checks messages needs them, and compiling costs start-up time.
let compiled: Record<MessageType, SchemaCheck> | undefined;
const checks = (): Record<MessageType, SchemaCheck> =>
  (compiled ??= Object.fromEntries(messageTypes.map((t) => [t, compileSchema(messageSchemas[t])])) as Record<MessageType, SchemaCheck>);
const typeSet = new Set<string>(messageTypes);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A userId, anonymousId, previousId or groupId: numbers become strings, empty strings nothing. */
function identifier(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value !== '') return value;
  return null;
}

function readIds(item: Record<string, unknown>): MessageIds {
  return {
    messageId: typeof item['messageId'] === 'string' ? item['messageId'] : null,
    userId: identifier(item['userId']),
    anonymousId: identifier(item['anonymousId']),
  };
}

function fail(item: unknown, problems: ItemProblem[]): NormalizedMessage {
  const ids = isPlainObject(item) ? readIds(item) : { messageId: null, userId: null, anonymousId: null };
  return { ok: false, problems, ids, json: stringifyDeep(item) };
}

function readTime(field: string, value: unknown, problems: ItemProblem[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? parseIsoTime(value) : undefined;
  if (ms === undefined) problems.push({ code: 'ERR_INGEST_INVALID_TIMESTAMP', path: `/${field}`, message: `${field} must be an ISO 8601 date-time` });
  return ms;
}

/** ISO 8601 as Date#toISOString writes it. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A time as stored, in JSON: the sender's text when it is already what toISOString would write (Segment libraries send
 * that), which saves formatting it again for every event.
 */
function isoText(ms: number, given?: unknown): string {
  return typeof given === 'string' && CANONICAL.test(given) ? `"${given}"` : `"${new Date(ms).toISOString()}"`;
}

/**
 * Checks one message and turns it into what Rapport stores: the sender's fields (unknown ones included), the batch's
 * context merged in, a messageId (assigned when missing), `receivedAt`, `originalTimestamp`, `sentAt` and the
 * skew-corrected `timestamp`. Every problem found is reported with its JSON Pointer path.
 *
 * This runs for every event, so the message is serialized once: the sender's fields without the time fields, to
 * which the server's time fields are appended as text.
 */
export function normalizeMessage(raw: unknown, envelope: MessageEnvelope, limits: IngestLimits): NormalizedMessage {
  if (!isPlainObject(raw)) return fail(raw, [{ code: 'ERR_INGEST_INVALID_EVENT', path: '', message: 'an event must be a JSON object' }]);
  const unsafe = findJsonProblems(raw, { maxDepth: limits.maxDepth, checkStrings: envelope.checkStrings ?? true });
  if (unsafe.length > 0) return fail(raw, unsafe);

  const type = envelope.endpointType ?? raw['type'];
  if (typeof type !== 'string' || !typeSet.has(type)) {
    return fail(raw, [{ code: 'ERR_INGEST_UNKNOWN_TYPE', path: '/type', message: `type must be one of ${messageTypes.join(', ')}` }]);
  }
  const messageType = type as MessageType;

  // The sender's message without the transport fields (writeKey, sentAt) and the time fields the server writes.
  const { sentAt: sentAtValue, writeKey: _writeKey, timestamp: timestampValue, originalTimestamp: originalValue, receivedAt: _receivedAt, ...message } = raw;
  message['type'] = messageType;
  if (envelope.batchContext !== undefined) {
    message['context'] = { ...envelope.batchContext, ...(isPlainObject(message['context']) ? message['context'] : {}) };
  }
  if (envelope.batchIntegrations !== undefined && (message['integrations'] === undefined || isPlainObject(message['integrations']))) {
    message['integrations'] = { ...envelope.batchIntegrations, ...(message['integrations'] as Record<string, unknown> | undefined) };
  }
  // The time fields are checked below, by readTime; the compiled schema checks the rest (problems only on failure).
  const schema = checks()[messageType];
  const problems: ItemProblem[] = schema.check(message) ? [] : schema.problems(message).map((p) => ({ code: 'ERR_INGEST_INVALID_EVENT' as const, ...p }));
  if (problems.length > 0) return fail(raw, problems);

  const userId = identifier(message['userId']);
  const anonymousId = identifier(message['anonymousId']);
  if (messageType === 'alias' ? userId === null : userId === null && anonymousId === null) {
    problems.push({
      code: 'ERR_INGEST_MISSING_IDENTITY',
      path: messageType === 'alias' ? '/userId' : '',
      message: messageType === 'alias' ? 'alias needs a userId' : 'an event needs a userId or an anonymousId',
    });
  }
  const original = readTime('originalTimestamp', originalValue, problems) ?? readTime('timestamp', timestampValue, problems);
  const sentAt = readTime('sentAt', sentAtValue ?? envelope.batchSentAt, problems);
  if (problems.length > 0) return fail(raw, problems);
  // An import's messages happened long before they arrive: their sentAt says nothing about the clock of a device now.
  const times = eventTimes({ original, sentAt: envelope.isImport ? undefined : sentAt, receivedAt: envelope.receivedAt });
  if (times === undefined) {
    return fail(raw, [{ code: 'ERR_INGEST_INVALID_TIMESTAMP', path: '/sentAt', message: 'timestamp and sentAt give a time outside the calendar' }]);
  }

  // Identifiers given as numbers are stored as strings.
  for (const field of ['userId', 'anonymousId', 'previousId', 'groupId'] as const) {
    if (typeof message[field] === 'number') message[field] = identifier(message[field]);
  }
  const json = JSON.stringify(message);
  if (Buffer.byteLength(json) > limits.maxEventBytes) {
    return fail(raw, [{ code: 'ERR_INGEST_EVENT_TOO_LARGE', path: '', message: `event is larger than ${limits.maxEventBytes} bytes` }]);
  }
  const given = typeof message['messageId'] === 'string' ? message['messageId'] : undefined;
  const messageId = given ?? envelope.newMessageId();
  const originalGiven = originalValue ?? timestampValue;
  let tail = given === undefined ? `,"messageId":${JSON.stringify(messageId)}` : '';
  if (times.originalTimestamp !== undefined) tail += `,"originalTimestamp":${isoText(times.originalTimestamp, originalGiven)}`;
  if (sentAt !== undefined) tail += `,"sentAt":${isoText(sentAt, sentAtValue ?? envelope.batchSentAt)}`;
  const timestampText = times.timestamp === times.originalTimestamp ? isoText(times.timestamp, originalGiven) : isoText(times.timestamp);
  tail += `,"timestamp":${timestampText},"receivedAt":${envelope.receivedAtText === undefined ? isoText(envelope.receivedAt) : `"${envelope.receivedAtText}"`}`;

  return {
    ok: true,
    messageId,
    ids: { messageId, userId, anonymousId },
    payload: `${json.slice(0, -1)}${tail}}`,
    // The same message sent again (a retry, with a new sentAt) hashes the same; a different event time does not.
    payloadHash: hash('sha256', `${json}\n${original ?? ''}`, 'base64url'),
    flags: timeFlags(times.timestamp, envelope.receivedAt, limits, envelope.isImport),
  };
}

/** Prefixes the path of each problem with the item's position in a batch. */
export function inBatch(index: number, problems: readonly ItemProblem[]): { index: number; code: ErrorCode; path: string; message: string }[] {
  return problems.map((p) => ({ index, code: p.code, path: `/batch/${pointerSegment(index)}${p.path}`, message: p.message }));
}
