import { Type, type Static } from 'typebox';
import { IsoDateTime, NullableIsoDateTime } from './common.js';
import { secretKeyScopes } from './keys.js';
import { assignableRoles, roles } from './roles.js';

/** Password rules, shared by the API and the dashboard (which checks as the person types). */
export const passwordRules = { minLength: 10, maxLength: 200 } as const;

/**
 * What is wrong with a password, in words, or nothing. Length is counted in code points. A password may not be the
 * e-mail address, its part before the @, or the person's name, in any case; nor one character repeated.
 */
export function passwordProblems(
  password: string,
  person: { email: string; name?: string | undefined },
): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < passwordRules.minLength)
    problems.push(`must be at least ${passwordRules.minLength} characters long`);
  if (length > passwordRules.maxLength)
    problems.push(`must be at most ${passwordRules.maxLength} characters long`);
  const lower = password.trim().toLowerCase();
  const email = person.email.trim().toLowerCase();
  const local = email.split('@')[0] ?? '';
  const name = person.name?.trim().toLowerCase() ?? '';
  if (lower === email || lower === local || (name !== '' && lower === name))
    problems.push('must not be your e-mail address or your name');
  if (length > 0 && new Set(password).size === 1) problems.push('must not be one character repeated');
  return problems;
}

const Email = Type.String({
  format: 'email',
  minLength: 3,
  maxLength: 254,
  description: 'Compared without regard to case; unique in the installation',
});
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'Not only spaces' });
const Password = Type.String({
  minLength: 1,
  maxLength: 1000,
  description: `At least ${passwordRules.minLength} characters, not the e-mail address or the name`,
});
const Token = Type.String({ minLength: 1, maxLength: 200 });

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Enum(roles),
  createdAt: IsoDateTime,
  lastLoginAt: NullableIsoDateTime,
});
export type UserView = Static<typeof UserSchema>;

/** A signed-in person: who, what their role lets them do, and the CSRF token to send back as `X-CSRF-Token`. */
export const SessionSchema = Type.Object({
  user: UserSchema,
  scopes: Type.Array(Type.Enum(secretKeyScopes), {
    description: 'What the role allows (docs/accounts.md): the dashboard hides the rest',
  }),
  csrfToken: Type.String({
    description:
      'Send it as X-CSRF-Token with every request that changes something; it is also in the rapport_csrf cookie',
  }),
  expiresAt: IsoDateTime,
  idleMinutes: Type.Integer({
    description: 'The session also ends after this many minutes without a request',
  }),
});
export type SessionView = Static<typeof SessionSchema>;

export const SetupBodySchema = Type.Object(
  { token: Token, email: Email, name: Name, password: Password },
  { additionalProperties: false },
);
export type SetupBody = Static<typeof SetupBodySchema>;

export const LoginBodySchema = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Password },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBodySchema>;

export const AcceptInvitationBodySchema = Type.Object(
  { token: Token, name: Name, password: Password },
  { additionalProperties: false },
);
export type AcceptInvitationBody = Static<typeof AcceptInvitationBodySchema>;

export const ChangePasswordBodySchema = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBodySchema>;

export const UpdateMeBodySchema = Type.Object({ name: Name }, { additionalProperties: false });
export type UpdateMeBody = Static<typeof UpdateMeBodySchema>;

export const UpdateUserBodySchema = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(
      Type.Enum(assignableRoles, {
        description: 'Ownership changes hands by POST /api/v1/users/{id}/ownership',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBodySchema>;

export const InvitationSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: Type.Enum(assignableRoles),
  invitedBy: Type.String({ description: 'The id of the user or the key that invited' }),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
});
export type InvitationView = Static<typeof InvitationSchema>;

export const CreateInvitationBodySchema = Type.Object(
  { email: Email, role: Type.Enum(assignableRoles) },
  { additionalProperties: false },
);
export type CreateInvitationBody = Static<typeof CreateInvitationBodySchema>;

export const CreatedInvitationSchema = Type.Object({
  invitation: InvitationSchema,
  token: Type.String({
    description: 'Shown this once: only its hash is stored. Works once, until expiresAt',
  }),
  url: Type.String({
    description: 'The dashboard page that accepts the invitation, with the token: send it to the person',
  }),
});
export type CreatedInvitationView = Static<typeof CreatedInvitationSchema>;
