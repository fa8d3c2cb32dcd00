import { Type, type Static } from 'typebox';
import { NullableIsoDateTime, IsoDateTime } from './common.js';

/**
 * The purposes a person can consent to, unless the workspace configures others. Each use of personal data names the
 * purpose it serves and checks it.
 */
export const defaultPurposes = ['analytics', 'personalization', 'marketing', 'advertising'] as const;

export const consentSources = ['default', 'event', 'api', 'import'] as const;
export type ConsentSource = (typeof consentSources)[number];

export const PurposeIdSchema = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' });

export const PurposeSchema = Type.Object(
  {
    id: PurposeIdSchema,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.String({ maxLength: 1000 }),
    default: Type.Union([Type.Literal('granted'), Type.Literal('denied')], {
      description: 'The state of a person who has not chosen: "denied" for opt-in purposes, "granted" for opt-out ones',
    }),
    aliases: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      description: 'Category names of a consent tool (for example "Functional" or "C0003") that mean this purpose in context.consent.categoryPreferences',
    }),
  },
  { additionalProperties: false },
);
export type Purpose = Static<typeof PurposeSchema>;

export const ConsentStateSchema = Type.Object({
  granted: Type.Boolean(),
  source: Type.Enum(consentSources),
  at: NullableIsoDateTime,
});
export type ConsentStateView = Static<typeof ConsentStateSchema>;

export const ConsentChangeSchema = Type.Object({
  purpose: Type.String(),
  granted: Type.Boolean(),
  source: Type.Enum(consentSources),
  at: IsoDateTime,
  recordedAt: IsoDateTime,
  messageId: Type.Union([Type.String(), Type.Null()]),
});

export const ConsentViewSchema = Type.Object({
  profileId: Type.String(),
  purposes: Type.Record(Type.String(), ConsentStateSchema),
  history: Type.Array(ConsentChangeSchema),
});

export type ConsentViewBody = Static<typeof ConsentViewSchema>;

export const SetConsentBodySchema = Type.Object(
  {
    purposes: Type.Record(PurposeIdSchema, Type.Boolean(), { minProperties: 1 }),
    at: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false },
);
export type SetConsentBody = Static<typeof SetConsentBodySchema>;
