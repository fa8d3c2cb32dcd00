import { isUtf8 } from 'node:buffer';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { ErrorCode } from '@rapport/contracts';

export interface BodyHeaders {
  readonly contentType?: string | undefined;
  readonly contentEncoding?: string | undefined;
}

export type DecodedBody =
  | { readonly ok: true; readonly value: unknown; readonly bytes: Buffer }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string; readonly bytes: Buffer; readonly totalBytes: number };

/**
 * Media types ingestion accepts: JSON, and `text/plain`, which `navigator.sendBeacon` and analytics.js use to avoid a
 * CORS preflight.
 */
export function isAcceptedMediaType(contentType: string | undefined): boolean {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  return media === 'application/json' || media === 'text/plain' || (media?.endsWith('+json') ?? false);
}

function decompress(raw: Buffer, encoding: string, maxBytes: number): Buffer {
  // maxOutputLength stops a gzip bomb after one byte more than the limit, before it takes memory.
  const options = { maxOutputLength: maxBytes + 1 };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(raw, options);
    case 'deflate':
      return inflateSync(raw, options);
    case 'br':
      return brotliDecompressSync(raw, options);
    default:
      return raw;
  }
}

const encodings = new Set(['', 'identity', 'gzip', 'x-gzip', 'deflate', 'br']);

/** V8's JSON.parse messages quote the payload; keep only the position. */
function jsonErrorMessage(error: unknown): string {
  const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined ? 'body is not valid JSON' : `body is not valid JSON (error at character ${position})`;
}

/**
 * Turns the bytes of a request into a JSON value, refusing what is not JSON, and measuring the size after
 * decompression. On failure it returns the bytes to keep with the reason (decompressed when that worked).
 */
export function decodeBody(raw: Buffer, headers: BodyHeaders, maxBytes: number): DecodedBody {
  const fail = (code: ErrorCode, message: string, bytes: Buffer, totalBytes = bytes.length): DecodedBody => ({
    ok: false,
    code,
    message,
    bytes,
    totalBytes,
  });
  if (!isAcceptedMediaType(headers.contentType)) {
    return fail('ERR_INGEST_UNSUPPORTED_MEDIA_TYPE', `Content-Type ${JSON.stringify(headers.contentType ?? '')} is not accepted; send application/json`, raw);
  }
  const encoding = (headers.contentEncoding ?? '').trim().toLowerCase();
  if (!encodings.has(encoding)) {
    return fail('ERR_INGEST_UNSUPPORTED_ENCODING', `Content-Encoding ${JSON.stringify(encoding)} is not supported; use gzip, deflate or br`, raw);
  }
  let bytes: Buffer;
  try {
    bytes = decompress(raw, encoding, maxBytes);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      // The inflated size is unknown (inflating stopped at the limit): what is kept, and measured, is the body as received.
      return fail('ERR_INGEST_BODY_TOO_LARGE', `body is larger than ${maxBytes} bytes after decompression`, raw);
    }
    return fail('ERR_INGEST_CORRUPT_BODY', `body could not be decompressed as ${encoding}`, raw);
  }
  if (bytes.length > maxBytes) return fail('ERR_INGEST_BODY_TOO_LARGE', `body is larger than ${maxBytes} bytes after decompression`, bytes);
  if (!isUtf8(bytes)) return fail('ERR_INGEST_INVALID_UTF8', 'body is not valid UTF-8', bytes);
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail('ERR_INGEST_INVALID_JSON', 'body is empty', bytes);
  try {
    return { ok: true, value: JSON.parse(text) as unknown, bytes };
  } catch (error) {
    return fail('ERR_INGEST_INVALID_JSON', jsonErrorMessage(error), bytes);
  }
}

/** The write key of a body that could not be parsed, when it is plainly there; lets such payloads be kept. */
export function findWriteKeyInText(bytes: Buffer): string | undefined {
  const text = bytes.subarray(0, 64 * 1024).toString('utf8');
  return /"writeKey"\s*:\s*"([A-Za-z0-9_.-]{8,200})"/.exec(text)?.[1];
}
