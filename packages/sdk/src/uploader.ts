import { httpFailure, requestFailure, withTimeout, type Endpoint } from './api-call.js';
import { backoffDelay, isRetryableStatus, retryAfterMs, type RetryOptions } from './backoff.js';
import { byteLength, type EventQueue, type SdkEvent } from './event-queue.js';
import type { SdkError } from './failure.js';
import { host } from './host.js';

/** At most this many events per request: a backlog of a week offline goes in a few requests, not hundreds. */
const MAX_BATCH_EVENTS = 100;
/** Bytes of JSON per request, under the server's 500 KiB default (RAPPORT_MAX_BATCH_BYTES). */
const MAX_BATCH_BYTES = 400_000;
/** Bytes per beacon: browsers refuse a sendBeacon once the page's beacons in flight pass 64 KiB. */
const MAX_BEACON_BYTES = 60_000;

export interface UploaderOptions {
  readonly endpoint: Endpoint;
  readonly queue: EventQueue;
  readonly flushAt: number;
  readonly flushIntervalMs: number;
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly onError: (error: SdkError) => void;
}

/** What a flush did. */
export interface FlushResult {
  /** Events the server acknowledged. */
  readonly sent: number;
  /** Events the server refused for good (a 4xx other than 429): never sent again. */
  readonly refused: number;
  /** Events still waiting (they will be tried again). */
  readonly pending: number;
  /** Why events are still waiting. */
  readonly error?: SdkError;
}

/**
 * Sends the queue to POST /v1/batch: when `flushAt` events wait or `flushIntervalMs` after the first; again after a
 * network failure, a 5xx or a 429 (after Retry-After, else after an exponential backoff with full jitter); never
 * again after another 4xx. Bodies are `text/plain` with the write key inside, as analytics.js sends them, so that a
 * browser needs no CORS preflight.
 */
export class Uploader {
  private timer: unknown = null;
  private retrying = false;
  private attempt = 0;
  private notBefore = 0;
  private running: Promise<FlushResult> | null = null;
  private closed = false;
  /** Events acknowledged, and refused for good, since the start. */
  readonly totals = { sent: 0, refused: 0 };

  constructor(private readonly options: UploaderOptions) {}

  private get url(): string {
    return `${this.options.endpoint.host}/v1/batch`;
  }

  private body(batch: readonly SdkEvent[]): string {
    return JSON.stringify({ batch, sentAt: new Date().toISOString(), writeKey: this.options.endpoint.writeKey });
  }

  /** An event was queued: send now if `flushAt` wait, else soon — unless a retry is already planned. */
  notify(): void {
    if (this.closed || this.retrying) return;
    if (this.options.queue.size >= this.options.flushAt) void this.flush();
    else if (this.timer === null) this.schedule(this.options.flushIntervalMs, false);
  }

  /** Sends everything queued; resolves once the queue is empty or a request failed (a retry is then planned). */
  flush(): Promise<FlushResult> {
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<FlushResult> {
    const { queue, endpoint } = this.options;
    this.cancel();
    let sent = 0;
    let refused = 0;
    const wait = this.notBefore - Date.now();
    if (wait > 0) {
      // The server asked to wait (429 with Retry-After): even an explicit flush does.
      this.schedule(wait, true);
      return { sent, refused, pending: queue.size, error: { reason: 'http', status: 429, message: `asked to wait ${Math.ceil(wait / 1000)} s` } };
    }
    while (queue.size > 0 && !this.closed) {
      const batch = queue.take(MAX_BATCH_EVENTS, MAX_BATCH_BYTES);
      let answer;
      try {
        answer = await withTimeout(endpoint.transport, { method: 'POST', url: this.url, body: this.body(batch), contentType: 'text/plain', timeoutMs: this.options.timeoutMs });
      } catch (e) {
        return this.failed(requestFailure(e), null, sent, refused);
      }
      if (answer.status >= 200 && answer.status < 300) {
        queue.remove(batch);
        sent += batch.length;
        this.totals.sent += batch.length;
        this.attempt = 0;
      } else if (isRetryableStatus(answer.status)) {
        return this.failed(httpFailure(answer), retryAfterMs(answer.retryAfter, Date.now()), sent, refused);
      } else {
        // Refused for good (the server keeps refused payloads with their reason, and a partial batch's good events
        // were accepted): sending it again could only be refused again.
        queue.remove(batch);
        refused += batch.length;
        this.totals.refused += batch.length;
        this.options.onError(httpFailure(answer));
      }
    }
    return { sent, refused, pending: queue.size };
  }

  private failed(error: SdkError, retryAfter: number | null, sent: number, refused: number): FlushResult {
    const delay = retryAfter ?? backoffDelay(this.attempt, this.options.retry);
    this.attempt++;
    if (retryAfter !== null) this.notBefore = Date.now() + retryAfter;
    if (!this.closed) this.schedule(delay, true);
    this.options.onError(error);
    return { sent, refused, pending: this.options.queue.size, error };
  }

  /**
   * The page is going away: hands the queue to the browser (sendBeacon), which delivers it after the page is gone.
   * Without a beacon (React Native), a last upload is started. Events also in a request in flight may arrive twice:
   * the server deduplicates them by messageId.
   */
  hide(): void {
    const { queue, endpoint } = this.options;
    const beacon = endpoint.transport.beacon;
    if (beacon === undefined) {
      if (queue.size > 0) void this.flush();
      return;
    }
    while (queue.size > 0) {
      const batch = queue.take(MAX_BATCH_EVENTS, MAX_BEACON_BYTES);
      const body = this.body(batch);
      // One event too large for a beacon stays queued for the next visit.
      if (byteLength(body) > MAX_BEACON_BYTES + 4000) return;
      let accepted = false;
      try {
        accepted = beacon(this.url, body);
      } catch {
        accepted = false;
      }
      if (!accepted) return;
      queue.remove(batch);
      this.totals.sent += batch.length;
    }
  }

  /** Stops the timers (the queue stays stored). */
  close(): void {
    this.closed = true;
    this.cancel();
  }

  private schedule(ms: number, retrying: boolean): void {
    this.cancel();
    this.retrying = retrying;
    this.timer = host().setTimeout(() => {
      this.timer = null;
      this.retrying = false;
      void this.flush();
    }, ms);
    // In Node.js (server rendering, tests), a pending upload must not keep the process alive.
    (this.timer as { unref?: () => void } | null)?.unref?.();
  }

  private cancel(): void {
    if (this.timer !== null) host().clearTimeout(this.timer);
    this.timer = null;
    this.retrying = false;
  }
}
