import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DecideBodySchema, DecisionsSchema, ErrorResponseSchema, IdentitySecretSchema } from '@rapport/contracts';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { authOf } from '../http/auth.js';
import { allowAnyOrigin, publicPerson } from '../http/write-key.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/**
 * `POST /v1/decide`: what the placements of a page or screen show a person, for apps and pages (write key, CORS open
 * to any origin: the answer holds only what the person may see). A userId needs its user token, signed by the shop's
 * server with the identity secret, which the admin API gives and rotates.
 */
export async function decideRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  allowAnyOrigin(app);

  r.post(
    '/v1/decide',
    {
      schema: {
        tags: ['Placements'],
        security: [{ writeKeyBasic: [] }],
        summary:
          'What each placement shows this person now (content rendered, or a list ordered), the experience and variant, and why. A userId needs userToken = hex(HMAC-SHA256(identity secret, userId)); an anonymous visitor sends only their anonymousId',
        body: DecideBodySchema,
        response: { 200: DecisionsSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema },
      },
    },
    async (request) => {
      const { placements, context, recordExposure } = request.body;
      const { workspaceId, userId, anonymousId } = await publicPerson(request, engine, request.body, 'POST /api/v1/placements/preview');
      return engine.decisions.decide(workspaceId, { userId, anonymousId, placements, context, recordExposure: recordExposure ?? true });
    },
  );

  const tags = ['Keys'];
  r.get(
    '/api/v1/identity-secret',
    { config: { scope: 'keys:manage' }, schema: { tags, security, summary: "The secret your server signs user ids with (made on first request): userToken = hex(HMAC-SHA256(secret, userId))", response: { 200: IdentitySecretSchema, ...adminErrors } } },
    async (request) => {
      const s = await engine.identitySecrets.get(authOf(request).workspaceId);
      return { secret: s.secret, createdAt: new Date(s.createdAt).toISOString() };
    },
  );
  r.post(
    '/api/v1/identity-secret/rotate',
    { config: { scope: 'keys:manage' }, schema: { tags, security, summary: 'Replace the identity secret: user tokens signed with the old one stop working (within 5 s on every node)', response: { 200: IdentitySecretSchema, ...adminErrors } } },
    async (request) => {
      const s = await engine.identitySecrets.rotate(authOf(request).workspaceId);
      return { secret: s.secret, createdAt: new Date(s.createdAt).toISOString() };
    },
  );
}
