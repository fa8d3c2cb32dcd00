import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { StatsOverviewQuerySchema, StatsOverviewSchema } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/** The figures of the dashboard's overview (docs/statistics.md). */
export async function statsRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/v1/stats/overview',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['Workspace'],
        security,
        summary: 'Events, active and new people and rejected payloads per UTC day; people, identified share, consent per purpose and the processing backlog now',
        description: 'Every day of the range is listed, zeros included. docs/statistics.md defines each figure.',
        querystring: StatsOverviewQuerySchema,
        response: { 200: StatsOverviewSchema, ...adminErrors },
      },
    },
    async (request) => {
      const result = await engine.stats.overview(authOf(request).workspaceId, { days: request.query.days ?? 30, until: request.query.until });
      if (!result.ok) {
        const { field, message } = result.error;
        throw new AppError({ code: 'ERR_REQUEST_INVALID', message, details: [{ path: `/query/${field}`, message }] });
      }
      return result.value;
    },
  );
}
