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
  /** Batch-level `sentAt`, `context` and `integrations`, which apply to every item. */
  readonly batchSentAt?: unknown;
  readonly batchContext?: Record<string, unknown> | undefined;
  readonly batchIntegrations?: Record<string, unknown> | undefined;
  readonly isImport: boolean;
  readonly newMessageId: () => string;
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

const checks = Object.fromEntries(messageTypes.map((t) => [t, compileSchema(messageSchemas[t])])) as Record<MessageType, SchemaCheck>;
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

function readTime(item: Record<string, unknown>, field: string, problems: ItemProblem[], value: unknown = item[field]): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? parseIsoTime(value) : undefined;
  if (ms === undefined) problems.push({ code: 'ERR_INGEST_INVALID_TIMESTAMP', path: `/${field}`, message: `${field} must be an ISO 8601 date-time` });
  return ms;
}

/**
 * Checks one message and turns it into what Rapport stores: the sender's fields (unknown ones included), the batch's
 * context merged in, a messageId (assigned when missing), `receivedAt`, `originalTimestamp`, `sentAt` and the
 * skew-corrected `timestamp`. Every problem found is reported with its JSON Pointer path.
 */
export function normalizeMessage(raw: unknown, envelope: MessageEnvelope, limits: IngestLimits): NormalizedMessage {
  if (!isPlainObject(raw)) return fail(raw, [{ code: 'ERR_INGEST_INVALID_EVENT', path: '', message: 'an event must be a JSON object' }]);
  const unsafe = findJsonProblems(raw, { maxDepth: limits.maxDepth });
  if (unsafe.length > 0) return fail(raw, unsafe);

  const type = envelope.endpointType ?? raw['type'];
  if (typeof type !== 'string' || !typeSet.has(type)) {
    return fail(raw, [{ code: 'ERR_INGEST_UNKNOWN_TYPE', path: '/type', message: `type must be one of ${messageTypes.join(', ')}` }]);
  }
  const messageType = type as MessageType;

  // The message as the sender meant it: batch defaults merged, transport fields (sentAt, writeKey) left out.
  const { sentAt: itemSentAt, writeKey: _writeKey, ...message } = raw;
  message['type'] = messageType;
  if (envelope.batchContext !== undefined || isPlainObject(message['context'])) {
    message['context'] = { ...envelope.batchContext, ...(isPlainObject(message['context']) ? message['context'] : {}) };
  }
  if (envelope.batchIntegrations !== undefined && (message['integrations'] === undefined || isPlainObject(message['integrations']))) {
    message['integrations'] = { ...envelope.batchIntegrations, ...(message['integrations'] as Record<string, unknown> | undefined) };
  }
  const json = JSON.stringify(message);
  if (Buffer.byteLength(json) > limits.maxEventBytes) {
    return fail(raw, [{ code: 'ERR_INGEST_EVENT_TOO_LARGE', path: '', message: `event is larger than ${limits.maxEventBytes} bytes` }]);
  }

  const problems: ItemProblem[] = checks[messageType].problems(message).map((p) => ({ code: 'ERR_INGEST_INVALID_EVENT' as const, ...p }));
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
  const original = readTime(message, 'originalTimestamp', problems) ?? readTime(message, 'timestamp', problems);
  const sentAt = readTime(message, 'sentAt', problems, itemSentAt ?? envelope.batchSentAt);
  if (problems.length > 0) return fail(raw, problems);
  // An import's messages happened long before they arrive: their sentAt says nothing about the clock of a device now.
  const times = eventTimes({ original, sentAt: envelope.isImport ? undefined : sentAt, receivedAt: envelope.receivedAt });
  if (times === undefined) {
    return fail(raw, [{ code: 'ERR_INGEST_INVALID_TIMESTAMP', path: '/sentAt', message: 'timestamp and sentAt give a time outside the calendar' }]);
  }

  const messageId = typeof message['messageId'] === 'string' ? message['messageId'] : envelope.newMessageId();
  const stored: Record<string, unknown> = { ...message, messageId };
  if (userId !== null) stored['userId'] = userId;
  if (anonymousId !== null) stored['anonymousId'] = anonymousId;
  for (const field of ['previousId', 'groupId'] as const) {
    const id = identifier(message[field]);
    if (id !== null) stored[field] = id;
  }
  if (times.originalTimestamp !== undefined) stored['originalTimestamp'] = new Date(times.originalTimestamp).toISOString();
  if (sentAt !== undefined) stored['sentAt'] = new Date(sentAt).toISOString();
  stored['timestamp'] = new Date(times.timestamp).toISOString();
  stored['receivedAt'] = new Date(envelope.receivedAt).toISOString();

  return {
    ok: true,
    messageId,
    ids: { messageId, userId, anonymousId },
    payload: JSON.stringify(stored),
    payloadHash: hash('sha256', json, 'base64url'),
    flags: timeFlags(times.timestamp, envelope.receivedAt, limits, envelope.isImport),
  };
}

/** Prefixes the path of each problem with the item's position in a batch. */
export function inBatch(index: number, problems: readonly ItemProblem[]): { index: number; code: ErrorCode; path: string; message: string }[] {
  return problems.map((p) => ({ index, code: p.code, path: `/batch/${pointerSegment(index)}${p.path}`, message: p.message }));
}
