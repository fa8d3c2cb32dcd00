import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CreatePlacementBodySchema, DecisionsSchema, ErrorResponseSchema, PlacementSchema, PreviewDecisionBodySchema, UpdatePlacementBodySchema } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine, PlacementFailure } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

/** The answer to a refused change, with the code of its reason. */
export function placementFailure(f: PlacementFailure): AppError {
  switch (f.reason) {
    case 'not_found':
      return new AppError({ code: 'ERR_PLACEMENT_NOT_FOUND', message: 'no placement of this workspace has this id or key', details: [{ path: '/params/id', message: 'unknown placement' }] });
    case 'key_taken':
      return new AppError({ code: 'ERR_PLACEMENT_KEY_TAKEN', message: 'another placement has this key', details: [{ path: '/key', message: 'is taken' }] });
    case 'invalid':
      return new AppError({ code: 'ERR_PLACEMENT_INVALID', message: `the placement cannot work as written: ${f.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, details: [...f.problems] });
  }
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'The id or the key' }) });

/** Placements (admin API): named slots of an app or a site, their experiences, and a preview of a decision. */
export async function placementsRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Placements'];
  const read = { scope: 'read' as const };
  const write = { scope: 'placements:write' as const };

  r.get('/api/v1/placements', { config: read, schema: { tags, security, summary: 'Every placement of the workspace, by key', response: { 200: Type.Object({ items: Type.Array(PlacementSchema) }), ...adminErrors } } }, async (request) => ({
    items: await engine.placements.list(authOf(request).workspaceId),
  }));

  r.post(
    '/api/v1/placements',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Create a placement: its experiences (audience, content or a split, schedule, priority) and a default. Templates are parsed and every segment, geofence and recommender named must exist',
        body: CreatePlacementBodySchema,
        response: { 201: PlacementSchema, ...adminErrors, 409: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await engine.placements.create(authOf(request).workspaceId, request.body);
      if (!result.ok) throw placementFailure(result.error);
      return reply.code(201).send(result.value);
    },
  );

  r.post(
    '/api/v1/placements/preview',
    {
      config: read,
      schema: {
        tags,
        security,
        summary: 'What a placement (saved, by id or key, or a draft being edited) would show a person (userId, anonymousId or profileId) in a context, and why. Records nothing',
        body: PreviewDecisionBodySchema,
        response: { 200: DecisionsSchema, ...adminErrors },
      },
    },
    async (request) => {
      const workspaceId = authOf(request).workspaceId;
      const { placement, draft, context, userId, anonymousId, profileId } = request.body;
      let key: string;
      let compiledDraft;
      if (draft !== undefined) {
        const checked = await engine.placements.check(workspaceId, { id: 'draft', key: draft.key, name: draft.name, kind: draft.kind ?? 'content', status: 'active', experiences: draft.experiences, default: draft.default ?? null });
        if (!checked.ok) throw placementFailure(checked.error);
        compiledDraft = checked.value;
        key = draft.key;
      } else if (placement !== undefined) {
        const saved = await engine.placements.get(workspaceId, placement);
        if (saved === undefined) throw placementFailure({ reason: 'not_found' });
        key = saved.key;
      } else {
        throw new AppError({ code: 'ERR_REQUEST_INVALID', message: 'give placement (an id or key) or draft', details: [{ path: '/placement', message: 'give placement or draft' }] });
      }
      return engine.decisions.decide(workspaceId, { userId, anonymousId, profileId, placements: [key], context, recordExposure: false, draft: compiledDraft });
    },
  );

  r.get('/api/v1/placements/:id', { config: read, schema: { tags, security, summary: 'A placement, by id or key', params: IdParams, response: { 200: PlacementSchema, ...adminErrors } } }, async (request) => {
    const view = await engine.placements.get(authOf(request).workspaceId, request.params.id);
    if (view === undefined) throw placementFailure({ reason: 'not_found' });
    return view;
  });

  r.patch(
    '/api/v1/placements/:id',
    { config: write, schema: { tags, security, summary: 'Change a placement (its key stays)', params: IdParams, body: UpdatePlacementBodySchema, response: { 200: PlacementSchema, ...adminErrors } } },
    async (request) => {
      const result = await engine.placements.update(authOf(request).workspaceId, request.params.id, request.body);
      if (!result.ok) throw placementFailure(result.error);
      return result.value;
    },
  );

  r.delete('/api/v1/placements/:id', { config: write, schema: { tags, security, summary: 'Delete a placement: apps asking for it get nothing, with the reason unknown_placement', params: IdParams, response: { 204: Type.Null(), ...adminErrors } } }, async (request, reply) => {
    const result = await engine.placements.delete(authOf(request).workspaceId, request.params.id);
    if (!result.ok) throw placementFailure(result.error);
    return reply.code(204).send(null);
  });
}
