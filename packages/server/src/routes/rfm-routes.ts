import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { RfmModelSchema, RfmQuerySchema, RfmRefreshBodySchema, RfmRunSchema } from '@rapport/contracts';
import { rfmRunView, type Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/** The RFM model (docs/rfm.md): read it, or refresh it now. */
export async function rfmRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Segments'];

  r.get(
    '/api/v1/rfm',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        security,
        summary: 'The RFM model: cut points, customers per named segment and per (R, F) score, and a page of customers with their scores',
        description:
          'Without asOf: the last refresh, which segment rules use (stored: true), or before the first one the model computed now. With asOf: computed for that instant, not stored (stored: false).',
        querystring: RfmQuerySchema,
        response: { 200: RfmModelSchema, ...adminErrors },
      },
    },
    async (request) => engine.rfm.view(authOf(request).workspaceId, request.query),
  );

  r.post(
    '/api/v1/rfm/refresh',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        security,
        summary: "Refresh the RFM model now (as of now, or of asOf), over the workspace's window; the processor then re-evaluates the segments that use it",
        body: RfmRefreshBodySchema,
        response: { 200: RfmRunSchema, ...adminErrors },
      },
      // The body is optional (`curl -X POST …/refresh` refreshes now); Fastify would validate a missing one as null.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const asOf = request.body.asOf;
      return rfmRunView(await engine.rfm.refresh(authOf(request).workspaceId, asOf === undefined ? {} : { asOf: Date.parse(asOf) }));
    },
  );
}
