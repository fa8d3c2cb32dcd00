import { timingSafeEqual } from 'node:crypto';
import { roleAllows, type Role, type SecretKeyScope } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import { allows, type ActiveSession, type KeyService, type SessionService } from '@rapport/engine';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from './session-cookies.js';

/**
 * Who may call a route of the API (/api/…) that needs no scope: anyone (`public`: login, setup, accepting an
 * invitation), any signed-in person (`session`), or only the owner, signed in (`owner`: the transfer of ownership).
 */
export const routeAccesses = ['public', 'session', 'owner'] as const;
export type RouteAccess = (typeof routeAccesses)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The scope of an admin route: a secret key needs it, a signed-in person a role that has it (contracts' roles.ts).
     * Every route under /api/ declares a scope or an `access`: the app does not start otherwise.
     */
    scope?: SecretKeyScope;
    access?: RouteAccess;
    /** The route changes something about a person (a customer): the audit log keeps no body and hashes the id. */
    aboutPerson?: boolean;
  }
  interface FastifyRequest {
    auth: Principal | null;
  }
  interface FastifyInstance {
    /** Every route under /api/ with what it requires, in registration order (HEAD routes aside). */
    apiRoutes: readonly ApiRoute[];
  }
}

/** A route of the API and who may call it. */
export interface ApiRoute {
  readonly method: string;
  readonly url: string;
  readonly scope: SecretKeyScope | undefined;
  readonly access: RouteAccess | undefined;
  readonly aboutPerson: boolean;
}

/** Who a request acts for: a secret key, or a signed-in person. */
export type Principal =
  | {
      readonly kind: 'key';
      readonly id: string;
      readonly workspaceId: string;
      readonly scopes: readonly SecretKeyScope[];
    }
  | {
      readonly kind: 'user';
      readonly id: string;
      readonly workspaceId: string;
      readonly role: Role;
      readonly email: string;
      readonly session: ActiveSession;
    };

/** Methods that change nothing, and so need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The secret key of an admin request, or undefined. */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** A signed-in person as the principal of a request. */
export function userPrincipal(session: ActiveSession): Principal {
  return {
    kind: 'user',
    id: session.user.id,
    workspaceId: session.workspaceId,
    role: session.role,
    email: session.user.email,
    session,
  };
}

const noSession = () =>
  new AppError({ code: 'ERR_AUTH_NO_SESSION', message: 'no valid session: log in again' });

/**
 * Lists the routes of the API, and refuses (the app does not build) one that declares neither a scope nor an access,
 * or both: no route is open by mistake.
 */
function declaredRoutes(route: RouteOptions): ApiRoute[] {
  if (!route.url.startsWith('/api/')) return [];
  const { scope, access, aboutPerson } = (route.config ?? {}) as {
    scope?: SecretKeyScope;
    access?: RouteAccess;
    aboutPerson?: boolean;
  };
  if ((scope === undefined) === (access === undefined))
    throw new Error(
      `${String(route.method)} ${route.url}: an API route declares either a scope or an access (public, session, owner)`,
    );
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods
    .filter((m) => m !== 'HEAD')
    .map((method) => ({ method, url: route.url, scope, access, aboutPerson: aboutPerson === true }));
}

async function keyPrincipal(
  keys: KeyService,
  key: string,
  scope: SecretKeyScope,
  request: FastifyRequest,
): Promise<void> {
  const auth = await keys.authenticate(key);
  if (auth === undefined)
    throw new AppError({ code: 'ERR_AUTH_INVALID_KEY', message: 'the key is unknown or revoked' });
  if (auth.kind !== 'secret')
    throw new AppError({
      code: 'ERR_AUTH_WRONG_KEY_KIND',
      message: 'the admin API takes a secret key; write keys only send events',
    });
  // Known before the scope is checked: the audit log keeps refused attempts with their author.
  request.auth = { kind: 'key', id: auth.id, workspaceId: auth.workspaceId, scopes: auth.scopes };
  if (!allows(auth.scopes, scope)) {
    throw new AppError({
      code: 'ERR_AUTH_SCOPE_MISSING',
      message: `this route needs the scope ${scope}`,
      details: [{ path: '', message: `missing scope: ${scope}` }],
    });
  }
}

/**
 * Authentication and authorization of the API. An admin route (with a `scope`) takes a secret key with that scope as
 * `Authorization: Bearer`, or the session cookie of a person whose role has the scope; a `session` or `owner` route
 * takes the cookie only. A request authenticated by cookie that changes something must carry the session's CSRF
 * token as X-CSRF-Token (double submit, checked against the session, not only against the cookie); key requests
 * need none — browsers never add an Authorization header on their own.
 */
export function installAuth(
  app: FastifyInstance,
  deps: { keys: KeyService; sessions: SessionService },
): void {
  app.decorateRequest('auth', null);
  const routes: ApiRoute[] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', (route) => {
    routes.push(...declaredRoutes(route));
  });
  app.addHook('onRequest', async (request) => {
    const { scope, access } = request.routeOptions.config;
    if (scope === undefined && (access === undefined || access === 'public')) return;
    const key = scope === undefined ? undefined : bearer(request);
    if (key !== undefined && scope !== undefined) return keyPrincipal(deps.keys, key, scope, request);
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined)
      throw scope === undefined
        ? noSession()
        : new AppError({
            code: 'ERR_AUTH_MISSING_KEY',
            message: 'send a secret key as Authorization: Bearer <key>, or log in',
          });
    const session = await deps.sessions.resolve(token);
    if (session === undefined) throw noSession();
    request.auth = userPrincipal(session);
    if (!SAFE_METHODS.has(request.method) && !sameToken(request.headers[CSRF_HEADER], session.csrfToken)) {
      throw new AppError({
        code: 'ERR_AUTH_CSRF',
        message: `send the CSRF token of the session (the rapport_csrf cookie) as X-CSRF-Token`,
        details: [{ path: '/headers/x-csrf-token', message: 'missing or not the token of this session' }],
      });
    }
    const allowed =
      scope !== undefined ? roleAllows(session.role, scope) : access !== 'owner' || session.role === 'owner';
    if (!allowed) {
      const why = scope === undefined ? 'only the owner can' : `needs the scope ${scope}`;
      throw new AppError({
        code: 'ERR_AUTH_ROLE',
        message: `the role ${session.role} cannot do this`,
        details: [{ path: '', message: why }],
      });
    }
  });
}

/** Who an authenticated route acts for (the hook guarantees there is someone). */
export function authOf(request: FastifyRequest): Principal {
  if (request.auth === null)
    throw new AppError({
      code: 'ERR_AUTH_MISSING_KEY',
      message: 'this route needs a secret key or a session',
    });
  return request.auth;
}

/** The session of a route that only signed-in people use (`access: 'session'` or `'owner'`). */
export function sessionOf(request: FastifyRequest): ActiveSession {
  const auth = authOf(request);
  if (auth.kind !== 'user') throw noSession();
  return auth.session;
}
