import { roleAllows, roles, secretKeyScopes, type Role } from '@rapport/contracts';
import { testDialects } from '@rapport/storage/testing';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFixture, type AppFixture } from '../testing/index.js';
import { installAuth, type ApiRoute } from './auth.js';

/** A request that reaches the route: ids nobody has, an empty body where one is expected (a 400 or 404 is fine). */
function requestOf(route: ApiRoute): { method: ApiRoute['method']; url: string; body: object | undefined } {
  return {
    method: route.method,
    url: route.url.replace(/:(\w+)/g, 'no-such-$1'),
    body: ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined,
  };
}

/** The error code of an answer; none for a success without JSON (204, CSV). */
function codeOf(res: LightMyRequestResponse): string | undefined {
  return String(res.headers['content-type']).includes('json')
    ? (res.json() as { code?: string }).code
    : undefined;
}

function allowedFor(route: ApiRoute, role: Role): boolean {
  if (route.scope !== undefined) return roleAllows(role, route.scope);
  return route.access === 'session' || (route.access === 'owner' && role === 'owner');
}

describe.each(testDialects())('who may call each API route, on %s', (dialect) => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await appFixture(dialect);
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('lists every route of the API with its scope or access', () => {
    const routes = f.app.apiRoutes;
    expect(routes.length).toBeGreaterThan(50);
    const line = (r: ApiRoute) => `${r.method} ${r.url}`;
    expect(
      routes
        .filter((r) => r.access === 'public')
        .map(line)
        .sort(),
    ).toEqual(['POST /api/v1/auth/accept-invitation', 'POST /api/v1/auth/login', 'POST /api/v1/auth/setup']);
    expect(routes.filter((r) => r.access === 'owner').map(line)).toEqual([
      'POST /api/v1/users/:id/ownership',
    ]);
    const sessionOnly = routes.filter((r) => r.access === 'session').map(line);
    expect(sessionOnly.sort()).toEqual([
      'GET /api/v1/auth/me',
      'PATCH /api/v1/auth/me',
      'POST /api/v1/auth/logout',
      'POST /api/v1/auth/password',
    ]);
    // A change to a customer named in the path keeps no body and a hash of the id in the audit log.
    const aboutPeople = routes.filter(
      (r) => r.method !== 'GET' && r.scope !== 'read' && /\/(profiles|subjects)\/:/.test(r.url),
    );
    expect(aboutPeople.map(line).sort()).toEqual([
      'DELETE /api/v1/subjects/:id',
      'PUT /api/v1/profiles/:id/consent',
    ]);
    for (const r of aboutPeople) expect(r.aboutPerson, line(r)).toBe(true);
    // The keys and users of the workspace, and its audit log, are for owners and admins only.
    for (const r of routes.filter(
      (x) => /\/(keys|users|invitations|audit)\b/.test(x.url) && x.access === undefined,
    ))
      expect(r.scope, line(r)).toMatch(/^(keys:manage|users:manage|audit:read)$/);
  });

  it('lets each role through exactly the routes its scopes allow, and refuses the others with ERR_AUTH_ROLE', async () => {
    const problems: string[] = [];
    for (const route of f.app.apiRoutes.filter((r) => r.access !== 'public')) {
      for (const role of roles) {
        const session = await f.signIn(role);
        const { method, url, body } = requestOf(route);
        const res = await f.as(session, method as 'GET', url, body);
        const code = codeOf(res);
        const what = `${role} ${method} ${route.url}: ${res.statusCode} ${code ?? ''}`;
        if (
          allowedFor(route, role)
            ? res.statusCode === 401 || res.statusCode === 403
            : res.statusCode !== 403 || code !== 'ERR_AUTH_ROLE'
        )
          problems.push(what);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets each secret key through the routes of its scope (admin: all), never session-only routes', async () => {
    const keys = new Map<string, string>();
    for (const scope of secretKeyScopes)
      keys.set(
        scope,
        (await f.admin('POST', '/api/v1/keys', { kind: 'secret', name: scope, scopes: [scope] })).json()
          .key as string,
      );
    const problems: string[] = [];
    for (const route of f.app.apiRoutes.filter((r) => r.access !== 'public')) {
      const { method, url, body } = requestOf(route);
      const send = (key: string) => f.admin(method as 'GET', url, body, key);
      if (route.scope === undefined) {
        const res = await send(keys.get('admin')!);
        if (codeOf(res) !== 'ERR_AUTH_NO_SESSION')
          problems.push(`admin key on ${method} ${route.url}: ${res.statusCode}`);
        continue;
      }
      for (const key of new Set([keys.get(route.scope)!, keys.get('admin')!])) {
        const res = await send(key);
        if (res.statusCode === 401 || res.statusCode === 403)
          problems.push(`${route.scope} key on ${method} ${route.url}: ${res.statusCode}`);
      }
      if (route.scope !== 'read') {
        const res = await send(keys.get('read')!);
        if (codeOf(res) !== 'ERR_AUTH_SCOPE_MISSING')
          problems.push(`read key on ${method} ${route.url}: ${res.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('API routes that forget their scope', () => {
  it('stop the app from building', async () => {
    const app = Fastify();
    installAuth(app, { keys: {} as never, sessions: {} as never });
    expect(() => app.get('/api/v1/forgotten', async () => ({}))).toThrow(
      /GET \/api\/v1\/forgotten: an API route declares either a scope or an access/,
    );
    expect(() =>
      app.get('/api/v1/both', { config: { scope: 'read', access: 'session' } }, async () => ({})),
    ).toThrow(/declares either/);
    app.get('/healthz', async () => ({}));
    app.get('/api/v1/fine', { config: { scope: 'read' } }, async () => ({}));
    await app.ready();
    expect(app.apiRoutes.map((r) => r.url)).toEqual(['/api/v1/fine']);
    await app.close();
  });
});
