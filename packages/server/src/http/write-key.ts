import { AppError } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The workspace of a public request (an app or a page asking for personalization) from its write key: the HTTP
 * Basic user name, or the `writeKey` parameter when headers cannot be set.
 */
export async function writeKeyWorkspace(request: FastifyRequest, engine: Engine, given: string | undefined, adminRoute: string): Promise<string> {
  const header = request.headers.authorization;
  const basic = header === undefined ? null : /^Basic\s+(\S+)$/i.exec(header.trim());
  const key = basic?.[1] === undefined ? given : Buffer.from(basic[1], 'base64').toString('utf8').split(':', 1)[0];
  if (key === undefined || key === '') throw new AppError({ code: 'ERR_AUTH_MISSING_KEY', message: 'send the write key as the HTTP Basic user name or as writeKey' });
  const auth = await engine.keys.authenticate(key);
  if (auth === undefined) throw new AppError({ code: 'ERR_AUTH_INVALID_KEY', message: 'the key is unknown or revoked' });
  if (auth.kind !== 'write') throw new AppError({ code: 'ERR_AUTH_WRONG_KEY_KIND', message: `this route takes a write key (secret keys stay on servers: use ${adminRoute})` });
  return auth.workspaceId;
}

/**
 * The workspace and the person of a public request: the write key, and a userId only with its user token (HMAC-SHA256
 * of the userId with the workspace's identity secret, computed by the shop's server), so that nobody reads a
 * signed-in person's data by guessing their id.
 */
export async function publicPerson(
  request: FastifyRequest,
  engine: Engine,
  body: { readonly writeKey?: string | undefined; readonly userId?: string | undefined; readonly userToken?: string | undefined; readonly anonymousId?: string | undefined },
  adminRoute: string,
): Promise<{ workspaceId: string; userId: string | undefined; anonymousId: string | undefined }> {
  const workspaceId = await writeKeyWorkspace(request, engine, body.writeKey, adminRoute);
  if (body.userId !== undefined && !(await engine.identitySecrets.verify(workspaceId, body.userId, body.userToken))) {
    throw new AppError({
      code: 'ERR_AUTH_USER_TOKEN',
      message: body.userToken === undefined ? 'a userId needs its userToken, signed by your server' : 'the userToken is not the signature of this userId',
      details: [{ path: '/userToken', message: 'hex HMAC-SHA256 of the userId with the identity secret' }],
    });
  }
  return { workspaceId, userId: body.userId, anonymousId: body.anonymousId };
}

/**
 * Lets pages of any origin read the answers of a plugin's public routes (/v1/…). Preflights are answered by
 * ingestion's CORS (its OPTIONS * route, which a second registration of @fastify/cors would declare again).
 */
export function allowAnyOrigin(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/v1/')) reply.header('access-control-allow-origin', '*');
  });
}
