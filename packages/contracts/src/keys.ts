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
 * person's data, which needs `privacy:export`.
 */
export const secretKeyScopes = [
  'admin',
  'read',
  'catalog:write',
  'segments:write',
  'recommendations:write',
  'consent:write',
  'privacy:export',
  'privacy:erase',
  'keys:manage',
  'settings:manage',
] as const;
export type SecretKeyScope = (typeof secretKeyScopes)[number];

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
