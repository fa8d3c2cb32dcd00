import { Type, type Static } from 'typebox';
import { IsoDateTime } from './common.js';
import { PurposeIdSchema } from './consent.js';

/** Who asks about themselves, on the public routes of the end user (write key; a userId with its user token). */
export const MeQuerySchema = Type.Object(
  {
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    userToken: Type.Optional(Type.String({ maxLength: 128 })),
    anonymousId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    writeKey: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type MeQuery = Static<typeof MeQuerySchema>;

export const MeConsentBodySchema = Type.Object(
  {
    ...MeQuerySchema.properties,
    purposes: Type.Record(PurposeIdSchema, Type.Boolean(), { minProperties: 1, description: 'purpose id → granted' }),
  },
  { additionalProperties: false },
);
export type MeConsentBody = Static<typeof MeConsentBodySchema>;

/** The channels a person may be contacted on (in-app now; e-mail, push and SMS as they come). */
export const contactChannels = ['inApp', 'email', 'push', 'sms'] as const;
export type ContactChannel = (typeof contactChannels)[number];

/**
 * A person's own contact preferences: channels they turned off, and a daily limit of promotional messages lower than
 * the shop's. Kept as the trait `rapport_preferences` of their profile (so that it follows merges, exports and erasure).
 */
export const ContactPreferencesSchema = Type.Object(
  {
    channels: Type.Object(
      {
        inApp: Type.Optional(Type.Boolean()),
        email: Type.Optional(Type.Boolean()),
        push: Type.Optional(Type.Boolean()),
        sms: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false, description: 'false: no promotional messages on this channel (service messages still come)' },
    ),
    promotionalPerDay: Type.Union([Type.Null(), Type.Integer({ minimum: 0, maximum: 100 })], { description: "At most this many promotional messages a day; null: the shop's limit (null first: see Nullable)" }),
  },
  { additionalProperties: false },
);
export type ContactPreferences = Static<typeof ContactPreferencesSchema>;

/** The trait a person's contact preferences are kept in. */
export const PREFERENCES_TRAIT = 'rapport_preferences';

export const MePreferencesBodySchema = Type.Object(
  {
    ...MeQuerySchema.properties,
    channels: Type.Optional(ContactPreferencesSchema.properties.channels),
    promotionalPerDay: Type.Optional(ContactPreferencesSchema.properties.promotionalPerDay),
  },
  { additionalProperties: false },
);
export type MePreferencesBody = Static<typeof MePreferencesBodySchema>;

/** Everything personalized for a person right now, and why, in data and in plain sentences. */
export const WhySchema = Type.Object({
  known: Type.Boolean({ description: 'Whether Rapport holds a profile for these ids' }),
  personalized: Type.Boolean({ description: 'Whether what they see is chosen from their data (consent to personalization)' }),
  summary: Type.String(),
  consent: Type.Array(
    Type.Object({
      purpose: Type.String(),
      name: Type.String(),
      description: Type.String(),
      granted: Type.Boolean(),
      source: Type.String({ description: 'default (the shop’s default), or how the person chose: event, api, …' }),
      at: Type.Union([IsoDateTime, Type.Null()]),
    }),
  ),
  segments: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), since: IsoDateTime, sentence: Type.String() }), { description: 'The groups the person is in, and why' }),
  interests: Type.Array(Type.String(), { description: 'What recommendations lean on: "You often look at Garden"' }),
  recentlyViewed: Type.Array(Type.String(), { description: 'Products they viewed lately, newest first (names)' }),
  recommendations: Type.String({ description: 'How products are picked for them, in words' }),
  placements: Type.Array(Type.Object({ placement: Type.String(), experience: Type.Union([Type.String(), Type.Null()]), sentence: Type.String() }), {
    description: 'What each content placement shows them now, without a page context, and why',
  }),
  messages: Type.Array(Type.Object({ message: Type.String(), name: Type.String(), shownAt: IsoDateTime, sentence: Type.String() }), { description: 'In-app messages shown to them in the last 30 days' }),
  preferences: Type.Object({
    channels: Type.Object({ inApp: Type.Boolean(), email: Type.Boolean(), push: Type.Boolean(), sms: Type.Boolean() }),
    promotionalPerDay: Type.Union([Type.Integer(), Type.Null()], { description: 'Their own limit; null: the shop’s' }),
    shopPromotionalPerDay: Type.Integer({ description: "The shop's limit for everyone" }),
  }),
});
export type WhyView = Static<typeof WhySchema>;
