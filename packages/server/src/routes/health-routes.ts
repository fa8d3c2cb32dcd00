import { ErrorResponseSchema } from '@rapport/contracts';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PrometheusMetrics } from '../http/prometheus-metrics.js';

export interface HealthRouteOptions {
  readonly engine: Engine;
  readonly metrics: PrometheusMetrics;
  /** True once shutdown began: the node should get no new traffic. */
  readonly isClosing: () => boolean;
}

/** Liveness, readiness and Prometheus metrics: no key needed, nothing about people in them. */
export async function healthRoutes(app: FastifyInstance, options: HealthRouteOptions): Promise<void> {
  app.get('/healthz', { schema: { tags: ['Operations'], summary: 'Liveness: the process answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['Operations'],
        summary: 'Readiness: the database answers and the server is not shutting down',
        response: { 200: Type.Object({ status: Type.Literal('ready'), database: Type.String(), processorLagEvents: Type.Integer() }), 503: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      if (options.isClosing()) return reply.code(503).send({ code: 'ERR_SERVICE_UNAVAILABLE', message: 'shutting down', requestId: request.id });
      try {
        await options.engine.database.ping();
        const lag = await options.engine.processor.lag();
        return { status: 'ready' as const, database: options.engine.database.dialect, processorLagEvents: lag.events };
      } catch (error) {
        request.log.warn({ err: error }, 'database not reachable');
        return reply.code(503).send({ code: 'ERR_STORAGE_UNAVAILABLE', message: 'the database cannot be reached', requestId: request.id });
      }
    },
  );

  app.get('/metrics', { schema: { tags: ['Operations'], summary: 'Prometheus metrics (text exposition format)' } }, async (_request, reply) => {
    const text = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(text);
  });
}
