import autocannon, { type Result } from 'autocannon';
import type { RequestSource } from './body-pool.js';

export interface LoadOptions {
  /** Base URL of the server, without a path. */
  readonly url: string;
  readonly pool: RequestSource;
  readonly connections: number;
  readonly seconds: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** What one autocannon run measured; latencies of 2xx answers only. */
export interface LoadResult {
  readonly seconds: number;
  /** Events acknowledged with a 2xx. */
  readonly events: number;
  readonly requestsPerSecond: number;
  /** Events acknowledged with a 2xx, per second. */
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Non-2xx answers, socket errors and timeouts: a valid measurement has none. */
  readonly failures: number;
  readonly statusCodes: Readonly<Record<string, number>>;
}

function summarize(result: Result, eventsPerRequest: number): LoadResult {
  const ok = result['2xx'];
  return {
    seconds: result.duration,
    events: ok * eventsPerRequest,
    requestsPerSecond: ok / result.duration,
    eventsPerSecond: (ok * eventsPerRequest) / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    failures: result.non2xx + result.errors + result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
    ),
  };
}

/**
 * Posts the pool's bodies in turn over keep-alive connections, as fast as the server answers (one request in flight
 * per connection), with autocannon, from this process. Each request takes the next body, so no messageId repeats.
 */
export async function runSaturatingLoad(options: LoadOptions): Promise<LoadResult> {
  const { pool } = options;
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { ...options.headers },
    connections: options.connections,
    duration: options.seconds,
    // 30 s: a stalled server shows as slow answers in the histogram rather than as timeouts.
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const next = pool.take();
          request.path = next.path;
          request.body = next.body;
          return request;
        },
      },
    ],
  });
  return summarize(result, pool.eventsPerRequest);
}
