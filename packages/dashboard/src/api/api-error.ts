import type { ErrorCode } from '@rapport/contracts';

/** Codes of failures the server never answered: the request did not reach it, or its answer was not JSON. */
export const clientErrorCodes = ['ERR_CLIENT_NETWORK', 'ERR_CLIENT_BAD_ANSWER'] as const;
export type ClientErrorCode = (typeof clientErrorCodes)[number];

/** One problem of an error answer: `path` is a JSON Pointer into the request ("/email", "/query/limit"). */
export interface ApiErrorDetail {
  readonly path: string;
  readonly message: string;
}

/** An error answer of the API (`{ code, message, details }`, docs/api.md), or a request that got none. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly details: readonly ApiErrorDetail[];
  readonly requestId: string | undefined;

  constructor(options: { status: number; code: ErrorCode | ClientErrorCode; message: string; details?: readonly ApiErrorDetail[]; requestId?: string | undefined }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? [];
    this.requestId = options.requestId;
  }

  /**
   * The messages meant for the fields of a form, by field name: a detail at `/password` goes to `password`, one at
   * `/retention/eventsDays` to `retention.eventsDays`. Details about the whole body or the query string are left out
   * (see `generalMessage`).
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const field = fieldOfPath(d.path);
      if (field === undefined) continue;
      const message = plainWords(d.message);
      out[field] = out[field] === undefined ? message : `${out[field]}; ${message}`;
    }
    return out;
  }

  /** What to show above a form: the message, unless every detail already sits next to a field of `fields`. */
  generalMessage(fields: readonly string[]): string | undefined {
    const shown = Object.keys(this.fieldErrors()).filter((f) => fields.includes(f));
    return shown.length > 0 && shown.length === this.details.length ? undefined : this.message;
  }
}

/** `/retention/eventsDays` → `retention.eventsDays`; undefined for the whole body, the query and the path. */
export function fieldOfPath(path: string): string | undefined {
  if (path === '' || path === '/' || path.startsWith('/query/') || path.startsWith('/params/')) return undefined;
  return path
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** The validator's phrasings of the checks a form meets most (JSON Schema keywords), in the words of a form. */
const phrasings: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/^must NOT have fewer than 1 characters?$/, () => 'cannot be empty'],
  [/^must NOT have fewer than (\d+) characters$/, (m) => `needs at least ${m[1]} characters`],
  [/^must NOT have more than (\d+) characters$/, (m) => `can have at most ${m[1]} characters`],
  [/^must NOT have fewer than (\d+) items?$/, (m) => `needs at least ${m[1]}`],
  [/^must NOT have more than (\d+) items$/, (m) => `can have at most ${m[1]}`],
  [/^must be >= (-?[\d.]+)$/, (m) => `must be ${m[1]} or more`],
  [/^must be <= (-?[\d.]+)$/, (m) => `must be ${m[1]} or less`],
  [/^must be > (-?[\d.]+)$/, (m) => `must be more than ${m[1]}`],
  [/^must be < (-?[\d.]+)$/, (m) => `must be less than ${m[1]}`],
  [/^must be integer$/, () => 'must be a whole number'],
  [/^must be number$/, () => 'must be a number'],
  [/^must match format "email"$/, () => 'is not an e-mail address'],
  [/^must match pattern ".*"$/, () => 'is not in the expected form'],
];

/** A detail's message as a person reads it next to a field; the API's own sentences are left as they are. */
export function plainWords(message: string): string {
  for (const [pattern, say] of phrasings) {
    const m = pattern.exec(message);
    if (m !== null) return say(m);
  }
  return message;
}
