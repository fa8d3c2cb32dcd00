import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErasureReportSchema, PagedSchema, PageQuerySchema, PrivacyRequestSchema, ProfileIdParamsSchema, ProfileLookupQuerySchema, SubjectExportQuerySchema } from '@rapport/contracts';
import { AppError, sha256Hex } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { authOf } from '../http/auth.js';
import { adminErrors, secretKeySecurity as security } from './admin-schemas.js';
import { exportCsv, exportJson } from './subject-export.js';

function noSubject(): AppError {
  return new AppError({ code: 'ERR_PRIVACY_SUBJECT_NOT_FOUND', message: 'no data is held for this identifier', details: [{ path: '/params/id', message: 'no userId, anonymousId or profile id' }] });
}

/** GDPR / CCPA requests: export everything held about a person, or erase it. */
export async function privacyRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Privacy'];

  r.get(
    '/api/v1/subjects/:id/export',
    {
      config: { scope: 'privacy:export' },
      schema: {
        tags,
        security,
        summary: 'Everything held about a person (all merged identities), streamed as JSON, or as CSV with ?format=csv',
        params: ProfileIdParamsSchema,
        querystring: Type.Intersect([SubjectExportQuerySchema, ProfileLookupQuerySchema]),
        response: { 200: Type.Unknown({ description: 'JSON: { subject, exportedAt, stores: { <store>: [records] } }; CSV: store,record,field,value' }), ...adminErrors },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const subject = await engine.profiles.subject(auth.workspaceId, request.params.id, request.query.by);
      if (subject === undefined) throw noSubject();
      await engine.privacy.recordExport(auth.workspaceId, request.params.id, auth.id);
      const records = engine.privacy.exportRecords(subject);
      const name = `rapport-export-${sha256Hex(subject.profileId).slice(0, 12)}`;
      if (request.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(exportCsv(records));
      }
      const stores = engine.privacyRegistry.stores.map((s) => s.name);
      return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${name}.json"`).send(exportJson(subject, stores, records, new Date(engine.clock.now())));
    },
  );

  r.delete(
    '/api/v1/subjects/:id',
    {
      config: { scope: 'privacy:erase', aboutPerson: true },
      schema: {
        tags,
        security,
        summary: 'Erase a person from every store, suppress their identifiers (hashed) and report rows removed per store',
        params: ProfileIdParamsSchema,
        querystring: ProfileLookupQuerySchema,
        response: { 200: ErasureReportSchema, ...adminErrors },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const subject = await engine.profiles.subject(auth.workspaceId, request.params.id, request.query.by);
      if (subject === undefined) throw noSubject();
      return engine.privacy.erase(subject, request.params.id, auth.id);
    },
  );

  r.get('/api/v1/privacy/requests', { config: { scope: 'read' }, schema: { tags, security, summary: 'Export and erasure requests, newest first', querystring: PageQuerySchema, response: { 200: PagedSchema(PrivacyRequestSchema), ...adminErrors } } }, async (request) =>
    engine.privacy.listRequests(authOf(request).workspaceId, request.query),
  );

  r.get(
    '/api/v1/privacy/requests/:id',
    { config: { scope: 'read' }, schema: { tags, security, summary: 'One privacy request with its report', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: PrivacyRequestSchema, ...adminErrors } } },
    async (request) => {
      const found = await engine.privacy.getRequest(authOf(request).workspaceId, request.params.id);
      if (found === undefined) throw new AppError({ code: 'ERR_PRIVACY_REQUEST_NOT_FOUND', message: 'no privacy request has this id' });
      return found;
    },
  );
}
