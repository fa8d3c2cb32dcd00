import type { SecretKeyScope } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import { allows, type AuthenticatedKey, type KeyService } from '@rapport/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a secret key needs for this route; routes without it are not part of the admin API. */
    scope?: SecretKeyScope;
  }
  interface FastifyRequest {
    auth: AuthenticatedKey | null;
  }
}

/** The secret key of an admin request, or why there is none. */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * Admin API authentication: every route that declares a scope needs `Authorization: Bearer <secret key>` with that
 * scope. Write keys are refused on every such route — they are public.
 */
export function installSecretKeyAuth(app: FastifyInstance, keys: KeyService): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config.scope;
    if (scope === undefined) return;
    const key = bearer(request);
    if (key === undefined) throw new AppError({ code: 'ERR_AUTH_MISSING_KEY', message: 'send a secret key as Authorization: Bearer <key>' });
    const auth = await keys.authenticate(key);
    if (auth === undefined) throw new AppError({ code: 'ERR_AUTH_INVALID_KEY', message: 'the key is unknown or revoked' });
    if (auth.kind !== 'secret') throw new AppError({ code: 'ERR_AUTH_WRONG_KEY_KIND', message: 'the admin API takes a secret key; write keys only send events' });
    if (!allows(auth.scopes, scope)) {
      throw new AppError({ code: 'ERR_AUTH_SCOPE_MISSING', message: `this route needs the scope ${scope}`, details: [{ path: '', message: `missing scope: ${scope}` }] });
    }
    request.auth = auth;
  });
}

/** The authenticated key of an admin route (the hook guarantees it). */
export function authOf(request: FastifyRequest): AuthenticatedKey {
  if (request.auth === null) throw new AppError({ code: 'ERR_AUTH_MISSING_KEY', message: 'this route needs a secret key' });
  return request.auth;
}
