import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateRecommenderBodySchema,
  AdminRecommendationQuerySchema,
  recommendationStrategies,
  RecommendationsSchema,
  RecommenderSchema,
  UpdateRecommenderBodySchema,
  ErrorResponseSchema,
  RecModelSchema,
  TrainModelBodySchema,
  recommendationAlgorithms,
} from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine, RecommendationFailure } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authOf } from '../http/auth.js';
import { allowAnyOrigin, publicPerson } from '../http/write-key.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

function failure(f: RecommendationFailure): AppError {
  switch (f.reason) {
    case 'unknown_recommender':
      return new AppError({ code: 'ERR_RECS_RECOMMENDER_NOT_FOUND', message: `no recommender is named ${JSON.stringify(f.name.slice(0, 64))}`, details: [{ path: '/recommender', message: 'unknown recommender' }] });
    case 'not_found':
      return new AppError({ code: 'ERR_RECS_RECOMMENDER_NOT_FOUND', message: 'no recommender has this id or name', details: [{ path: '/params/id', message: 'unknown recommender' }] });
    case 'name_taken':
      return new AppError({ code: 'ERR_RECS_NAME_TAKEN', message: 'another recommender has this name', details: [{ path: '/name', message: 'choose another name' }] });
    case 'no_strategy':
      return new AppError({ code: 'ERR_REQUEST_INVALID', message: 'name a recommender or a strategy', details: [{ path: '/strategy', message: `give recommender, or strategy: one of ${recommendationStrategies.join(', ')}` }] });
  }
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** The query of GET /v1/recommendations: the same as the admin body, with item ids comma-separated. */
const PublicQuerySchema = Type.Object(
  {
    recommender: Type.Optional(Type.String({ maxLength: 64 })),
    strategy: Type.Optional(Type.Enum(recommendationStrategies)),
    anonymousId: Type.Optional(Type.String({ maxLength: 255 })),
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'A signed-in person: needs userToken' })),
    userToken: Type.Optional(Type.String({ maxLength: 128, description: 'hex HMAC-SHA256 of the userId with the identity secret, computed by your server' })),
    itemIds: Type.Optional(Type.String({ maxLength: 13_000, description: 'Comma-separated product ids: the product viewed, or the cart' })),
    category: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
    writeKey: Type.Optional(Type.String({ maxLength: 200, description: 'The write key, when it cannot be sent as the HTTP Basic user' })),
  },
  { additionalProperties: false },
);

/** Recommendations: served to apps and pages (write key) and to servers (admin API), and the named recommenders. */
export async function recommendationsRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Recommendations'];
  const recs = engine.recommendations;
  allowAnyOrigin(app);

  r.get(
    '/v1/recommendations',
    {
      schema: {
        tags,
        security: [{ writeKeyBasic: [] }],
        summary:
          'Recommendations for an app or a page (write key): a visitor by their anonymousId; a signed-in person by their userId with its userToken (signed by your server with the identity secret)',
        querystring: PublicQuerySchema,
        response: { 200: RecommendationsSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await publicPerson(request, engine, request.query, 'POST /api/v1/recommendations');
      const { writeKey: _key, userToken: _token, itemIds, ...query } = request.query;
      const ids = itemIds === undefined ? undefined : itemIds.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (ids !== undefined && ids.length > 50) throw new AppError({ code: 'ERR_REQUEST_INVALID', message: 'at most 50 item ids', details: [{ path: '/query/itemIds', message: 'at most 50 item ids' }] });
      const result = await recs.recommend(workspaceId, { ...query, ...(ids === undefined ? {} : { itemIds: ids }) });
      if (!result.ok) throw failure(result.error);
      return result.value;
    },
  );

  r.post(
    '/api/v1/recommendations',
    {
      config: { scope: 'read' },
      schema: { tags, security, summary: 'Recommendations for a person (userId or anonymousId), a product or a cart, with a reason each; `draft` previews a recommender being edited', body: AdminRecommendationQuerySchema, response: { 200: RecommendationsSchema, ...adminErrors } },
    },
    async (request) => {
      const result = await recs.recommend(authOf(request).workspaceId, request.body);
      if (!result.ok) throw failure(result.error);
      return result.value;
    },
  );

  r.get('/api/v1/recommenders', { config: { scope: 'read' }, schema: { tags, security, summary: 'Named recommenders', response: { 200: Type.Object({ items: Type.Array(RecommenderSchema) }), ...adminErrors } } }, async (request) => ({
    items: await recs.list(authOf(request).workspaceId),
  }));

  r.post(
    '/api/v1/recommenders',
    {
      config: { scope: 'recommendations:write' },
      schema: { tags, security, summary: 'Create a named recommender: a strategy, its business rules and a fallback, used by name', body: CreateRecommenderBodySchema, response: { 201: RecommenderSchema, ...adminErrors, 409: ErrorResponseSchema } },
    },
    async (request, reply) => {
      const result = await recs.create(authOf(request).workspaceId, request.body);
      if (!result.ok) throw failure(result.error);
      return reply.code(201).send(result.value);
    },
  );

  r.get('/api/v1/recommenders/:id', { config: { scope: 'read' }, schema: { tags, security, summary: 'A recommender, by id or name', params: IdParams, response: { 200: RecommenderSchema, ...adminErrors } } }, async (request) => {
    const view = await recs.get(authOf(request).workspaceId, request.params.id);
    if (view === undefined) throw failure({ reason: 'not_found' });
    return view;
  });

  r.patch(
    '/api/v1/recommenders/:id',
    { config: { scope: 'recommendations:write' }, schema: { tags, security, summary: 'Change a recommender', params: IdParams, body: UpdateRecommenderBodySchema, response: { 200: RecommenderSchema, ...adminErrors } } },
    async (request) => {
      const result = await recs.update(authOf(request).workspaceId, request.params.id, request.body);
      if (!result.ok) throw failure(result.error);
      return result.value;
    },
  );

  r.delete('/api/v1/recommenders/:id', { config: { scope: 'recommendations:write' }, schema: { tags, security, summary: 'Delete a recommender', params: IdParams, response: { 204: Type.Null(), ...adminErrors } } }, async (request, reply) => {
    if (!(await recs.delete(authOf(request).workspaceId, request.params.id))) throw failure({ reason: 'not_found' });
    return reply.code(204).send(null);
  });

  const ModelsQuery = Type.Object({ algorithm: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, { additionalProperties: false });
  r.get(
    '/api/v1/recommendations/models',
    { config: { scope: 'read' }, schema: { tags, security, summary: 'Trained model versions, newest first, with their offline metrics against popular', querystring: ModelsQuery, response: { 200: Type.Object({ items: Type.Array(RecModelSchema) }), ...adminErrors } } },
    async (request) => {
      const items = await engine.models.list(authOf(request).workspaceId, request.query.limit ?? 100);
      return { items: request.query.algorithm === undefined ? items : items.filter((m) => m.algorithm === request.query.algorithm) };
    },
  );

  r.get('/api/v1/recommendations/models/:id', { config: { scope: 'read' }, schema: { tags, security, summary: 'A model version', params: IdParams, response: { 200: RecModelSchema, ...adminErrors } } }, async (request) => {
    const view = await engine.models.get(authOf(request).workspaceId, request.params.id);
    if (view === undefined) throw new AppError({ code: 'ERR_RECS_MODEL_NOT_FOUND', message: 'no model version has this id', details: [{ path: '/params/id', message: 'unknown model' }] });
    return view;
  });

  r.post(
    '/api/v1/recommendations/models',
    {
      config: { scope: 'recommendations:write' },
      schema: {
        tags,
        security,
        summary: `Train a model now, in the background (${recommendationAlgorithms.join(', ')}): answered at once with the queued version; the previous version serves until it is ready`,
        body: TrainModelBodySchema,
        response: { 202: RecModelSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const result = await engine.models.train(authOf(request).workspaceId, request.body);
      if (!result.ok) throw new AppError({ code: 'ERR_RECS_BAD_PARAMS', message: result.error.join('; '), details: result.error.map((message) => ({ path: '/params', message })) });
      return reply.code(202).send(result.value);
    },
  );
}
