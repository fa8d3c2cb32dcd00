import { Agent, request } from 'node:http';
import type { LoadOptions, LoadResult } from './load-test.js';
import { percentile } from './percentile.js';

/**
 * An open-loop load at a fixed rate: request i is due at start + i / rate, evenly spaced, whatever the answers to
 * the previous ones. Latency counts from when a request was due, so time spent waiting for a free connection counts
 * too (no coordinated omission).
 *
 * autocannon's `overallRate` is not used for this: each of its connections sends its share of a second back to back
 * as soon as the second begins, then idles, so the server sees bursts at full concurrency and the "half-load" p99 is
 * the saturated one (and its coordinated-omission correction assumes a 1 ms interval whatever the rate).
 */
export async function runPacedLoad(
  options: LoadOptions & { readonly requestsPerSecond: number },
): Promise<LoadResult> {
  const { pool, requestsPerSecond } = options;
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.max(1, Math.round(requestsPerSecond * options.seconds));
  const intervalMs = 1000 / requestsPerSecond;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let failures = 0;
  let pending = 0;
  let lastAnswer = 0;
  let sent = 0;

  const started = performance.now();
  await new Promise<void>((finished) => {
    const answered = (due: number, status: number | undefined): void => {
      lastAnswer = performance.now();
      if (status === undefined || status < 200 || status > 299) failures++;
      else latencies.push(lastAnswer - due);
      const code = String(status ?? 'error');
      statusCodes[code] = (statusCodes[code] ?? 0) + 1;
      if (--pending === 0 && sent === total) finished();
    };
    const send = (due: number): void => {
      // Taken now, written at once or when a connection frees up: well before the pool comes round to it again.
      const next = pool.take();
      pending++;
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: next.path,
          headers: { ...options.headers, 'content-length': String(next.body.length) },
        },
        (res) => {
          res.resume();
          res.on('end', () => answered(due, res.statusCode));
        },
      );
      req.on('error', () => answered(due, undefined));
      req.end(next.body);
    };
    const tick = (): void => {
      const now = performance.now();
      for (; sent < total && started + sent * intervalMs <= now; sent++) send(started + sent * intervalMs);
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * intervalMs - performance.now()));
    };
    tick();
  });
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const seconds = (lastAnswer - started) / 1000;
  const ok = latencies.length;
  return {
    seconds,
    events: ok * pool.eventsPerRequest,
    requestsPerSecond: ok / seconds,
    eventsPerSecond: (ok * pool.eventsPerRequest) / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? 0,
    failures,
    statusCodes,
  };
}
