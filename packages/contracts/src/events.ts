import { Type, type Static } from 'typebox';
import { IsoDateTime } from './common.js';
import { StoredMessageSchema } from './segment-messages.js';

export const RejectedEventSchema = Type.Object({
  id: Type.String(),
  receivedAt: IsoDateTime,
  code: Type.String(),
  message: Type.String(),
  details: Type.Array(Type.Object({ path: Type.String(), message: Type.String(), index: Type.Optional(Type.Integer()), code: Type.Optional(Type.String()) })),
  endpoint: Type.String(),
  messageId: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Type.String(), Type.Null()]),
  anonymousId: Type.Union([Type.String(), Type.Null()]),
  contentType: Type.Union([Type.String(), Type.Null()]),
  body: Type.String({ description: 'The payload as received (after decompression), as text; see bodyEncoding' }),
  bodyEncoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')], { description: 'base64 when the bytes are not valid UTF-8' }),
  bodyBytes: Type.Integer({ description: 'Size of the whole payload' }),
  truncated: Type.Boolean(),
});

export const RejectedListQuerySchema = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const TimelineEventSchema = StoredMessageSchema;

export const TimelineQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  event: Type.Optional(Type.String({ maxLength: 255, description: 'Only track events with this name' })),
  type: Type.Optional(Type.String({ maxLength: 16, description: 'Only messages of this type' })),
});
export type TimelineQuery = Static<typeof TimelineQuerySchema>;
