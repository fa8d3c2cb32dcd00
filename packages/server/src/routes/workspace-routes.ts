import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PagedSchema, RejectedEventSchema, RejectedListQuerySchema, UpdateWorkspaceBodySchema, WorkspaceSchema } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import { workspaceView, type Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/** The workspace's settings and its rejected payloads. */
export async function workspaceRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/api/v1/workspace', { config: { scope: 'read' }, schema: { tags: ['Workspace'], security, summary: 'The workspace and its settings', response: { 200: WorkspaceSchema, ...adminErrors } } }, async (request) =>
    workspaceView(await engine.workspaces.get(authOf(request).workspaceId)),
  );

  r.patch(
    '/api/v1/workspace',
    {
      config: { scope: 'settings:manage' },
      schema: { tags: ['Workspace'], security, summary: 'Change the name, consent purposes, retention, lifecycle thresholds or the RFM model; segments are built again when what their rules read changed', body: UpdateWorkspaceBodySchema, response: { 200: WorkspaceSchema, ...adminErrors } },
    },
    async (request) => {
      const workspaceId = authOf(request).workspaceId;
      const result = await engine.workspaces.update(workspaceId, request.body);
      if (!result.ok) throw new AppError({ code: 'ERR_WORKSPACE_INVALID_SETTINGS', message: result.error.map((p) => p.message).join('; '), details: result.error });
      // Segment rules read consent purposes, lifecycle thresholds and (for their time triggers) retention.
      if (request.body.purposes !== undefined || request.body.lifecycle !== undefined || request.body.retention !== undefined) await engine.segments.settingsChanged(workspaceId);
      return workspaceView(result.value);
    },
  );

  r.get(
    '/api/v1/rejected-events',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['Ingestion'],
        security,
        summary: 'Payloads refused at ingestion or set aside by the processor, newest first, with their reasons',
        querystring: RejectedListQuerySchema,
        response: { 200: PagedSchema(RejectedEventSchema), ...adminErrors },
      },
    },
    async (request) => engine.rejected.list({ workspaceId: authOf(request).workspaceId, ...request.query, limit: request.query.limit ?? 50 }),
  );
}
