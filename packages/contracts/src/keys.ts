import { Type, type Static } from 'typebox';
import { NullableIsoDateTime, IsoDateTime } from './common.js';

/**
 * A *write key* is public: it goes into apps and web pages, may only send events and ask for client-side
 * personalization, and never reads data. A *secret key* stays on servers and calls the admin API within its scopes.
 */
export const keyKinds = ['write', 'secret'] as const;
export type KeyKind = (typeof keyKinds)[number];

/**
 * Scopes of secret keys. `admin` allows everything; `read` allows every read of the admin API except the export of a
 * person's data, which needs `privacy:export`, the staff accounts (`users:manage`) and the audit log (`audit:read`).
 * Signed-in people get the scopes of their role instead (roles.ts).
 */
export const secretKeyScopes = [
  'admin',
  'read',
  'catalog:write',
  'segments:write',
  'recommendations:write',
  'placements:write',
  'consent:write',
  'privacy:export',
  'privacy:erase',
  'keys:manage',
  'settings:manage',
  'users:manage',
  'audit:read',
] as const;
export type SecretKeyScope = (typeof secretKeyScopes)[number];

/** What each scope allows, in words (docs/accounts.md and the dashboard show them). */
export const secretKeyScopeDescriptions: Readonly<Record<SecretKeyScope, string>> = {
  admin: 'everything (for people: also the routes without a narrower scope — geofences, the RFM refresh)',
  read: "every read, except exporting a person's data, the users and the audit log",
  'catalog:write': 'product upserts and deletions',
  'segments:write': 'creating, changing and deleting segments',
  'recommendations:write': 'named recommenders and model training',
  'placements:write': 'creating, changing and deleting placements and in-app messages',
  'consent:write': "recording a person's consent through the API",
  'privacy:export': "exporting everything held about a person",
  'privacy:erase': 'erasing a person',
  'keys:manage': 'creating, listing and revoking API keys; reading and rotating the identity secret',
  'settings:manage': 'changing the workspace settings',
  'users:manage': 'inviting people, changing their roles, removing them',
  'audit:read': 'reading the audit log',
};

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum(keyKinds),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it; the key itself is never shown again' }),
  scopes: Type.Array(Type.Enum(secretKeyScopes)),
  createdAt: IsoDateTime,
  lastUsedAt: NullableIsoDateTime,
  revokedAt: NullableIsoDateTime,
});
export type ApiKeyView = Static<typeof ApiKeySchema>;

export const CreateKeyBodySchema = Type.Object(
  {
    kind: Type.Enum(keyKinds),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Optional(Type.Array(Type.Enum(secretKeyScopes), { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CreateKeyBody = Static<typeof CreateKeyBodySchema>;

export const CreatedKeySchema = Type.Object({
  key: Type.String({ description: 'The key itself, shown this once: only its hash is stored' }),
  apiKey: ApiKeySchema,
});
export type CreatedKeyView = Static<typeof CreatedKeySchema>;
