import { host, type HostFetchInit } from './host.js';

/** One HTTP request of the SDK. */
export interface TransportRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: string;
  /** `text/plain` for events (no CORS preflight), `application/json` for the other endpoints. */
  readonly contentType?: string;
  /** Abort after this long; the SDK also stops waiting then, whatever the transport does. */
  readonly timeoutMs: number;
  /** Let the request outlive the page (fetch's keepalive), for small bodies sent as the page goes away. */
  readonly keepalive?: boolean;
}

/** An HTTP answer, whatever its status. */
export interface TransportResponse {
  readonly status: number;
  readonly body: string;
  /** The Retry-After header, as sent. */
  readonly retryAfter: string | null;
}

/**
 * How the SDK talks to Rapport. The default uses `fetch` and `navigator.sendBeacon`; React Native's fetch fits, and
 * tests (or apps with their own HTTP stack) pass their own.
 */
export interface Transport {
  /** Resolves with any HTTP answer; rejects on a network failure or a timeout. */
  request(request: TransportRequest): Promise<TransportResponse>;
  /**
   * Hands a POST to the browser to deliver after the page has gone (navigator.sendBeacon, `text/plain`). True when it
   * was accepted for delivery. Absent where there is no such thing (React Native).
   */
  beacon?(url: string, body: string): boolean;
}

/** The default transport: the platform's fetch (with a timeout) and, in browsers, navigator.sendBeacon. */
export function fetchTransport(): Transport {
  const transport: Transport = {
    async request(request) {
      const fetch = host().fetch;
      if (fetch === undefined) throw new Error('no fetch on this platform: pass a transport');
      const Abort = host().AbortController;
      const controller = Abort === undefined ? undefined : new Abort();
      const timer = host().setTimeout(() => controller?.abort(), request.timeoutMs);
      const init: HostFetchInit = {
        method: request.method,
        headers: request.contentType === undefined ? {} : { 'content-type': request.contentType },
        // Cookies are neither needed nor wanted: the write key and the ids say who is asking.
        credentials: 'omit',
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(controller === undefined ? {} : { signal: controller.signal }),
        ...(request.keepalive === true ? { keepalive: true } : {}),
      };
      try {
        const response = await fetch(request.url, init);
        return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
      } finally {
        host().clearTimeout(timer);
      }
    },
  };
  const navigator = host().navigator;
  if (typeof navigator?.sendBeacon === 'function') transport.beacon = (url, body) => navigator.sendBeacon!(url, body);
  return transport;
}
