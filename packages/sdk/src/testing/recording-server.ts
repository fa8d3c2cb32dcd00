import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received. */
export interface Recorded {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** When it arrived (performance.now()). */
  readonly at: number;
}

/** How to answer: a status with a JSON body and headers, or `destroy` (the connection drops: a network failure). */
export type Reply = { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string>; readonly delayMs?: number } | 'destroy';

/** A local HTTP server that records what the SDK sends and answers as told. */
export interface RecordingServer {
  readonly url: string;
  readonly requests: Recorded[];
  /** Sets how requests are answered (default: 200 `{ success: true }`). */
  answer(handler: (request: Recorded, index: number) => Reply): void;
  /** Requests to a path (/v1/batch). */
  to(path: string): Recorded[];
  /** The events of every /v1/batch request, in order. */
  events(): Record<string, unknown>[];
  /** Resolves once `count` requests reached `path`; rejects after `timeoutMs`. */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<Recorded[]>;
  close(): Promise<void>;
}

/** Starts a recording server on a free port of 127.0.0.1. */
export async function recordingServer(): Promise<RecordingServer> {
  const requests: Recorded[] = [];
  let handler: (request: Recorded, index: number) => Reply = () => ({ status: 200, body: { success: true } });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const recorded: Recorded = { method: req.method ?? '', url: req.url ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() };
      requests.push(recorded);
      const reply = handler(recorded, requests.length - 1);
      if (reply === 'destroy') return void req.socket.destroy();
      const send = () => res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      if (reply.delayMs === undefined) send();
      else setTimeout(send, reply.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const to = (path: string) => requests.filter((r) => r.path === path);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answer: (h) => void (handler = h),
    to,
    events: () => to('/v1/batch').flatMap((r) => (JSON.parse(r.body) as { batch: Record<string, unknown>[] }).batch),
    async waitFor(path, count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (to(path).length < count) {
        if (Date.now() > deadline) throw new Error(`${to(path).length} of ${count} requests to ${path} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return to(path);
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
