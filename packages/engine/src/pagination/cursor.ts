import { AppError } from '@rapport/core';

type CursorValue = string | number;

/** An opaque page cursor holding the sort key of the last item of a page. */
export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The sort key inside a cursor; `shape` says which types it must hold. A cursor that was not made by this API is a
 * client error, answered 400 with the path of the query parameter.
 */
export function decodeCursor<T extends readonly CursorValue[]>(cursor: string, shape: readonly ('string' | 'number')[]): T {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== shape.length || values.some((v, i) => typeof v !== shape[i])) {
    throw new AppError({
      code: 'ERR_REQUEST_INVALID',
      message: 'the cursor is not one this API returned',
      details: [{ path: '/cursor', message: 'pass the nextCursor of the previous page unchanged' }],
    });
  }
  return values as unknown as T;
}

/** Splits `limit + 1` fetched rows into a page and the cursor of the next one. */
export function pageOf<R, V>(rows: readonly R[], limit: number, view: (row: R) => V, key: (row: R) => readonly CursorValue[]): { items: V[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(view), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}
