import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { RecEvaluationIdParamsSchema, RecEvaluationListSchema, RecEvaluationQuerySchema, RecEvaluationSchema } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import { EvaluationStore, type Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/** Offline evaluations of the recommendation algorithms (`rapport recs evaluate`), stored for the dashboard. */
export async function recEvaluationsRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Recommendations'];
  const store = new EvaluationStore({ database: engine.database, repos: engine.repos, clock: engine.clock });

  r.get(
    '/api/v1/recommendations/evaluations',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        security,
        summary: 'Stored offline evaluations of the recommendation algorithms, newest first (rapport recs evaluate --save, --from-workspace)',
        querystring: RecEvaluationQuerySchema,
        response: { 200: RecEvaluationListSchema, ...adminErrors },
      },
    },
    async (request) => ({ items: await store.list(authOf(request).workspaceId, { limit: request.query.limit ?? 50, algorithm: request.query.algorithm }) }),
  );

  r.get(
    '/api/v1/recommendations/evaluations/:id',
    { config: { scope: 'read' }, schema: { tags, security, summary: 'One stored offline evaluation', params: RecEvaluationIdParamsSchema, response: { 200: RecEvaluationSchema, ...adminErrors } } },
    async (request) => {
      const view = await store.get(authOf(request).workspaceId, request.params.id);
      if (view === undefined) throw new AppError({ code: 'ERR_RECS_EVALUATION_NOT_FOUND', message: 'no evaluation of this workspace has this id', details: [{ path: '/params/id', message: 'unknown evaluation' }] });
      return view;
    },
  );
}
