import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PagedSchema, ProductListQuerySchema, ProductSchema, ProductUpsertBodySchema, ProductUpsertResultSchema } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });

/** The product catalog. */
export async function catalogRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Catalog'];

  r.put(
    '/api/v1/catalog/products',
    {
      config: { scope: 'catalog:write' },
      schema: {
        tags,
        security,
        summary: 'Insert or replace up to 1,000 products. Invalid ones are reported by index and path; the others are saved.',
        body: ProductUpsertBodySchema,
        response: { 200: ProductUpsertResultSchema, ...adminErrors },
      },
    },
    async (request) => {
      const outcome = await engine.catalog.upsert(authOf(request).workspaceId, request.body.products);
      if (outcome.problems.length === 0) return { upserted: outcome.upserted };
      const rejected = new Set(outcome.problems.map((p) => p.index)).size;
      throw new AppError({
        code: 'ERR_CATALOG_SOME_PRODUCTS_REJECTED',
        message: `${rejected} of ${request.body.products.length} products were invalid and not saved; the other ${outcome.upserted} were`,
        details: outcome.problems,
      });
    },
  );

  r.get('/api/v1/catalog/products', { config: { scope: 'read' }, schema: { tags, security, summary: 'List products by id', querystring: ProductListQuerySchema, response: { 200: PagedSchema(ProductSchema), ...adminErrors } } }, async (request) =>
    engine.catalog.list(authOf(request).workspaceId, request.query),
  );

  r.get('/api/v1/catalog/products/:id', { config: { scope: 'read' }, schema: { tags, security, summary: 'One product', params: IdParams, response: { 200: ProductSchema, ...adminErrors } } }, async (request) => {
    const product = await engine.catalog.get(authOf(request).workspaceId, request.params.id);
    if (product === undefined) throw new AppError({ code: 'ERR_CATALOG_PRODUCT_NOT_FOUND', message: 'no product has this id', details: [{ path: '/params/id', message: 'unknown product' }] });
    return product;
  });

  r.delete('/api/v1/catalog/products/:id', { config: { scope: 'catalog:write' }, schema: { tags, security, summary: 'Remove a product', params: IdParams, response: { 204: Type.Null(), ...adminErrors } } }, async (request, reply) => {
    if (!(await engine.catalog.delete(authOf(request).workspaceId, request.params.id))) {
      throw new AppError({ code: 'ERR_CATALOG_PRODUCT_NOT_FOUND', message: 'no product has this id', details: [{ path: '/params/id', message: 'unknown product' }] });
    }
    return reply.code(204).send(null);
  });
}
