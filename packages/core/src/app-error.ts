/** Where in a request or document a problem is: a JSON Pointer (RFC 6901), `""` for the whole document. */
export interface ProblemDetail {
  readonly path: string;
  readonly message: string;
  /** For items of a batch: their position in it. */
  readonly index?: number;
  /** A more precise error code for this one problem, when it differs from the error's own code. */
  readonly code?: string;
  /** What would have been valid here, in words ("one of and, or, not, trait, …"). */
  readonly expected?: string;
  /** What was found instead, abridged. */
  readonly got?: string;
}

export interface AppErrorOptions<C extends string> {
  readonly code: C;
  readonly message: string;
  readonly cause?: unknown;
  readonly details?: readonly ProblemDetail[];
}

/**
 * The one error class of Rapport. `code` is an `ERR_<MODULE>_<DETAIL>` code declared once in the contracts with its
 * HTTP status. Messages never contain secrets, e-mail addresses or payloads: they are shown to callers and logged.
 */
export class AppError<C extends string = string> extends Error {
  readonly code: C;
  readonly details: readonly ProblemDetail[];

  constructor(options: AppErrorOptions<C>) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = options.code;
    this.details = options.details ?? [];
  }
}

/** True for an `AppError`, also across package copies (checks the shape, not only the prototype). */
export function isAppError(value: unknown): value is AppError {
  return (
    value instanceof AppError ||
    (value instanceof Error && value.name === 'AppError' && typeof (value as { code?: unknown }).code === 'string')
  );
}
