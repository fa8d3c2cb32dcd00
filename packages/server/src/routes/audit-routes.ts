import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditEntrySchema, AuditQuerySchema, PagedSchema } from '@rapport/contracts';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/** The audit log: every change made through the dashboard or the admin API (owners and admins, or `audit:read`). */
export async function auditRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/v1/audit',
    {
      config: { scope: 'audit:read' },
      schema: {
        tags: ['Accounts'],
        security,
        summary:
          'Changes, newest first: who, what, when, before and after; filter by author, target, route, method or time',
        querystring: AuditQuerySchema,
        response: { 200: PagedSchema(AuditEntrySchema), ...adminErrors },
      },
    },
    async (request) => engine.accounts.audit.list(authOf(request).workspaceId, request.query),
  );
}
