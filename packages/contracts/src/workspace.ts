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

export const WorkspaceSettingsSchema = Type.Object(
  {
    purposes: Type.Array(PurposeSchema, { minItems: 1, maxItems: 20 }),
    retention: RetentionSettingsSchema,
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
  },
  { additionalProperties: false },
);
export type UpdateWorkspaceBody = Static<typeof UpdateWorkspaceBodySchema>;
