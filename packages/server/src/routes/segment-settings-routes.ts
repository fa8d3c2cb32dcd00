import cors from '@fastify/cors';
import { ErrorResponseSchema } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { publicBase } from '../http/public-base.js';

/**
 * The settings document analytics.js loads from its CDN (`<cdnURL>/v1/projects/<writeKey>/settings`) before it sends
 * anything. Served here, it points analytics.js at this server's ingestion (`apiHost`) and turns off Segment's own
 * telemetry, so that a shop only changes `cdnURL` to move analytics.js to Rapport. Register with the prefix
 * `/v1/projects`.
 */
export async function segmentSettingsRoutes(app: FastifyInstance, options: { engine: Engine; publicUrl?: string | undefined }): Promise<void> {
  // Registered under the /v1/projects prefix: @fastify/cors adds an OPTIONS route for its prefix, and ingestion's
  // already holds the root one.
  await app.register(cors, { origin: '*', methods: ['GET'] });
  app.get(
    '/:writeKey/settings',
    {
      schema: {
        tags: ['Ingestion'],
        summary: 'analytics.js settings: point analytics.js here with the cdnURL option',
        params: Type.Object({ writeKey: Type.String({ maxLength: 200 }) }),
        response: { 200: Type.Object({}, { additionalProperties: true }), 401: ErrorResponseSchema },
      },
    },
    async (request) => {
      const { writeKey } = request.params as { writeKey: string };
      const key = await options.engine.keys.authenticate(writeKey);
      if (key === undefined || key.kind !== 'write') throw new AppError({ code: 'ERR_AUTH_INVALID_KEY', message: 'the write key is unknown or revoked' });
      const base = publicBase(request, options.publicUrl);
      return {
        integrations: {
          'Segment.io': {
            apiKey: writeKey,
            apiHost: `${base.host}${base.pathname.replace(/\/$/, '')}/v1`,
            protocol: base.protocol.replace(':', ''),
            unbundledIntegrations: [],
            addBundledMetadata: true,
            maybeBundledConfigIds: {},
          },
        },
        plan: { track: { __default: { enabled: true, integrations: {} } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
        edgeFunction: {},
        analyticsNextEnabled: true,
        middlewareSettings: {},
        enabledMiddleware: {},
        metrics: { sampleRate: 0 },
        legacyVideoPluginsEnabled: false,
        remotePlugins: [],
      };
    },
  );
}
