/**
 * Why a call returned its default instead of an answer. `network`: no answer (offline, DNS, refused); `timeout`: no
 * answer in time; `http`: the server answered with an error (`status` and `code` say which); `consent`: the person has
 * not consented to what the call needs; `user_token`: a signed-in person's userToken is missing; `invalid_input`: the
 * call's arguments cannot be sent; `storage`: the storage failed; `internal`: a bug in the SDK, caught.
 */
export const failureReasons = ['network', 'timeout', 'http', 'consent', 'user_token', 'invalid_input', 'storage', 'internal'] as const;
export type FailureReason = (typeof failureReasons)[number];

/** What went wrong, without throwing: public methods return it (or pass it to `onError`) instead. */
export interface SdkError {
  readonly reason: FailureReason;
  readonly message: string;
  /** The HTTP status, for `http`. */
  readonly status?: number;
  /** The server's error code (`ERR_AUTH_USER_TOKEN`), for `http`. */
  readonly code?: string;
}

/** An SdkError from anything thrown. */
export function failureOf(reason: FailureReason, cause: unknown): SdkError {
  const message = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : reason;
  return { reason, message };
}
