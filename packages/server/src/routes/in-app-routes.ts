import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CreateMessageBodySchema, ErrorResponseSchema, InAppMessageSchema, MessagesRequestSchema, MessagesResponseSchema, UpdateMessageBodySchema } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine, MessageFailure } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authOf } from '../http/auth.js';
import { allowAnyOrigin, publicPerson } from '../http/write-key.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

function failure(f: MessageFailure): AppError {
  switch (f.reason) {
    case 'not_found':
      return new AppError({ code: 'ERR_MESSAGE_NOT_FOUND', message: 'no in-app message of this workspace has this id or key', details: [{ path: '/params/id', message: 'unknown message' }] });
    case 'key_taken':
      return new AppError({ code: 'ERR_MESSAGE_KEY_TAKEN', message: 'another in-app message has this key', details: [{ path: '/key', message: 'is taken' }] });
    case 'invalid':
      return new AppError({ code: 'ERR_MESSAGE_INVALID', message: `the message cannot work as written: ${f.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, details: [...f.problems] });
  }
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'The id or the key' }) });

const LocationBodySchema = Type.Object(
  {
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    userToken: Type.Optional(Type.String({ maxLength: 128 })),
    anonymousId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    writeKey: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const LocationAnswerSchema = Type.Object({
  accepted: Type.Boolean({ description: 'False without consent to personalization: nothing was kept' }),
  inside: Type.Array(Type.String()),
  entered: Type.Array(Type.String()),
  dwelled: Type.Array(Type.String()),
  exited: Type.Array(Type.String()),
});

/** In-app messages: the admin API, and POST /v1/messages and POST /v1/location for apps and pages (write key). */
export async function inAppRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['In-app messages'];
  const read = { scope: 'read' as const };
  const write = { scope: 'placements:write' as const };
  allowAnyOrigin(app);

  r.get('/api/v1/in-app-messages', { config: read, schema: { tags, security, summary: 'Every in-app message of the workspace, by key', response: { 200: Type.Object({ items: Type.Array(InAppMessageSchema) }), ...adminErrors } } }, async (request) => ({
    items: await engine.messages.list(authOf(request).workspaceId),
  }));
  r.post(
    '/api/v1/in-app-messages',
    {
      config: write,
      schema: { tags, security, summary: 'Create an in-app message: format, content (Liquid), trigger, audience, consent purpose, frequency, quiet hours, priority, schedule', body: CreateMessageBodySchema, response: { 201: InAppMessageSchema, ...adminErrors, 409: ErrorResponseSchema } },
    },
    async (request, reply) => {
      const result = await engine.messages.create(authOf(request).workspaceId, request.body);
      if (!result.ok) throw failure(result.error);
      return reply.code(201).send(result.value);
    },
  );
  r.get('/api/v1/in-app-messages/:id', { config: read, schema: { tags, security, summary: 'An in-app message, by id or key', params: IdParams, response: { 200: InAppMessageSchema, ...adminErrors } } }, async (request) => {
    const view = await engine.messages.get(authOf(request).workspaceId, request.params.id);
    if (view === undefined) throw failure({ reason: 'not_found' });
    return view;
  });
  r.patch('/api/v1/in-app-messages/:id', { config: write, schema: { tags, security, summary: 'Change an in-app message (its key stays)', params: IdParams, body: UpdateMessageBodySchema, response: { 200: InAppMessageSchema, ...adminErrors } } }, async (request) => {
    const result = await engine.messages.update(authOf(request).workspaceId, request.params.id, request.body);
    if (!result.ok) throw failure(result.error);
    return result.value;
  });
  r.delete('/api/v1/in-app-messages/:id', { config: write, schema: { tags, security, summary: 'Delete an in-app message', params: IdParams, response: { 204: Type.Null(), ...adminErrors } } }, async (request, reply) => {
    const result = await engine.messages.delete(authOf(request).workspaceId, request.params.id);
    if (!result.ok) throw failure(result.error);
    return reply.code(204).send(null);
  });

  r.post(
    '/v1/messages',
    {
      schema: {
        tags,
        security: [{ writeKeyBasic: [] }],
        summary:
          'The in-app message to show now for a trigger (an event, a page or screen, the start of a session), if any: the highest priority whose audience, consent, quiet hours, frequency rules and the daily budget allow it; the others with the reason they are held back',
        body: MessagesRequestSchema,
        response: { 200: MessagesResponseSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema },
      },
    },
    async (request) => {
      const { workspaceId, userId, anonymousId } = await publicPerson(request, engine, request.body, 'the admin API');
      const { sessionId, trigger, context } = request.body;
      return engine.messageDelivery.deliver(workspaceId, { userId, anonymousId, sessionId, trigger, context });
    },
  );

  r.post(
    '/v1/location',
    {
      schema: {
        tags,
        security: [{ writeKeyBasic: [] }],
        summary: 'A location update from the app (with consent to personalization): coarsened, compared with the geofences, and sent on as Geofence Entered / Dwelled / Exited events',
        body: LocationBodySchema,
        response: { 200: LocationAnswerSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema },
      },
    },
    async (request) => {
      const { workspaceId, userId, anonymousId } = await publicPerson(request, engine, request.body, 'the admin API');
      if (userId === undefined && anonymousId === undefined) throw new AppError({ code: 'ERR_REQUEST_INVALID', message: 'name the person: anonymousId, or userId with its userToken', details: [{ path: '/anonymousId', message: 'give anonymousId or userId' }] });
      return engine.presence.update(workspaceId, { userId, anonymousId }, request.body);
    },
  );
}
