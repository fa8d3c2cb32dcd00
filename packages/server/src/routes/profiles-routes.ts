import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ConsentViewSchema,
  PagedSchema,
  ProfileIdParamsSchema,
  ProfileListQuerySchema,
  ProfileLookupQuerySchema,
  ProfileSchema,
  ProfileSummarySchema,
  SetConsentBodySchema,
  TimelineEventSchema,
  TimelineQuerySchema,
} from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

function notFound(id: string): AppError {
  return new AppError({ code: 'ERR_PROFILE_NOT_FOUND', message: 'no profile has this id', details: [{ path: '/params/id', message: `no userId, anonymousId or profile id ${JSON.stringify(id.slice(0, 100))}` }] });
}

/** Profiles, their timelines and their consent. */
export async function profilesRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Profiles'];

  r.get(
    '/api/v1/profiles',
    { config: { scope: 'read' }, schema: { tags, security, summary: 'List and search profiles, newest first', querystring: ProfileListQuerySchema, response: { 200: PagedSchema(ProfileSummarySchema), ...adminErrors } } },
    async (request) => engine.profiles.list(authOf(request).workspaceId, request.query),
  );

  r.get(
    '/api/v1/profiles/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        security,
        summary: 'A profile by userId, anonymousId or profile id: traits, computed features, consent and identities',
        params: ProfileIdParamsSchema,
        querystring: ProfileLookupQuerySchema,
        response: { 200: ProfileSchema, ...adminErrors },
      },
    },
    async (request) => {
      const view = await engine.profiles.view(authOf(request).workspaceId, request.params.id, request.query.by);
      if (view === undefined) throw notFound(request.params.id);
      return view;
    },
  );

  r.get(
    '/api/v1/profiles/:id/events',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        security,
        summary: "A profile's events, newest first, in Segment's message shape",
        params: ProfileIdParamsSchema,
        querystring: Type.Intersect([TimelineQuerySchema, ProfileLookupQuerySchema]),
        response: { 200: PagedSchema(TimelineEventSchema), ...adminErrors },
      },
    },
    async (request) => {
      const workspaceId = authOf(request).workspaceId;
      const profile = await engine.profiles.find(workspaceId, request.params.id, request.query.by);
      if (profile === undefined) throw notFound(request.params.id);
      return engine.profiles.timeline(workspaceId, profile.id, request.query);
    },
  );

  r.get(
    '/api/v1/profiles/:id/consent',
    { config: { scope: 'read' }, schema: { tags: ['Consent'], security, summary: 'Consent per purpose, with its full history', params: ProfileIdParamsSchema, response: { 200: ConsentViewSchema, ...adminErrors } } },
    async (request) => {
      const view = await engine.consent.get(authOf(request).workspaceId, request.params.id);
      if (view === undefined) throw notFound(request.params.id);
      return view;
    },
  );

  r.put(
    '/api/v1/profiles/:id/consent',
    {
      config: { scope: 'consent:write', aboutPerson: true },
      schema: {
        tags: ['Consent'],
        security,
        summary: 'Record consent choices (source "api"); answers once they are applied',
        params: ProfileIdParamsSchema,
        body: SetConsentBodySchema,
        response: { 200: ConsentViewSchema, ...adminErrors },
      },
    },
    async (request) => {
      const result = await engine.consent.set(authOf(request).workspaceId, request.params.id, request.body);
      if (!result.ok) {
        throw new AppError({
          code: 'ERR_CONSENT_UNKNOWN_PURPOSE',
          message: `unknown purpose: ${result.error.join(', ')}`,
          details: result.error.map((p) => ({ path: `/purposes/${p}`, message: 'not a purpose of this workspace' })),
        });
      }
      if (result.value === undefined) throw notFound(request.params.id);
      return result.value;
    },
  );
}
