import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PagedSchema, PageQuerySchema, SuppressionSchema } from '@rapport/contracts';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/** The suppression list: erased people's identifiers, kept as hashes so that their late events are refused. */
export async function suppressionsRoutes(
  app: FastifyInstance,
  { engine }: { engine: Engine },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/v1/privacy/suppressions',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['Privacy'],
        security,
        summary:
          "Erased people's identifiers on the suppression list, newest first: a prefix of each hash, when, and the erasure; never the identifier",
        querystring: PageQuerySchema,
        response: { 200: PagedSchema(SuppressionSchema), ...adminErrors },
      },
    },
    async (request) => engine.privacy.listSuppressions(authOf(request).workspaceId, request.query),
  );
}
