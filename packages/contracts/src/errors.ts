/**
 * Every error code Rapport answers with, declared once with its HTTP status and a description for
 * docs/errors.md (a test keeps that page in step). Codes are `ERR_<MODULE>_<DETAIL>`.
 */
export const errorCodes = [
  'ERR_REQUEST_INVALID',
  'ERR_REQUEST_INVALID_JSON',
  'ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE',
  'ERR_REQUEST_TOO_LARGE',
  'ERR_ROUTE_NOT_FOUND',
  'ERR_RATE_LIMITED',
  'ERR_INTERNAL',
  'ERR_SERVICE_UNAVAILABLE',
  'ERR_AUTH_MISSING_KEY',
  'ERR_AUTH_INVALID_KEY',
  'ERR_AUTH_WRONG_KEY_KIND',
  'ERR_AUTH_SCOPE_MISSING',
  'ERR_INGEST_UNSUPPORTED_MEDIA_TYPE',
  'ERR_INGEST_UNSUPPORTED_ENCODING',
  'ERR_INGEST_CORRUPT_BODY',
  'ERR_INGEST_INVALID_UTF8',
  'ERR_INGEST_INVALID_JSON',
  'ERR_INGEST_BODY_TOO_LARGE',
  'ERR_INGEST_INVALID_BATCH',
  'ERR_INGEST_SOME_EVENTS_REJECTED',
  'ERR_INGEST_EVENT_TOO_LARGE',
  'ERR_INGEST_INVALID_EVENT',
  'ERR_INGEST_UNKNOWN_TYPE',
  'ERR_INGEST_MISSING_IDENTITY',
  'ERR_INGEST_INVALID_TIMESTAMP',
  'ERR_INGEST_FORBIDDEN_KEY',
  'ERR_INGEST_INVALID_STRING',
  'ERR_INGEST_UNSAFE_INTEGER',
  'ERR_INGEST_TOO_DEEP',
  'ERR_INGEST_SUPPRESSED',
  'ERR_INGEST_MESSAGE_ID_CONFLICT',
  'ERR_PROFILE_NOT_FOUND',
  'ERR_CATALOG_PRODUCT_NOT_FOUND',
  'ERR_CATALOG_SOME_PRODUCTS_REJECTED',
  'ERR_GEOFENCE_NOT_FOUND',
  'ERR_GEOFENCE_KEY_TAKEN',
  'ERR_GEOFENCE_INVALID_SHAPE',
  'ERR_SEGMENT_NOT_FOUND',
  'ERR_SEGMENT_INVALID_RULE',
  'ERR_SEGMENT_NAME_TAKEN',
  'ERR_SEGMENT_IN_USE',
  'ERR_RECS_RECOMMENDER_NOT_FOUND',
  'ERR_RECS_NAME_TAKEN',
  'ERR_RECS_MODEL_NOT_FOUND',
  'ERR_RECS_BAD_PARAMS',
  'ERR_RECS_EVALUATION_NOT_FOUND',
  'ERR_KEY_NOT_FOUND',
  'ERR_KEY_LAST_ADMIN',
  'ERR_CONSENT_UNKNOWN_PURPOSE',
  'ERR_PRIVACY_SUBJECT_NOT_FOUND',
  'ERR_PRIVACY_REQUEST_NOT_FOUND',
  'ERR_WORKSPACE_INVALID_SETTINGS',
  'ERR_CONFIG_INVALID',
  'ERR_IMPORT_INVALID_INPUT',
  'ERR_STORAGE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorCodeInfo {
  /** The HTTP status the code is answered with; codes only used outside HTTP (CLI, stored reasons) still have one. */
  readonly status: number;
  readonly description: string;
}

/** The compiler forces this table complete: a new code without a status does not build. */
export const errorCatalog: Readonly<Record<ErrorCode, ErrorCodeInfo>> = {
  ERR_REQUEST_INVALID: {
    status: 400,
    description: 'The request body, query or path parameters do not match the documented schema; `details` lists each problem with its JSON Pointer path.',
  },
  ERR_REQUEST_INVALID_JSON: { status: 400, description: 'The request body is not valid JSON.' },
  ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The Content-Type is not one the route accepts (admin routes take `application/json`).' },
  ERR_REQUEST_TOO_LARGE: { status: 413, description: 'The request body is larger than the route accepts.' },
  ERR_ROUTE_NOT_FOUND: { status: 404, description: 'No route matches this method and path.' },
  ERR_RATE_LIMITED: { status: 429, description: 'Too many requests for this key; wait for the seconds given in `Retry-After`.' },
  ERR_INTERNAL: { status: 500, description: 'An unexpected failure; it is logged with the request id, which the answer repeats.' },
  ERR_SERVICE_UNAVAILABLE: { status: 503, description: 'The server is starting, shutting down or cannot reach its database.' },
  ERR_AUTH_MISSING_KEY: { status: 401, description: 'No key was given: ingestion takes a write key (HTTP Basic user or `writeKey` in the body), the admin API a secret key (`Authorization: Bearer`).' },
  ERR_AUTH_INVALID_KEY: { status: 401, description: 'The key is unknown or revoked.' },
  ERR_AUTH_WRONG_KEY_KIND: { status: 403, description: 'A write key was used on the admin API, or a secret key on an ingestion route.' },
  ERR_AUTH_SCOPE_MISSING: { status: 403, description: 'The secret key lacks the scope this route needs; `details` names it.' },
  ERR_INGEST_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'Ingestion takes `application/json` or `text/plain` (as sent by `navigator.sendBeacon`). The body is kept with this reason.' },
  ERR_INGEST_UNSUPPORTED_ENCODING: { status: 415, description: 'The Content-Encoding is not `gzip`, `deflate`, `br` or `identity`. The body is kept with this reason.' },
  ERR_INGEST_CORRUPT_BODY: { status: 400, description: 'The compressed body could not be decompressed. The body is kept with this reason.' },
  ERR_INGEST_INVALID_UTF8: { status: 400, description: 'The body is not valid UTF-8. The body is kept with this reason.' },
  ERR_INGEST_INVALID_JSON: { status: 400, description: 'The body is not valid JSON. The body is kept with this reason.' },
  ERR_INGEST_BODY_TOO_LARGE: { status: 413, description: 'The body is larger than the batch limit (500 KiB by default), measured after decompression; nothing in it was accepted. Bodies of up to twice the limit are kept (their first 64 KiB) with this reason; larger ones are refused unread and only counted.' },
  ERR_INGEST_INVALID_BATCH: { status: 400, description: 'A batch body must be an object with a `batch` array.' },
  ERR_INGEST_SOME_EVENTS_REJECTED: { status: 400, description: 'Events of the request were rejected for different reasons; `details` gives the index, path and code of each, and `accepted` how many others were accepted. When every rejected event has the same reason, the answer carries that code and its status instead.' },
  ERR_INGEST_EVENT_TOO_LARGE: { status: 413, description: 'One event is larger than the event limit (32 KiB by default), measured as JSON after decompression.' },
  ERR_INGEST_INVALID_EVENT: { status: 400, description: 'A field of the event has the wrong type or is missing (`details` gives its path).' },
  ERR_INGEST_UNKNOWN_TYPE: { status: 400, description: 'The event type is not one of track, identify, page, screen, group or alias.' },
  ERR_INGEST_MISSING_IDENTITY: { status: 400, description: 'The event has neither a `userId` nor an `anonymousId` (alias needs `userId` and `previousId`).' },
  ERR_INGEST_INVALID_TIMESTAMP: { status: 400, description: '`timestamp`, `originalTimestamp` or `sentAt` is not an ISO 8601 date-time.' },
  ERR_INGEST_FORBIDDEN_KEY: { status: 400, description: 'The event contains a `__proto__` key, or a `constructor` key holding `prototype`: keys that can alter objects that read it.' },
  ERR_INGEST_INVALID_STRING: { status: 400, description: 'A key or value contains a NUL character or a lone UTF-16 surrogate, which cannot be stored faithfully.' },
  ERR_INGEST_UNSAFE_INTEGER: { status: 400, description: 'A number is an integer beyond ±(2^53 − 1), where JSON numbers lose digits; send it as a string.' },
  ERR_INGEST_TOO_DEEP: { status: 400, description: 'Objects and arrays are nested deeper than the limit (32 levels by default).' },
  ERR_INGEST_SUPPRESSED: { status: 403, description: "The event belongs to a person whose data was erased; it is refused and, being that person's data, not kept." },
  ERR_INGEST_MESSAGE_ID_CONFLICT: { status: 409, description: 'Never answered: the reason given to a stored event that reused an earlier messageId with a different payload. The sender got 2xx; the event is kept aside, not processed.' },
  ERR_PROFILE_NOT_FOUND: { status: 404, description: 'No profile has this userId, anonymousId or profile id.' },
  ERR_CATALOG_PRODUCT_NOT_FOUND: { status: 404, description: 'No product has this id.' },
  ERR_CATALOG_SOME_PRODUCTS_REJECTED: { status: 400, description: 'Some products of a bulk upsert were invalid; `details` gives the index and path of each. The others were saved.' },
  ERR_GEOFENCE_NOT_FOUND: { status: 404, description: 'No geofence of this workspace has this id.' },
  ERR_GEOFENCE_KEY_TAKEN: { status: 409, description: 'Another geofence of the workspace has this key (segment rules and the SDK name geofences by key).' },
  ERR_GEOFENCE_INVALID_SHAPE: {
    status: 400,
    description: 'The polygon is not a simple outline: fewer than 3 distinct vertices, edges that cross or touch, an edge turning back over the one before it, or more than 180° of longitude wide; `details[].path` names the vertex (`/shape/vertices/4`).',
  },
  ERR_SEGMENT_NOT_FOUND: { status: 404, description: 'No segment of this workspace has this id (or the person named is unknown, for an explanation).' },
  ERR_SEGMENT_INVALID_RULE: {
    status: 400,
    description: 'The rule or the purpose of a segment is invalid; each of `details` points at the bad node (`/rule/root/conditions/1/op`) with what was `expected` there and what it `got`.',
  },
  ERR_SEGMENT_NAME_TAKEN: { status: 409, description: 'Another segment of the workspace has this name.' },
  ERR_SEGMENT_IN_USE: { status: 409, description: 'Another segment refers to this one; `details` names it. Change or delete that segment first.' },
  ERR_RECS_RECOMMENDER_NOT_FOUND: { status: 404, description: 'No named recommender of this workspace has this id or name.' },
  ERR_RECS_NAME_TAKEN: { status: 409, description: 'Another recommender of the workspace has this name.' },
  ERR_RECS_MODEL_NOT_FOUND: { status: 404, description: 'No model version of the workspace has this id.' },
  ERR_RECS_BAD_PARAMS: { status: 400, description: 'A parameter of the algorithm is unknown or out of its range; each problem is listed.' },
  ERR_RECS_EVALUATION_NOT_FOUND: { status: 404, description: 'No stored offline evaluation of this workspace has this id.' },
  ERR_KEY_NOT_FOUND: { status: 404, description: 'No key of this workspace has this id.' },
  ERR_KEY_LAST_ADMIN: { status: 409, description: 'Revoking this key would leave the workspace without an active `admin` secret key.' },
  ERR_CONSENT_UNKNOWN_PURPOSE: { status: 400, description: 'The consent purpose is not one of the workspace; `details` names it.' },
  ERR_PRIVACY_SUBJECT_NOT_FOUND: { status: 404, description: 'No data is held for this identifier.' },
  ERR_PRIVACY_REQUEST_NOT_FOUND: { status: 404, description: 'No privacy request has this id.' },
  ERR_WORKSPACE_INVALID_SETTINGS: { status: 400, description: 'The workspace settings are inconsistent (for example, a default consent for an unknown purpose).' },
  ERR_CONFIG_INVALID: { status: 500, description: 'Not answered over HTTP: `rapport start` stops and lists every invalid `RAPPORT_*` variable.' },
  ERR_IMPORT_INVALID_INPUT: { status: 400, description: 'Not answered over HTTP: `rapport import` could not read the file in the given format.' },
  ERR_STORAGE_UNAVAILABLE: { status: 503, description: 'The database cannot be reached; `/readyz` answers with this code until it can.' },
};

/** The HTTP status of an error code. */
export function httpStatusOf(code: ErrorCode): number {
  return errorCatalog[code].status;
}

/** True for a string that is one of Rapport's error codes. */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCatalog, value);
}
