import { ErrorResponseSchema, scopesOfRole, type SessionView } from '@rapport/contracts';
import { AppError } from '@rapport/core';
import { accountErrorCodes, userView, type AccountFailure, type ActiveSession } from '@rapport/engine';
import type { FastifyReply } from 'fastify';

/** The answer to a refused account operation, with the code of its reason. */
export function accountError(f: AccountFailure, reply: FastifyReply): AppError {
  const code = accountErrorCodes[f.reason];
  switch (f.reason) {
    case 'setup_done':
      return new AppError({
        code,
        message: 'this workspace already has an owner: log in, or ask the owner for an invitation',
      });
    case 'invalid_token':
      return new AppError({
        code,
        message: 'the token is unknown, already used, revoked or expired',
        details: [{ path: f.path, message: 'not a valid token' }],
      });
    case 'weak_password':
      return new AppError({
        code,
        message: `the password ${f.problems.map((p) => p.message).join('; ')}`,
        details: f.problems,
      });
    case 'invalid_credentials':
      return new AppError({ code, message: 'the e-mail address or the password is wrong' });
    case 'wrong_password':
      return new AppError({
        code,
        message: 'the current password is wrong',
        details: [{ path: '/currentPassword', message: 'is wrong' }],
      });
    case 'email_taken':
      return new AppError({
        code,
        message: 'a user of this installation already has this e-mail address',
        details: [{ path: '/email', message: 'is taken' }],
      });
    case 'user_not_found':
      return new AppError({
        code,
        message: 'no user of this workspace has this id',
        details: [{ path: '/params/id', message: 'unknown user' }],
      });
    case 'invitation_not_found':
      return new AppError({
        code,
        message: 'no pending invitation of this workspace has this id',
        details: [{ path: '/params/id', message: 'unknown invitation' }],
      });
    case 'owner_protected':
      return new AppError({
        code,
        message: 'the owner cannot be removed or given another role: the owner transfers the ownership first',
      });
    case 'throttled':
      void reply.header('retry-after', String(f.retryAfterSeconds));
      return new AppError({ code, message: `too many failed logins: try again in ${f.retryAfterSeconds} s` });
  }
}

/** A signed-in person as `GET /api/v1/auth/me` and the sign-in routes answer. */
export function sessionView(session: ActiveSession, idleMs: number): SessionView {
  return {
    user: userView(session.user),
    scopes: scopesOfRole(session.role),
    csrfToken: session.csrfToken,
    expiresAt: new Date(session.expiresAt).toISOString(),
    idleMinutes: Math.round(idleMs / 60_000),
  };
}

/** The errors account routes answer, for the OpenAPI document. */
export const accountErrors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
} as const;

/** OpenAPI security of routes that only signed-in people use. */
export const sessionSecurity = [{ sessionCookie: [] }];
