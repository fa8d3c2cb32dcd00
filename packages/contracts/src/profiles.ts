import { Type, type Static } from 'typebox';
import { IsoDateTime, NullableIsoDateTime, Nullable } from './common.js';
import { ConsentStateSchema } from './consent.js';
import { lifecycleStages } from './segment-rules.js';

const Counts = Type.Record(Type.String(), Type.Number());
/**
 * Features computed from a person's events as they are processed, so that segments, decisions and messages read one
 * row. Behaviour towards products (views, adds, purchases, categories, affinity) and location serve personalization
 * and are only kept while the person consents to it; the rest serves analytics.
 */
export const ProfileFeaturesSchema = Type.Object({
  firstSeenAt: NullableIsoDateTime,
  lastSeenAt: NullableIsoDateTime,
  eventCounts: Type.Record(Type.String(), Type.Integer(), { description: 'Track events by name' }),
  pageViews: Type.Integer(),
  screenViews: Type.Integer(),
  sessions: Type.Integer({ description: 'Runs of activity separated by 30 minutes without events' }),
  orders: Type.Integer(),
  revenue: Type.Number({ description: 'Sum of the revenue of Order Completed events' }),
  refunds: Type.Integer(),
  refundedRevenue: Type.Number(),
  netRevenue: Type.Number({ description: 'revenue − refundedRevenue' }),
  averageOrderValue: Nullable(Type.Number()),
  firstOrderAt: NullableIsoDateTime,
  lastOrderAt: NullableIsoDateTime,
  currency: Nullable(Type.String()),
  device: Nullable(Type.Object({ type: Nullable(Type.String()), manufacturer: Nullable(Type.String()), model: Nullable(Type.String()) })),
  os: Nullable(Type.Object({ name: Nullable(Type.String()), version: Nullable(Type.String()) })),
  browser: Nullable(Type.Object({ name: Nullable(Type.String()), version: Nullable(Type.String()) })),
  app: Nullable(Type.Object({ name: Nullable(Type.String()), version: Nullable(Type.String()), build: Nullable(Type.String()) })),
  platform: Nullable(Type.String({ description: 'web, ios, android or another context.device.type / library' })),
  locale: Nullable(Type.String()),
  timezone: Nullable(Type.String({ description: 'IANA time zone' })),
  products: Type.Object({ viewed: Type.Integer(), added: Type.Integer(), purchased: Type.Integer() }, { description: 'Distinct products' }),
  categories: Type.Object({ viewed: Counts, added: Counts, purchased: Counts }),
  categoryAffinity: Type.Record(Type.String(), Type.Number(), {
    description: 'Share of recency-weighted interest per category (views 1, adds 3, purchases 5; half-life 30 days); sums to 1',
  }),
  location: Nullable(
    Type.Object({
      country: Nullable(Type.String()),
      region: Nullable(Type.String()),
      city: Nullable(Type.String()),
      latitude: Nullable(Type.Number()),
      longitude: Nullable(Type.Number()),
      at: IsoDateTime,
    }),
  ),
});
export type ProfileFeaturesView = Static<typeof ProfileFeaturesSchema>;

export const ProfileSchema = Type.Object({
  id: Type.String(),
  userIds: Type.Array(Type.String()),
  anonymousIds: Type.Array(Type.String()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  traits: Type.Record(Type.String(), Type.Unknown()),
  groups: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown())),
  features: ProfileFeaturesSchema,
  consent: Type.Record(Type.String(), ConsentStateSchema),
  lifecycleStage: Nullable(Type.Enum(lifecycleStages, { description: "From the workspace's lifecycle thresholds, now (docs/segments.md)" })),
  rfm: Nullable(
    Type.Object(
      {
        r: Type.Integer(),
        f: Type.Integer(),
        m: Type.Integer(),
        segment: Type.String(),
        recencyDays: Type.Integer(),
        frequency: Type.Integer(),
        monetary: Type.Number(),
        computedAt: IsoDateTime,
      },
      { description: 'Scores in the last refresh of the RFM model (docs/rfm.md); null when the person was not a customer in it' },
    ),
  ),
});
export type ProfileView = Static<typeof ProfileSchema>;

export const ProfileSummarySchema = Type.Object({
  id: Type.String(),
  userIds: Type.Array(Type.String()),
  anonymousIds: Type.Array(Type.String()),
  email: Nullable(Type.String()),
  name: Nullable(Type.String()),
  lastSeenAt: NullableIsoDateTime,
  createdAt: IsoDateTime,
});
export type ProfileSummaryView = Static<typeof ProfileSummarySchema>;

export const ProfileListQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches the start of a userId or anonymousId, or part of the email or name trait' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});
export type ProfileListQuery = Static<typeof ProfileListQuerySchema>;

export const ProfileIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });
export const ProfileLookupQuerySchema = Type.Object({
  by: Type.Optional(
    Type.Union([Type.Literal('any'), Type.Literal('userId'), Type.Literal('anonymousId'), Type.Literal('profileId')], {
      description: 'What the id is; "any" (the default) tries userId, then anonymousId, then profile id',
      default: 'any',
    }),
  ),
});
export type ProfileLookupQuery = Static<typeof ProfileLookupQuerySchema>;
