import { testDialects } from '@rapport/storage/testing';
import { appFixture } from '@rapport/server/testing';
import { describe, expect, it } from 'vitest';
import { apiRoutes, type RouteDefinition } from '../../packages/dashboard/src/api/routes.js';

type OpenApiDocument = { paths?: Record<string, Record<string, unknown>> };

/** The routes of `routes` that the document lacks, as `name: METHOD path`. */
function missingRoutes(document: OpenApiDocument, routes: Record<string, RouteDefinition>): string[] {
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) for (const method of Object.keys(item)) operations.add(`${method.toUpperCase()} ${path}`);
  return Object.entries(routes)
    .filter(([, r]) => !operations.has(`${r.method} ${r.path}`))
    .map(([name, r]) => `${name}: ${r.method} ${r.path}`);
}

describe("the dashboard's API client against the server's routes", () => {
  it("calls only routes of the server's OpenAPI document, and notices one that was renamed", async () => {
    const f = await appFixture(testDialects()[0]!);
    try {
      await f.app.ready();
      const document = f.app.swagger() as OpenApiDocument;
      expect(Object.keys(document.paths ?? {}).length).toBeGreaterThan(40);
      expect(missingRoutes(document, apiRoutes)).toEqual([]);
      const renamed = { ...apiRoutes, users: { method: 'GET', path: '/api/v1/people' }, removeUser: { method: 'DELETE', path: '/api/v1/users/:id' } } as const;
      expect(missingRoutes(document, renamed)).toEqual(['users: GET /api/v1/people', 'removeUser: DELETE /api/v1/users/:id']);
    } finally {
      await f.dispose();
    }
  });
});
