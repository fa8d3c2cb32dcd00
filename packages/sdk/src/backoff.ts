/** When to try again after a failed upload. */
export interface RetryOptions {
  /** The first retry waits up to this long (ms); each further one up to twice as long. Default 1000. */
  readonly baseDelayMs?: number;
  /** The longest wait between tries (ms). Default 60,000. */
  readonly maxDelayMs?: number;
}

export const DEFAULT_RETRY = { baseDelayMs: 1000, maxDelayMs: 60_000 } as const;

/** The longest Retry-After the SDK honours as given (ms): a server asking for more is asked again after this. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * "Full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): a random wait in
 * [0, min(max, base × 2^attempt)), so that thousands of phones coming back online do not retry in step.
 * `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(attempt: number, options: RetryOptions = {}, random: () => number = Math.random): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * A Retry-After header (RFC 9110 §10.2.3: seconds, or an HTTP date) in ms from `now`; null when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** Whether an upload answered with this status may succeed later: 429 and 5xx. Other 4xx never will. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
