import type { EventFlag } from '@rapport/contracts';

/** ISO 8601 calendar date, optionally with a time and an offset. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
/** The range of a JavaScript Date: ±100,000,000 days around 1970. */
const MAX_TIME = 8.64e15;

/**
 * Milliseconds of an ISO 8601 string; `undefined` for anything else. A date-time without an offset is read as UTC,
 * never as the server's local time.
 */
export function parseIsoTime(value: string): number | undefined {
  if (!ISO_8601.test(value)) return undefined;
  const withZone = value.length > 10 && !HAS_OFFSET.test(value) ? `${value}Z` : value;
  const ms = Date.parse(withZone.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : undefined;
}

export interface EventTimes {
  /** The skew-corrected event time. */
  readonly timestamp: number;
  readonly originalTimestamp: number | undefined;
  readonly sentAt: number | undefined;
}

export interface TimeRules {
  /** Events later than `receivedAt` + this are flagged `future_timestamp`. */
  readonly futureToleranceMs: number;
  /** Events earlier than `receivedAt` − this are flagged `old_timestamp` (not for imports, which are old by nature). */
  readonly oldAfterMs: number;
}

/**
 * Segment's clock-skew correction: when the sender says when it sent the message, the device clock's error is
 * `sentAt − receivedAt`, and `timestamp = receivedAt − (sentAt − originalTimestamp)`. Without `sentAt` the sender's
 * time is taken as is, and without either the time of receipt.
 */
export function eventTimes(times: { original?: number | undefined; sentAt?: number | undefined; receivedAt: number }): EventTimes | undefined {
  const { original, sentAt, receivedAt } = times;
  const timestamp = original === undefined ? receivedAt : sentAt === undefined ? original : receivedAt - (sentAt - original);
  if (!Number.isFinite(timestamp) || Math.abs(timestamp) > MAX_TIME) return undefined;
  return { timestamp, originalTimestamp: original, sentAt };
}

export function timeFlags(timestamp: number, receivedAt: number, rules: TimeRules, isImport: boolean): EventFlag[] {
  const flags: EventFlag[] = [];
  if (timestamp > receivedAt + rules.futureToleranceMs) flags.push('future_timestamp');
  if (!isImport && timestamp < receivedAt - rules.oldAfterMs) flags.push('old_timestamp');
  return flags;
}
