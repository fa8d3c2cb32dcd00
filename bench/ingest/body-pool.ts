import type { SegmentMessage, ShopTraffic } from './shop-traffic.js';

/** One request of the load: the path to post to and its JSON body. */
export interface PooledRequest {
  readonly path: string;
  readonly body: Buffer;
}

/** Where a load takes its requests from, one after another. */
export interface RequestSource {
  /** What one request counts for in the results' `events` (events of a batch; 1 for other requests). */
  readonly eventsPerRequest: number;
  take(): PooledRequest;
}

interface Entry extends PooledRequest {
  /** Byte offsets of the first character of each messageId (a UUID) in `body`. */
  readonly stamps: readonly number[];
}

const ID_KEY = '"messageId":"';
const singlePaths: Readonly<Record<string, string>> = {
  track: '/v1/track',
  page: '/v1/page',
  identify: '/v1/identify',
};

function entry(path: string, json: string, ids: readonly string[]): Entry {
  const body = Buffer.from(json, 'utf8');
  let from = 0;
  const stamps = ids.map((id) => {
    const at = body.indexOf(ID_KEY + id, from);
    if (at < 0) throw new Error(`messageId ${id} not found in its body`);
    from = at + ID_KEY.length;
    return from;
  });
  return { path, body, stamps };
}

/**
 * Request bodies built once, before any measurement, so that the load generator does not measure its own JSON
 * building. Bodies are reused in turn; each reuse writes the round number over the first 8 hex digits of every
 * messageId (in place, a few bytes per event), so that no messageId is ever sent twice: the other 90 random bits of
 * each UUID keep them apart within a round.
 */
export class BodyPool {
  readonly eventsPerRequest: number;
  readonly #entries: readonly Entry[];
  #next = 0;
  #round = 0;

  private constructor(entries: readonly Entry[], eventsPerRequest: number) {
    this.#entries = entries;
    this.eventsPerRequest = eventsPerRequest;
  }

  /** `requests` bodies of POST /v1/batch, each with `eventsPerBatch` messages. */
  static batches(traffic: ShopTraffic, options: { requests: number; eventsPerBatch: number }): BodyPool {
    const now = new Date();
    const entries = Array.from({ length: options.requests }, () => {
      const batch = Array.from({ length: options.eventsPerBatch }, () => traffic.next(now));
      return entry('/v1/batch', JSON.stringify({ batch, sentAt: now.toISOString() }), batch.map(idOf));
    });
    return new BodyPool(entries, options.eventsPerBatch);
  }

  /** `requests` bodies of single messages, each posted to the endpoint of its type (/v1/track, /v1/page, …). */
  static singles(traffic: ShopTraffic, options: { requests: number }): BodyPool {
    const now = new Date();
    const entries = Array.from({ length: options.requests }, () => {
      const message = traffic.next(now);
      const path = singlePaths[String(message['type'])] ?? '/v1/track';
      return entry(path, JSON.stringify({ ...message, sentAt: now.toISOString() }), [idOf(message)]);
    });
    return new BodyPool(entries, 1);
  }

  /** The next request, its messageIds stamped with the current round. */
  take(): PooledRequest {
    const e = this.#entries[this.#next]!;
    const stamp = this.#round.toString(16).padStart(8, '0');
    for (const at of e.stamps) e.body.write(stamp, at, 'latin1');
    if (++this.#next === this.#entries.length) {
      this.#next = 0;
      this.#round++;
    }
    return e;
  }

  /** Mean body size in bytes. */
  meanBytes(): number {
    return this.#entries.reduce((sum, e) => sum + e.body.length, 0) / this.#entries.length;
  }

  /** The bodies as they are now, for building the same rows elsewhere. */
  bodies(): readonly Buffer[] {
    return this.#entries.map((e) => e.body);
  }
}

function idOf(message: SegmentMessage): string {
  return String(message['messageId']);
}
