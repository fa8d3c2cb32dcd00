import { Type, type Static, type TSchema } from 'typebox';

/**
 * Segment HTTP Tracking API message shapes (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/).
 * Unknown fields are allowed and kept, as Segment does. These schemas check the structure of each message; the
 * ingest module adds what a schema cannot say (identity rules, safe strings, size and depth).
 */

/** The message types of the Tracking API. */
export const messageTypes = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof messageTypes)[number];

/** The short endpoint names analytics.js uses (`/v1/t` …) and the message type each one takes. */
export const shortEndpoints: Readonly<Record<string, MessageType>> = {
  t: 'track',
  i: 'identify',
  p: 'page',
  s: 'screen',
  g: 'group',
  a: 'alias',
};

/** Identifiers: strings of at most 255 characters; numbers are accepted and stored as strings. */
export const IdentifierSchema = Type.Union([Type.String({ maxLength: 255 }), Type.Number(), Type.Null()]);
const TimeSchema = Type.Union([Type.String({ maxLength: 64, description: 'ISO 8601 date-time' }), Type.Null()]);
const Dictionary = Type.Object({}, { additionalProperties: true });

const common = {
  messageId: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Assigned by the server when missing' })),
  userId: Type.Optional(IdentifierSchema),
  anonymousId: Type.Optional(IdentifierSchema),
  timestamp: Type.Optional(TimeSchema),
  originalTimestamp: Type.Optional(TimeSchema),
  sentAt: Type.Optional(TimeSchema),
  context: Type.Optional(Dictionary),
  integrations: Type.Optional(Dictionary),
  writeKey: Type.Optional(Type.String()),
};

const NameSchema = Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()]));

export const TrackSchema = Type.Object(
  { type: Type.Literal('track'), event: Type.String({ minLength: 1, maxLength: 255 }), properties: Type.Optional(Dictionary), ...common },
  { additionalProperties: true },
);
export const IdentifySchema = Type.Object(
  { type: Type.Literal('identify'), traits: Type.Optional(Dictionary), ...common },
  { additionalProperties: true },
);
export const PageSchema = Type.Object(
  { type: Type.Literal('page'), name: NameSchema, category: NameSchema, properties: Type.Optional(Dictionary), ...common },
  { additionalProperties: true },
);
export const ScreenSchema = Type.Object(
  { type: Type.Literal('screen'), name: NameSchema, category: NameSchema, properties: Type.Optional(Dictionary), ...common },
  { additionalProperties: true },
);
export const GroupSchema = Type.Object(
  { type: Type.Literal('group'), groupId: Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Number()]), traits: Type.Optional(Dictionary), ...common },
  { additionalProperties: true },
);
export const AliasSchema = Type.Object(
  { type: Type.Literal('alias'), previousId: Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Number()]), ...common },
  { additionalProperties: true },
);

/** The schema of each message type. */
export const messageSchemas: Readonly<Record<MessageType, TSchema>> = {
  track: TrackSchema,
  identify: IdentifySchema,
  page: PageSchema,
  screen: ScreenSchema,
  group: GroupSchema,
  alias: AliasSchema,
};

export const BatchSchema = Type.Object(
  {
    batch: Type.Array(Type.Object({ type: Type.String() }, { additionalProperties: true })),
    sentAt: Type.Optional(TimeSchema),
    context: Type.Optional(Dictionary),
    integrations: Type.Optional(Dictionary),
    writeKey: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const IngestAcceptedSchema = Type.Object({ success: Type.Literal(true) });

/**
 * A message as Rapport stores and returns it: the sender's fields, plus `messageId` (assigned when missing),
 * `receivedAt`, `originalTimestamp` and the skew-corrected `timestamp`, all ISO 8601 in UTC.
 */
export interface StoredMessage {
  readonly type: MessageType;
  readonly messageId: string;
  readonly userId?: string | null;
  readonly anonymousId?: string | null;
  readonly event?: string;
  readonly name?: string | null;
  readonly category?: string | null;
  readonly groupId?: string;
  readonly previousId?: string;
  readonly properties?: Record<string, unknown>;
  readonly traits?: Record<string, unknown>;
  readonly context?: Record<string, unknown>;
  readonly integrations?: Record<string, unknown>;
  readonly timestamp: string;
  readonly originalTimestamp?: string;
  readonly sentAt?: string;
  readonly receivedAt: string;
  readonly [extra: string]: unknown;
}

/** Flags the server sets on an accepted event that is suspicious but kept. */
export const eventFlags = ['future_timestamp', 'old_timestamp'] as const;
export type EventFlag = (typeof eventFlags)[number];

export const StoredMessageSchema = Type.Object(
  {
    type: Type.Enum(messageTypes),
    messageId: Type.String(),
    userId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    anonymousId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    timestamp: Type.String(),
    receivedAt: Type.String(),
    flags: Type.Optional(Type.Array(Type.Enum(eventFlags))),
  },
  { additionalProperties: true },
);

export type TrackMessage = Static<typeof TrackSchema>;
export type BatchBody = Static<typeof BatchSchema>;
