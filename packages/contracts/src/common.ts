import { Type, type TSchema } from 'typebox';

/** The body of every error answer (ingestion answers add `success: false`, as Segment does). */
export const ErrorResponseSchema = Type.Object(
  {
    code: Type.String({ description: 'An ERR_* code from docs/errors.md' }),
    message: Type.String(),
    details: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'JSON Pointer (RFC 6901) into the request; "" for the whole body' }),
          message: Type.String(),
          index: Type.Optional(Type.Integer({ description: 'Position of the item in a batch' })),
          code: Type.Optional(Type.String()),
          expected: Type.Optional(Type.String({ description: 'What would have been valid at this path' })),
          got: Type.Optional(Type.String({ description: 'What was found instead, abridged' })),
        }),
      ),
    ),
    requestId: Type.Optional(Type.String()),
    success: Type.Optional(Type.Literal(false)),
    accepted: Type.Optional(Type.Integer({ description: 'Ingestion: events of the request that were accepted' })),
  },
  { additionalProperties: false },
);

/** A page of a list: `nextCursor` is opaque and null on the last page. */
export function PagedSchema<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

/** The type of a `PagedSchema` answer. */
export interface PageView<T> {
  items: T[];
  nextCursor: string | null;
}

export const PageQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const IsoDateTime = Type.String({ format: 'date-time' });
/**
 * A value or null. Null comes first: the API's validator coerces types, and in a union would read a null as the 0 or
 * "" of a number or string branch tried before it.
 */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

export const NullableIsoDateTime = Nullable(IsoDateTime);
