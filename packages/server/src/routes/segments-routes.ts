import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateSegmentBodySchema,
  PagedSchema,
  PreviewSegmentBodySchema,
  ProfileIdParamsSchema,
  ProfileSegmentsSchema,
  SegmentChangeSchema,
  SegmentChangesQuerySchema,
  SegmentExplanationSchema,
  SegmentIdParamsSchema,
  SegmentMemberParamsSchema,
  SegmentMemberSchema,
  SegmentMembersQuerySchema,
  SegmentPreviewSchema,
  SegmentSchema,
  SegmentSizesSchema,
  UpdateSegmentBodySchema,
} from '@rapport/contracts';
import { AppError } from '@rapport/core';
import type { Engine, SegmentFailure } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Readable } from 'node:stream';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';

function failure(f: SegmentFailure): AppError {
  switch (f.reason) {
    case 'not_found':
      return new AppError({ code: 'ERR_SEGMENT_NOT_FOUND', message: 'no segment (or no person) has this id', details: [{ path: '/params/id', message: 'unknown segment' }] });
    case 'invalid':
      return new AppError({ code: 'ERR_SEGMENT_INVALID_RULE', message: `the segment is invalid: ${f.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, details: f.problems });
    case 'name_taken':
      return new AppError({ code: 'ERR_SEGMENT_NAME_TAKEN', message: 'another segment has this name', details: [{ path: '/name', message: 'choose another name' }] });
    case 'in_use':
      return new AppError({ code: 'ERR_SEGMENT_IN_USE', message: `other segments refer to this one: ${f.by.join(', ')}`, details: f.by.map((name) => ({ path: '', message: `used by "${name}"` })) });
  }
}

const notFound = () => failure({ reason: 'not_found' });
const csvCell = (v: string | null) => (v === null ? '' : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Segments: definitions, previews, members, sizes, the stream of entries and exits, explanations. */
export async function segmentsRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Segments'];
  const segments = engine.segments;

  r.get('/api/v1/segments', { config: { scope: 'read' }, schema: { tags, security, summary: 'Every segment, with its size and status', response: { 200: Type.Object({ items: Type.Array(SegmentSchema) }), ...adminErrors } } }, async (request) => ({
    items: await segments.list(authOf(request).workspaceId),
  }));

  r.post(
    '/api/v1/segments',
    {
      config: { scope: 'segments:write' },
      schema: { tags, security, summary: 'Create a segment; the processor builds its membership, then keeps it up to date', body: CreateSegmentBodySchema, response: { 201: SegmentSchema, ...adminErrors, 409: adminErrors[400] } },
    },
    async (request, reply) => {
      const result = await segments.create(authOf(request).workspaceId, request.body);
      if (!result.ok) throw failure(result.error);
      return reply.code(201).send(result.value);
    },
  );

  r.post(
    '/api/v1/segments/preview',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        security,
        summary: 'Size and a sample of the people a rule selects now, without saving it (fast enough to call while the rule is being written)',
        body: PreviewSegmentBodySchema,
        response: { 200: SegmentPreviewSchema, ...adminErrors },
      },
    },
    async (request) => {
      const result = await segments.preview(authOf(request).workspaceId, request.body);
      if (!result.ok) throw failure(result.error);
      return result.value;
    },
  );

  r.get('/api/v1/segments/:id', { config: { scope: 'read' }, schema: { tags, security, summary: 'One segment', params: SegmentIdParamsSchema, response: { 200: SegmentSchema, ...adminErrors } } }, async (request) => {
    const view = await segments.get(authOf(request).workspaceId, request.params.id);
    if (view === undefined) throw notFound();
    return view;
  });

  r.patch(
    '/api/v1/segments/:id',
    {
      config: { scope: 'segments:write' },
      schema: { tags, security, summary: 'Change a segment; a new rule or purpose is built again', params: SegmentIdParamsSchema, body: UpdateSegmentBodySchema, response: { 200: SegmentSchema, ...adminErrors, 409: adminErrors[400] } },
    },
    async (request) => {
      const result = await segments.update(authOf(request).workspaceId, request.params.id, request.body);
      if (!result.ok) throw failure(result.error);
      return result.value;
    },
  );

  r.delete(
    '/api/v1/segments/:id',
    { config: { scope: 'segments:write' }, schema: { tags, security, summary: 'Delete a segment (refused while another segment refers to it)', params: SegmentIdParamsSchema, response: { 204: Type.Null(), ...adminErrors, 409: adminErrors[400] } } },
    async (request, reply) => {
      const result = await segments.delete(authOf(request).workspaceId, request.params.id);
      if (!result.ok) throw failure(result.error);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/segments/:id/members',
    { config: { scope: 'read' }, schema: { tags, security, summary: 'Members, by profile id', params: SegmentIdParamsSchema, querystring: SegmentMembersQuerySchema, response: { 200: PagedSchema(SegmentMemberSchema), ...adminErrors } } },
    async (request) => {
      const page = await segments.members(authOf(request).workspaceId, request.params.id, request.query);
      if (page === undefined) throw notFound();
      return page;
    },
  );

  // Not through the type provider: the body is a stream of CSV lines, which the JSON response schemas do not describe.
  app.get<{ Params: { id: string } }>(
    '/api/v1/segments/:id/members.csv',
    {
      config: { scope: 'read' },
      schema: { tags, security, summary: 'Every member as CSV (profile_id, user_id, anonymous_id, email, entered_at)', params: SegmentIdParamsSchema, produces: ['text/csv'], response: { 200: { description: 'CSV, one member per line', type: 'string' }, ...adminErrors } },
    },
    async (request, reply) => {
      const workspaceId = authOf(request).workspaceId;
      const segment = await segments.get(workspaceId, request.params.id);
      if (segment === undefined) throw notFound();
      const lines = async function* () {
        yield 'profile_id,user_id,anonymous_id,email,entered_at\n';
        for await (const m of segments.allMembers(workspaceId, segment.id)) yield `${[m.profileId, m.userId, m.anonymousId, m.email, m.enteredAt].map(csvCell).join(',')}\n`;
      };
      const file = `${segment.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'segment'}.csv`;
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`).send(Readable.from(lines()));
    },
  );

  r.get(
    '/api/v1/segments/:id/sizes',
    {
      config: { scope: 'read' },
      schema: { tags, security, summary: 'Size per UTC day', params: SegmentIdParamsSchema, querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, default: 90 })) }), response: { 200: SegmentSizesSchema, ...adminErrors } },
    },
    async (request) => {
      const items = await segments.sizes(authOf(request).workspaceId, request.params.id, request.query.days ?? 90);
      if (items === undefined) throw notFound();
      return { items };
    },
  );

  r.get(
    '/api/v1/segments/:id/explain/:profileId',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        security,
        summary: 'Why a person (userId, anonymousId or profile id) is in the segment or not: each condition, its values and a sentence',
        params: SegmentMemberParamsSchema,
        response: { 200: SegmentExplanationSchema, ...adminErrors },
      },
    },
    async (request) => {
      const result = await segments.explain(authOf(request).workspaceId, request.params.id, request.params.profileId);
      if (!result.ok) throw failure(result.error);
      return result.value;
    },
  );

  r.get(
    '/api/v1/segment-changes',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        security,
        summary: 'Entries and exits of every segment in order (the segment.entered / segment.exited signals); pass `after` = the last seq seen',
        querystring: Type.Intersect([SegmentChangesQuerySchema, Type.Object({ segmentId: Type.Optional(Type.String({ maxLength: 100 })) })]),
        response: { 200: Type.Object({ items: Type.Array(SegmentChangeSchema), last: Type.Integer() }), ...adminErrors },
      },
    },
    async (request) => segments.changes(authOf(request).workspaceId, request.query),
  );

  r.get(
    '/api/v1/profiles/:id/segments',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        security,
        summary: "A person's segments now, and their history of entries and exits (newest first)",
        params: ProfileIdParamsSchema,
        response: { 200: Type.Intersect([ProfileSegmentsSchema, Type.Object({ history: Type.Array(SegmentChangeSchema) })]), ...adminErrors },
      },
    },
    async (request) => {
      const workspaceId = authOf(request).workspaceId;
      const items = await segments.ofProfile(workspaceId, request.params.id);
      const history = await segments.history(workspaceId, request.params.id);
      if (items === undefined || history === undefined) throw new AppError({ code: 'ERR_PROFILE_NOT_FOUND', message: 'no profile has this id', details: [{ path: '/params/id', message: 'unknown person' }] });
      return { items, history };
    },
  );
}
