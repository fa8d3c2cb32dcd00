import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ConsentViewSchema, ContactPreferencesSchema, ErasureReportSchema, ErrorResponseSchema, MeConsentBodySchema, MePreferencesBodySchema, MeQuerySchema, PREFERENCES_TRAIT, WhySchema, type MeQuery } from '@rapport/contracts';
import { AppError, sha256Hex } from '@rapport/core';
import { contactPreferencesOf, profileFromRow, type Engine, type PrivacySubject } from '@rapport/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { preferenceCenterPage, preferenceCenterScript } from '../preference-center/preference-center.js';
import { allowAnyOrigin, publicPerson } from '../http/write-key.js';
import { exportJson } from './subject-export.js';

const publicErrors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema } as const;
const security = [{ writeKeyBasic: [] }];

/** Who the person is, and what Rapport holds about them; a signed-in person needs their user token. */
async function mePerson(request: FastifyRequest, engine: Engine, q: MeQuery): Promise<{ workspaceId: string; ids: { userId?: string; anonymousId?: string }; subject: PrivacySubject | undefined }> {
  const { workspaceId, userId, anonymousId } = await publicPerson(request, engine, q, 'the admin API');
  if (userId === undefined && anonymousId === undefined) throw new AppError({ code: 'ERR_REQUEST_INVALID', message: 'name yourself: anonymousId, or userId with its userToken', details: [{ path: '/anonymousId', message: 'give anonymousId or userId' }] });
  const subject = userId !== undefined ? await engine.profiles.subject(workspaceId, userId, 'userId') : await engine.profiles.subject(workspaceId, anonymousId!, 'anonymousId');
  // A device's anonymousId alone does not open the data of someone who signed in on it.
  if (subject !== undefined && subject.userIds.length > 0 && (userId === undefined || !subject.userIds.includes(userId))) {
    throw new AppError({ code: 'ERR_AUTH_USER_TOKEN', message: 'this person has signed in: send the userId with its userToken', details: [{ path: '/userToken', message: 'needed for a signed-in person' }] });
  }
  return { workspaceId, ids: { ...(userId === undefined ? {} : { userId }), ...(anonymousId === undefined ? {} : { anonymousId }) }, subject };
}

/**
 * The end user's own routes (write key, CORS open): why they see what they see, their consent, a download of their
 * data and its erasure — and the hosted preference center page that uses them.
 */
export async function meRoutes(app: FastifyInstance, { engine }: { engine: Engine }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['End users'];
  allowAnyOrigin(app);

  r.get(
    '/v1/me/why',
    { schema: { tags, security, summary: 'Everything personalized for this person now, and why: consent, segments with explanations, interests, placements, messages — in sentences', querystring: MeQuerySchema, response: { 200: WhySchema, ...publicErrors } } },
    async (request) => {
      const { workspaceId, ids } = await mePerson(request, engine, request.query);
      return engine.why.why(workspaceId, ids);
    },
  );

  r.post(
    '/v1/me/consent',
    { schema: { tags, security, summary: 'Change this person’s consent per purpose; answered once applied', body: MeConsentBodySchema, response: { 200: ConsentViewSchema, ...publicErrors } } },
    async (request) => {
      const { workspaceId, ids } = await mePerson(request, engine, request.body);
      // Recorded with the ids the person gave: for someone not known yet, the choice is their first event.
      const result = await engine.consent.setFor(workspaceId, ids, { purposes: request.body.purposes });
      if (!result.ok) throw unknownPurposes(result.error);
      if (result.value === undefined) throw new Error('the consent event was not applied in 5 s');
      return result.value;
    },
  );

  r.post(
    '/v1/me/preferences',
    {
      schema: {
        tags,
        security,
        summary: 'Change how this person may be contacted: channels turned off, and a daily limit of promotional messages lower than the shop’s; answered once applied',
        body: MePreferencesBodySchema,
        response: { 200: ContactPreferencesSchema, ...publicErrors },
      },
    },
    async (request) => {
      const { workspaceId, ids, subject } = await mePerson(request, engine, request.body);
      const row = subject === undefined ? undefined : await engine.profiles.find(workspaceId, subject.profileId, 'profileId');
      const current = contactPreferencesOf(row === undefined ? undefined : profileFromRow(row).traits);
      const { channels, promotionalPerDay } = request.body;
      const next = { channels: { ...current.channels, ...channels }, promotionalPerDay: promotionalPerDay === undefined ? current.promotionalPerDay : promotionalPerDay };
      // Kept as a trait: it follows the person through merges, exports and erasure like the rest of their profile.
      const result = await engine.ingest.ingestMessages(workspaceId, [{ type: 'identify', ...ids, traits: { [PREFERENCES_TRAIT]: next } }], { source: 'http' });
      const seq = result.seqs[0];
      if (seq === undefined) throw new AppError({ code: 'ERR_REQUEST_INVALID', message: result.problems.map((p) => p.message).join('; ') });
      await engine.processor.waitFor(seq, 5000);
      return next;
    },
  );

  r.get(
    '/v1/me/export',
    { schema: { tags, security, summary: 'Everything held about this person, as a JSON download (as GET /api/v1/subjects/{id}/export)', querystring: MeQuerySchema, response: { 200: Type.Unknown(), ...publicErrors, 404: ErrorResponseSchema } } },
    async (request, reply) => {
      const { workspaceId, ids, subject } = await mePerson(request, engine, request.query);
      if (subject === undefined) throw nothingHeld();
      await engine.privacy.recordExport(workspaceId, ids.userId ?? ids.anonymousId!, 'the person, from the preference center');
      const name = `my-data-${sha256Hex(subject.profileId).slice(0, 12)}`;
      const stores = engine.privacyRegistry.stores.map((s) => s.name);
      return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${name}.json"`).send(exportJson(subject, stores, engine.privacy.exportRecords(subject), new Date(engine.clock.now())));
    },
  );

  r.post(
    '/v1/me/erase',
    { schema: { tags, security, summary: 'Erase everything held about this person (as DELETE /api/v1/subjects/{id}); later events from their ids are refused', body: MeQuerySchema, response: { 200: ErasureReportSchema, ...publicErrors, 404: ErrorResponseSchema } } },
    async (request) => {
      const { ids, subject } = await mePerson(request, engine, request.body);
      if (subject === undefined) throw nothingHeld();
      return engine.privacy.erase(subject, ids.userId ?? ids.anonymousId!, 'the person, from the preference center');
    },
  );

  app.get('/preferences', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .send(preferenceCenterPage()),
  );
  app.get('/preferences/app.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(preferenceCenterScript()));
}

function unknownPurposes(names: readonly string[]): AppError {
  return new AppError({ code: 'ERR_CONSENT_UNKNOWN_PURPOSE', message: `unknown purposes: ${names.join(', ')}`, details: names.map((n) => ({ path: `/purposes/${n}`, message: 'not a purpose of this shop' })) });
}

function nothingHeld(): AppError {
  return new AppError({ code: 'ERR_PRIVACY_SUBJECT_NOT_FOUND', message: 'nothing is held about this person' });
}
