import { failureOf, type SdkError } from './failure.js';
import { host } from './host.js';
import type { Transport, TransportResponse } from './transport.js';

/** A call's answer, or why there is none: the SDK never throws into the host page. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SdkError };

/** Where and how the SDK reaches the server. */
export interface Endpoint {
  /** The server's origin, without a trailing slash (https://rapport.shop.example). */
  readonly host: string;
  readonly writeKey: string;
  readonly transport: Transport;
}

/** A JSON request to one of the personalization endpoints (decide, recommendations, messages, location, why). */
export interface JsonCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** GET: the query; values left undefined are not sent. */
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** POST: the body (the write key is added). */
  readonly body?: Readonly<Record<string, unknown>>;
  readonly timeoutMs: number;
}

class Timeout extends Error {}

/**
 * Sends a request through the transport and stops waiting after `timeoutMs`, whatever the transport does: a page must
 * never wait long for personalization.
 */
export function withTimeout(transport: Transport, request: Parameters<Transport['request']>[0]): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    const timer = host().setTimeout(() => reject(new Timeout(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    const settle = <A>(f: (a: A) => void) => (a: A) => {
      host().clearTimeout(timer);
      f(a);
    };
    try {
      transport.request(request).then(settle(resolve), settle(reject));
    } catch (e) {
      settle(reject)(e);
    }
  });
}

/** The SdkError of a failed request: a timeout, a network failure, or an HTTP error with the server's code. */
export function requestFailure(cause: unknown): SdkError {
  return failureOf(cause instanceof Timeout ? 'timeout' : 'network', cause);
}

/** The SdkError of an HTTP error answer (`{ code, message }` from Rapport). */
export function httpFailure(response: TransportResponse): SdkError {
  let code: string | undefined;
  let message = `HTTP ${response.status}`;
  try {
    const body = JSON.parse(response.body) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return { reason: 'http', status: response.status, message, ...(code === undefined ? {} : { code }) };
}

/**
 * A JSON call with the write key: in the body for POSTs (so that no Authorization header is needed) and in the query
 * for GETs (which then need no CORS preflight at all).
 */
export async function callJson<T>(endpoint: Endpoint, call: JsonCall): Promise<Outcome<T>> {
  let url = `${endpoint.host}${call.path}`;
  if (call.method === 'GET') {
    const params: Record<string, string | number | undefined> = { ...call.query, writeKey: endpoint.writeKey };
    const query = Object.entries(params)
      .filter((e): e is [string, string | number] => e[1] !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    url += `?${query.join('&')}`;
  }
  let response: TransportResponse;
  try {
    response = await withTimeout(endpoint.transport, {
      method: call.method,
      url,
      timeoutMs: call.timeoutMs,
      ...(call.method === 'POST' ? { body: JSON.stringify({ ...call.body, writeKey: endpoint.writeKey }), contentType: 'application/json' } : {}),
    });
  } catch (e) {
    return { ok: false, error: requestFailure(e) };
  }
  if (response.status < 200 || response.status >= 300) return { ok: false, error: httpFailure(response) };
  try {
    return { ok: true, value: (response.body === '' ? {} : JSON.parse(response.body)) as T };
  } catch (e) {
    return { ok: false, error: failureOf('http', e) };
  }
}
