import { Type, type Static } from 'typebox';
import { IsoDateTime } from './common.js';

const Url = Type.String({ maxLength: 2048 });

export const ProductInputSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 255 }),
    name: Type.String({ minLength: 1, maxLength: 500 }),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    category: Type.Optional(Type.String({ maxLength: 500, description: 'Category path, levels separated by " > " (e.g. "Home > Garden")' })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
    price: Type.Optional(Type.Number({ minimum: 0 })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    imageUrl: Type.Optional(Url),
    url: Type.Optional(Url),
    inStock: Type.Optional(Type.Boolean()),
    attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type ProductInput = Static<typeof ProductInputSchema>;

export const ProductSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  price: Type.Union([Type.Number(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  imageUrl: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  inStock: Type.Boolean(),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ProductView = Static<typeof ProductSchema>;

/** At most 1,000 products per bulk upsert call. */
export const ProductUpsertBodySchema = Type.Object(
  { products: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export const ProductUpsertResultSchema = Type.Object({ upserted: Type.Integer() });

export const ProductListQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name or id' })),
  category: Type.Optional(Type.String({ maxLength: 500, description: 'Products in this category or below it' })),
  inStock: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});
