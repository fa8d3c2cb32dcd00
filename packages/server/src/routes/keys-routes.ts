import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ApiKeySchema, CreateKeyBodySchema, CreatedKeySchema, ErrorResponseSchema } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/** API keys of the workspace: create (shown once), list, revoke. */
export async function keysRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Keys'];
  const config = { scope: 'keys:manage' as const };

  r.get('/api/v1/keys', { config, schema: { tags, security, summary: 'List the keys of the workspace (never the keys themselves)', response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }), ...adminErrors } } }, async (request) => ({
    items: await engine.keys.list(authOf(request).workspaceId),
  }));

  r.post(
    '/api/v1/keys',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Create a key; the answer holds it this once (only its hash is stored). Secret keys default to the admin scope.',
        body: CreateKeyBodySchema,
        response: { 201: CreatedKeySchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      if (request.body.kind === 'write' && request.body.scopes !== undefined) {
        throw new AppError({ code: 'ERR_REQUEST_INVALID', message: 'write keys have no scopes', details: [{ path: '/scopes', message: 'only secret keys have scopes' }] });
      }
      return reply.code(201).send(await engine.keys.create(authOf(request).workspaceId, request.body));
    },
  );

  r.delete(
    '/api/v1/keys/:id',
    { config, schema: { tags, security, summary: 'Revoke a key at once', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: ApiKeySchema, ...adminErrors, 409: ErrorResponseSchema } } },
    async (request) => {
      const result = await engine.keys.revoke(authOf(request).workspaceId, request.params.id);
      if (result.ok) return result.value;
      if (result.error === 'last_admin') throw new AppError({ code: 'ERR_KEY_LAST_ADMIN', message: 'this is the last active admin key of the workspace; create another before revoking it' });
      throw new AppError({ code: 'ERR_KEY_NOT_FOUND', message: 'no key of this workspace has this id', details: [{ path: '/params/id', message: 'unknown key id' }] });
    },
  );
}
