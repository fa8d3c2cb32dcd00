import { AppError } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import type { FastifyRequest } from 'fastify';

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
