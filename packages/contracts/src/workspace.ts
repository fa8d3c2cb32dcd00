import { Type, type Static } from 'typebox';
import { IsoDateTime } from './common.js';
import { PurposeSchema } from './consent.js';

export const RetentionSettingsSchema = Type.Object(
  {
    eventsDays: Type.Union([Type.Integer({ minimum: 1, maximum: 36_500 }), Type.Null()], {
      description: 'Raw events older than this many days (by event time) are purged; null keeps them',
    }),
    rejectedDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'Rejected payloads are kept this many days' }),
  },
  { additionalProperties: false },
);

/** Lifecycle stages from days without activity (and days since first seen, for new people); see docs/segments.md. */
export const LifecycleSettingsSchema = Type.Object(
  {
    newDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'First seen at most this many days ago, and active: new' }),
    atRiskDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'Inactive for more than this many days: at risk' }),
    lapsedDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'Inactive for more than this many days: lapsed' }),
    churnedDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'Inactive for more than this many days: churned' }),
  },
  { additionalProperties: false },
);
export type LifecycleSettings = Static<typeof LifecycleSettingsSchema>;

/** The workspace's RFM model (docs/segments.md): its window and how often it is refreshed. */
export const RfmSettingsSchema = Type.Object(
  {
    windowDays: Type.Union([Type.Integer({ minimum: 1, maximum: 36_500 }), Type.Null()], { description: 'Orders of the last this many days before asOf count; null: all time' }),
    refreshHours: Type.Integer({ minimum: 1, maximum: 24 * 31, description: 'Hours between scheduled refreshes' }),
  },
  { additionalProperties: false },
);
export type RfmSettings = Static<typeof RfmSettingsSchema>;

/**
 * How much a person is asked for their attention: the intrusiveness budget shared by every promotional message (in-app
 * now; push, e-mail and SMS as they come), counted per day in the person's time zone.
 */
export const MessagingSettingsSchema = Type.Object(
  {
    promotionalPerDay: Type.Integer({ minimum: 0, maximum: 100, description: 'At most this many promotional messages per person per day (0: none); service messages do not count' }),
  },
  { additionalProperties: false },
);
export type MessagingSettings = Static<typeof MessagingSettingsSchema>;

export const WorkspaceSettingsSchema = Type.Object(
  {
    purposes: Type.Array(PurposeSchema, { minItems: 1, maxItems: 20 }),
    retention: RetentionSettingsSchema,
    lifecycle: LifecycleSettingsSchema,
    rfm: RfmSettingsSchema,
    messaging: MessagingSettingsSchema,
  },
  { additionalProperties: false },
);
export type WorkspaceSettings = Static<typeof WorkspaceSettingsSchema>;

export const WorkspaceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: IsoDateTime,
  settings: WorkspaceSettingsSchema,
});
export type WorkspaceView = Static<typeof WorkspaceSchema>;

export const UpdateWorkspaceBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    purposes: Type.Optional(Type.Array(PurposeSchema, { minItems: 1, maxItems: 20 })),
    retention: Type.Optional(Type.Partial(RetentionSettingsSchema)),
    lifecycle: Type.Optional(Type.Partial(LifecycleSettingsSchema)),
    rfm: Type.Optional(Type.Partial(RfmSettingsSchema)),
    messaging: Type.Optional(Type.Partial(MessagingSettingsSchema)),
  },
  { additionalProperties: false },
);
export type UpdateWorkspaceBody = Static<typeof UpdateWorkspaceBodySchema>;
