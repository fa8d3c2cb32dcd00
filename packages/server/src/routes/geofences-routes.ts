import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateGeofenceBodySchema,
  ErrorResponseSchema,
  GeofenceIdParamsSchema,
  GeofenceListSchema,
  GeofenceSchema,
  UpdateGeofenceBodySchema,
} from '@rapport/contracts';
import { AppError } from '@rapport/core';
import { geofenceErrorCodes, type Engine, type GeofenceFailure } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/** The answer to a refused change, with the code of its reason. */
function failure(f: GeofenceFailure): AppError {
  const code = geofenceErrorCodes[f.reason];
  switch (f.reason) {
    case 'not_found':
      return new AppError({
        code,
        message: 'no geofence of this workspace has this id',
        details: [{ path: '/params/id', message: 'unknown geofence' }],
      });
    case 'key_taken':
      return new AppError({
        code,
        message: `another geofence has the key ${f.key}`,
        details: [{ path: '/key', message: 'is taken' }],
      });
    case 'invalid_shape':
      return new AppError({
        code,
        message: `the polygon is not a simple outline: ${f.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
        details: f.problems,
      });
    case 'invalid_body':
      return new AppError({
        code,
        message: `the request is invalid: ${f.problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`,
        details: f.problems,
      });
  }
}

/** Geofences: named circles and polygons that segment rules test locations against. */
export async function geofencesRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Geofences'];
  const read = { scope: 'read' as const };
  const write = { scope: 'admin' as const };
  const params = GeofenceIdParamsSchema;

  r.get(
    '/api/v1/geofences',
    {
      config: read,
      schema: {
        tags,
        security,
        summary: 'Every geofence of the workspace, by key',
        response: { 200: GeofenceListSchema, ...adminErrors },
      },
    },
    async (request) => ({
      items: await engine.geofences.list(authOf(request).workspaceId),
    }),
  );

  r.post(
    '/api/v1/geofences',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Create a geofence: a circle, or a polygon whose edges do not cross',
        body: CreateGeofenceBodySchema,
        response: { 201: GeofenceSchema, ...adminErrors, 409: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await engine.geofences.create(authOf(request).workspaceId, request.body);
      if (!result.ok) throw failure(result.error);
      return reply.code(201).send(result.value);
    },
  );

  r.get(
    '/api/v1/geofences/:id',
    {
      config: read,
      schema: {
        tags,
        security,
        summary: 'One geofence',
        params,
        response: { 200: GeofenceSchema, ...adminErrors },
      },
    },
    async (request) => {
      const geofence = await engine.geofences.get(authOf(request).workspaceId, request.params.id);
      if (geofence === undefined) throw failure({ reason: 'not_found' });
      return geofence;
    },
  );

  r.patch(
    '/api/v1/geofences/:id',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Change the key, name or shape of a geofence; segments that use it follow the new shape',
        params,
        body: UpdateGeofenceBodySchema,
        response: { 200: GeofenceSchema, ...adminErrors, 409: ErrorResponseSchema },
      },
    },
    async (request) => {
      const result = await engine.geofences.update(
        authOf(request).workspaceId,
        request.params.id,
        request.body,
      );
      if (!result.ok) throw failure(result.error);
      return result.value;
    },
  );

  r.delete(
    '/api/v1/geofences/:id',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Delete a geofence; rules that name its key match nobody',
        params,
        response: { 204: Type.Null(), ...adminErrors },
      },
    },
    async (request, reply) => {
      const result = await engine.geofences.delete(authOf(request).workspaceId, request.params.id);
      if (!result.ok) throw failure(result.error);
      return reply.code(204).send(null);
    },
  );
}
