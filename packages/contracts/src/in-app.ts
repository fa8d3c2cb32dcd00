import { Type, type Static } from 'typebox';
import { IsoDateTime, Nullable } from './common.js';
import { AudienceSchema, DecideContextSchema, PlacementKeySchema } from './placements.js';

/** How the SDK shows a message: a dialog over the page, a bar at the top, a toast that goes away, a card in the page. */
export const messageFormats = ['modal', 'banner', 'toast', 'card'] as const;
export type MessageFormat = (typeof messageFormats)[number];

/**
 * What makes the SDK ask for messages: an event it tracked, a page or screen view, the start of a session, or — found
 * by the server when the SDK asks — the person entering a segment or a geofence since the message was last shown.
 */
export const triggerKinds = ['event', 'screen', 'session_start', 'segment_entered', 'geofence_entered'] as const;
export type TriggerKind = (typeof triggerKinds)[number];

export const messageStatuses = ['active', 'paused'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

const HourMinute = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 24-hour' });

export const MessageButtonSchema = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 500, description: 'A Liquid template' }),
    action: Type.Enum(['open_url', 'dismiss'] as const),
    url: Type.Optional(Type.String({ maxLength: 2000, description: 'For open_url: a Liquid template' })),
  },
  { additionalProperties: false },
);

export const MessageContentSchema = Type.Object(
  {
    title: Type.String({ maxLength: 2000, description: 'A Liquid template' }),
    body: Type.Optional(Type.String({ maxLength: 10_000, description: 'A Liquid template' })),
    imageUrl: Type.Optional(Type.String({ maxLength: 2000, description: 'A Liquid template' })),
    imageAlt: Type.Optional(Type.String({ maxLength: 500, description: 'What the image shows, for screen readers' })),
    buttons: Type.Optional(Type.Array(MessageButtonSchema, { maxItems: 2 })),
  },
  { additionalProperties: false },
);
export type MessageContent = Static<typeof MessageContentSchema>;

export const MessageTriggerSchema = Type.Object(
  {
    kind: Type.Enum(triggerKinds),
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'kind event: the event name (Product Added)' })),
    pages: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 50, description: 'kind screen: page names or paths, * at the end for a prefix' })),
    segment: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'kind segment_entered: a segment id or name' })),
    geofence: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'kind geofence_entered: a geofence key' })),
    withinHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, description: 'segment_entered and geofence_entered: how long after entering the message may still show (default 24)' })),
  },
  { additionalProperties: false },
);
export type MessageTrigger = Static<typeof MessageTriggerSchema>;

export const FrequencySchema = Type.Object(
  {
    perSession: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    perDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "In the person's time zone" })),
    total: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    cooldownAfterDismissHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 8760 })),
  },
  { additionalProperties: false },
);
export type Frequency = Static<typeof FrequencySchema>;

export const CreateMessageBodySchema = Type.Object(
  {
    key: PlacementKeySchema,
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    format: Type.Enum(messageFormats),
    content: MessageContentSchema,
    trigger: MessageTriggerSchema,
    audience: Type.Optional(AudienceSchema),
    purpose: Type.Optional(
      Type.Union([Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' }), Type.Null()], {
        description: 'The consent purpose it needs: marketing for promotions (the default); null for service messages (an order update), which need none and do not count against the budget',
      }),
    ),
    frequency: Type.Optional(FrequencySchema),
    quietHours: Type.Optional(Type.Object({ from: HourMinute, to: HourMinute }, { additionalProperties: false, description: "Not shown from → to in the person's time zone" })),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000, description: 'When several qualify, the highest is shown (absent: 0)' })),
    startAt: Type.Optional(IsoDateTime),
    endAt: Type.Optional(IsoDateTime),
    status: Type.Optional(Type.Enum(messageStatuses)),
  },
  { additionalProperties: false },
);
export type CreateMessageBody = Static<typeof CreateMessageBodySchema>;

/** A change: the fields given replace the saved ones; null removes an optional one (the audience, quiet hours, a date). */
export const UpdateMessageBodySchema = Type.Object(
  {
    name: Type.Optional(CreateMessageBodySchema.properties.name),
    format: Type.Optional(CreateMessageBodySchema.properties.format),
    content: Type.Optional(MessageContentSchema),
    trigger: Type.Optional(MessageTriggerSchema),
    audience: Type.Optional(Nullable(AudienceSchema)),
    purpose: CreateMessageBodySchema.properties.purpose,
    frequency: Type.Optional(FrequencySchema),
    quietHours: Type.Optional(Nullable(CreateMessageBodySchema.properties.quietHours)),
    priority: CreateMessageBodySchema.properties.priority,
    startAt: Type.Optional(Nullable(IsoDateTime)),
    endAt: Type.Optional(Nullable(IsoDateTime)),
    status: CreateMessageBodySchema.properties.status,
  },
  { additionalProperties: false },
);
export type UpdateMessageBody = Static<typeof UpdateMessageBodySchema>;

export const InAppMessageSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  format: Type.Enum(messageFormats),
  content: MessageContentSchema,
  trigger: MessageTriggerSchema,
  audience: Nullable(AudienceSchema),
  purpose: Nullable(Type.String()),
  frequency: FrequencySchema,
  quietHours: Nullable(Type.Object({ from: Type.String(), to: Type.String() })),
  priority: Type.Integer(),
  startAt: Nullable(IsoDateTime),
  endAt: Nullable(IsoDateTime),
  status: Type.Enum(messageStatuses),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type InAppMessageView = Static<typeof InAppMessageSchema>;

/** `POST /v1/messages`: the SDK asks, on a trigger, whether a message should show now. */
export const MessagesRequestSchema = Type.Object(
  {
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    userToken: Type.Optional(Type.String({ maxLength: 128 })),
    anonymousId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    sessionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The SDK session, for per-session limits' })),
    trigger: Type.Object(
      {
        kind: Type.Enum(triggerKinds),
        event: Type.Optional(Type.String({ maxLength: 200 })),
        page: Type.Optional(Type.String({ maxLength: 500 })),
      },
      { additionalProperties: false },
    ),
    context: Type.Optional(DecideContextSchema),
    writeKey: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type MessagesRequest = Static<typeof MessagesRequestSchema>;

/** A message to show now, rendered, with what the SDK sends back when it is shown, dismissed or clicked. */
export const DeliveredMessageSchema = Type.Object({
  message: Type.String({ description: 'The message key: the `message` property of Message Shown / Dismissed / Clicked' }),
  deliveryId: Type.String({ description: 'The `deliveryId` property of those events' }),
  format: Type.Enum(messageFormats),
  title: Type.String(),
  body: Nullable(Type.String()),
  imageUrl: Nullable(Type.String()),
  imageAlt: Nullable(Type.String()),
  buttons: Type.Array(Type.Object({ text: Type.String(), action: Type.Enum(['open_url', 'dismiss'] as const), url: Nullable(Type.String()) })),
  reason: Type.Object({ sentence: Type.String({ description: 'Why this person sees it, in words' }), segment: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() })) }),
  tracking: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), {
    description: 'Send these as the properties of Message Shown, Message Dismissed and Message Clicked (with `button` for a click): message, deliveryId, sessionId',
  }),
});
export type DeliveredMessageView = Static<typeof DeliveredMessageSchema>;

export const MessagesResponseSchema = Type.Object({
  messages: Type.Array(DeliveredMessageSchema, { description: 'At most one: the highest priority that may show now' }),
  heldBack: Type.Array(Type.Object({ message: Type.String(), why: Type.String() }), { description: 'Messages that matched the trigger but may not show now, and why' }),
});
export type MessagesResponseView = Static<typeof MessagesResponseSchema>;

/** The events the SDK tracks for a message, with properties `message` and `deliveryId` (and `button` for clicks). */
export const messageEvents = { shown: 'Message Shown', dismissed: 'Message Dismissed', clicked: 'Message Clicked' } as const;
