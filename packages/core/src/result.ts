/**
 * The outcome of an operation whose failure is expected (an invalid rule, a name already taken): callers must look
 * at it. Exceptional failures throw an `AppError` instead; a function never does both.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** A successful `Result`. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** A failed `Result`. */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
