import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AcceptInvitationBodySchema,
  ChangePasswordBodySchema,
  ErrorResponseSchema,
  LoginBodySchema,
  SessionSchema,
  SetupBodySchema,
  UpdateMeBodySchema,
} from '@rapport/contracts';
import type { Result } from '@rapport/core';
import type { AccountFailure, Engine, SignedIn } from '@rapport/engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sessionOf, userPrincipal } from '../http/auth.js';
import { SESSION_COOKIE, type SessionCookies } from '../http/session-cookies.js';
import {
  accountError,
  accountErrors as errors,
  sessionSecurity as security,
  sessionView,
} from './account-answers.js';

/**
 * How people get in and out of the dashboard: the first-run setup of the owner, login, accepting an invitation,
 * logout, who am I, and changing one's name or password. Sign-ins answer with the session (and its CSRF token) and
 * set the two session cookies (docs/accounts.md).
 */
export async function accountsRoutes(
  app: FastifyInstance,
  { engine, cookies }: { engine: Engine; cookies: SessionCookies },
): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Accounts'];
  const accounts = engine.accounts;
  const publicAccess = { access: 'public' as const };
  const signedInOnly = { access: 'session' as const };
  const idleMs = accounts.settings.sessionIdleMs;

  /** Answers a sign-in: the cookies, the session, and its author for the audit log. */
  const signIn = async (
    request: FastifyRequest,
    reply: FastifyReply,
    result: Result<SignedIn, AccountFailure>,
    status: 200 | 201,
  ) => {
    if (!result.ok) throw accountError(result.error, reply);
    // A browser that was signed in as someone else: that session ends.
    const previous = request.cookies[SESSION_COOKIE];
    const old = previous === undefined ? undefined : await accounts.sessions.resolve(previous);
    if (old !== undefined) await accounts.sessions.end(old);
    cookies.set(request, reply, result.value, engine.clock.now());
    request.auth = userPrincipal(result.value.session);
    return reply.code(status).send(sessionView(result.value.session, idleMs));
  };

  r.post(
    '/api/v1/auth/setup',
    {
      config: publicAccess,
      schema: {
        tags,
        security: [],
        summary:
          'Create the owner account with the one-time setup token printed by `rapport start`, and sign in',
        body: SetupBodySchema,
        response: { 201: SessionSchema, ...errors },
      },
    },
    async (request, reply) => signIn(request, reply, await accounts.access.setup(request.body), 201),
  );

  r.post(
    '/api/v1/auth/login',
    {
      config: publicAccess,
      schema: {
        tags,
        security: [],
        summary:
          'Sign in with e-mail address and password (5 failures in 15 minutes per address and client: 429 with Retry-After)',
        body: LoginBodySchema,
        response: { 200: SessionSchema, ...errors, 429: ErrorResponseSchema },
      },
    },
    async (request, reply) =>
      signIn(request, reply, await accounts.access.login(request.body, request.ip), 200),
  );

  r.post(
    '/api/v1/auth/accept-invitation',
    {
      config: publicAccess,
      schema: {
        tags,
        security: [],
        summary: 'Create your account from an invitation token (it works once), and sign in',
        body: AcceptInvitationBodySchema,
        response: { 201: SessionSchema, ...errors },
      },
    },
    async (request, reply) =>
      signIn(request, reply, await accounts.access.acceptInvitation(request.body), 201),
  );

  r.post(
    '/api/v1/auth/logout',
    {
      config: signedInOnly,
      schema: { tags, security, summary: 'End this session', response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await accounts.sessions.end(sessionOf(request));
      cookies.clear(request, reply);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      config: signedInOnly,
      schema: {
        tags,
        security,
        summary: 'Who is signed in, what their role allows, and the CSRF token',
        response: { 200: SessionSchema, ...errors },
      },
    },
    async (request) => sessionView(sessionOf(request), idleMs),
  );

  r.patch(
    '/api/v1/auth/me',
    {
      config: signedInOnly,
      schema: {
        tags,
        security,
        summary: 'Change your name',
        body: UpdateMeBodySchema,
        response: { 200: SessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const changed = await accounts.team.update(session.workspaceId, session.user.id, {
        name: request.body.name,
      });
      if (!changed.ok) throw accountError(changed.error, reply);
      return sessionView({ ...session, user: { ...session.user, name: changed.value.after.name } }, idleMs);
    },
  );

  r.post(
    '/api/v1/auth/password',
    {
      config: signedInOnly,
      schema: {
        tags,
        security,
        summary: 'Change your password; your other sessions end',
        body: ChangePasswordBodySchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const changed = await accounts.access.changePassword(sessionOf(request), request.body);
      if (!changed.ok) throw accountError(changed.error, reply);
      return reply.code(204).send(null);
    },
  );
}
