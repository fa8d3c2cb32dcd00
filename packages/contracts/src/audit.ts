import { Type, type Static } from 'typebox';
import { IsoDateTime } from './common.js';

/** Who made a change: a signed-in person or a secret key. */
export const actorKinds = ['user', 'key'] as const;
export type ActorKind = (typeof actorKinds)[number];

/**
 * One change made through the dashboard or the admin API (docs/accounts.md). Passwords, tokens and keys are never
 * kept; for changes to a person (consent, erasure) the target is a SHA-256 hash and no body is kept.
 */
export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  at: IsoDateTime,
  actor: Type.Object({
    kind: Type.Enum(actorKinds),
    id: Type.String({ description: 'The user id or the key id' }),
    label: Type.Union([Type.String(), Type.Null()], {
      description: "The person's e-mail address or the key's name, as they were then",
    }),
  }),
  action: Type.String({ description: 'Method and route, e.g. "PATCH /api/v1/segments/:id"' }),
  targetId: Type.Union([Type.String(), Type.Null()], {
    description: 'The id in the path; "sha256:…" when it names a person',
  }),
  status: Type.Integer({ description: 'The HTTP status answered: refused attempts are kept too' }),
  requestId: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  request: Type.Unknown({
    description: 'The request body, secrets replaced by "[redacted]"; null when absent or about a person',
  }),
  before: Type.Unknown({
    description: 'The resource before the change, when the route can read it; otherwise null',
  }),
  after: Type.Unknown({
    description: 'The answer of a successful change (the resource after it); otherwise null',
  }),
});
export type AuditEntryView = Static<typeof AuditEntrySchema>;

export const AuditQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    actorId: Type.Optional(Type.String({ maxLength: 64 })),
    targetId: Type.Optional(Type.String({ maxLength: 200 })),
    route: Type.Optional(
      Type.String({ maxLength: 200, description: 'An exact route, e.g. /api/v1/segments/:id' }),
    ),
    method: Type.Optional(Type.Enum(['POST', 'PUT', 'PATCH', 'DELETE'])),
    since: Type.Optional(IsoDateTime),
    until: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuerySchema>;
