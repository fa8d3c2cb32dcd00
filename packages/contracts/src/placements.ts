import { Type, type Static } from 'typebox';
import { IsoDateTime, Nullable } from './common.js';

/** A placement's or an experience's key: what apps ask for (`home_hero`), lower case, stable. */
export const PlacementKeySchema = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'Lower case letters, digits and _ (home_hero, pdp_below_price)' });

/**
 * Kinds of placement. `content` answers fields rendered from Liquid templates (a hero, a banner, a call to action);
 * `sort` orders a list of products the caller sends (a category page) by the person's interest; `search` re-ranks
 * search results, keeping the search engine's order as the main signal.
 */
export const placementKinds = ['content', 'sort', 'search'] as const;
export type PlacementKind = (typeof placementKinds)[number];

export const placementStatuses = ['active', 'paused'] as const;
export type PlacementStatus = (typeof placementStatuses)[number];

/** Most fields of a content, most characters of a template, most experiences of a placement, most variants. */
export const PLACEMENT_LIMITS = { fields: 20, templateChars: 10_000, experiences: 50, variants: 10, listItems: 200 } as const;

/**
 * The fields of a content: each a Liquid template (docs/placements.md lists what is in scope). Apps read them by name:
 * title, body, image, ctaText, ctaUrl, or any other.
 */
export const ContentFieldsSchema = Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' }), Type.String({ maxLength: PLACEMENT_LIMITS.templateChars }), {
  maxProperties: PLACEMENT_LIMITS.fields,
  description: 'Field name → Liquid template (title, body, image, ctaText, ctaUrl, …)',
});
export type ContentFields = Static<typeof ContentFieldsSchema>;

export const deviceTypes = ['mobile', 'tablet', 'desktop'] as const;
export type DeviceType = (typeof deviceTypes)[number];
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const HourMinute = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 24-hour' });
const List = <T extends Parameters<typeof Type.Array>[0]>(item: T, description: string) => Type.Optional(Type.Array(item, { minItems: 1, maxItems: 100, uniqueItems: true, description }));

/**
 * Conditions on the request's context. Every condition given must hold; a list holds when any of its values matches.
 * Location conditions (`countries`, `geofences`) use the location the request sends, and only with the person's
 * consent to personalization.
 */
export const ContextConditionsSchema = Type.Object(
  {
    pages: List(Type.String({ minLength: 1, maxLength: 200 }), 'The page or screen: its name or path; an entry ending in * matches every path that starts with what precedes it'),
    productIds: List(Type.String({ minLength: 1, maxLength: 255 }), 'The product being viewed'),
    categories: List(Type.String({ minLength: 1, maxLength: 200 }), "The category being browsed, or the viewed product's category"),
    devices: List(Type.Enum(deviceTypes), 'The kind of device'),
    platforms: List(Type.String({ minLength: 1, maxLength: 40 }), 'The platform as the app reports it: ios, android, web'),
    localTime: Type.Optional(
      Type.Object(
        {
          from: Type.Optional(HourMinute),
          to: Type.Optional(HourMinute),
          days: Type.Optional(Type.Array(Type.Enum(weekdays), { minItems: 1, maxItems: 7, uniqueItems: true })),
        },
        { additionalProperties: false, description: "The person's local time: from ≤ time < to (across midnight when from > to), on these days" },
      ),
    ),
    countries: List(Type.String({ pattern: '^[A-Z]{2}$' }), 'ISO 3166-1 alpha-2 country codes'),
    geofences: List(Type.String({ minLength: 1, maxLength: 64 }), 'Keys of geofences the person is inside'),
  },
  { additionalProperties: false },
);
export type ContextConditions = Static<typeof ContextConditionsSchema>;

/** Who an experience is for: the members of a segment, a context, or both. Absent: everyone. */
export const AudienceSchema = Type.Object(
  {
    segment: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A segment, by id or name; needs consent to personalization' })),
    context: Type.Optional(ContextConditionsSchema),
  },
  { additionalProperties: false },
);
export type Audience = Static<typeof AudienceSchema>;

export const VariantSchema = Type.Object(
  {
    key: PlacementKeySchema,
    weight: Type.Integer({ minimum: 0, maximum: 100, description: 'Percent of the audience; the weights of an experience add up to 100' }),
    content: Type.Optional(ContentFieldsSchema),
  },
  { additionalProperties: false },
);
export type Variant = Static<typeof VariantSchema>;

/** How a `sort` or `search` experience ranks the list it is given. */
export const RankingSchema = Type.Object(
  {
    affinityWeight: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: "How much the person's interest moves an item, against the list's own order (default 0.5 for sort, 0.3 for search)" }),
    ),
    recommender: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A named recommender whose items also move up' })),
  },
  { additionalProperties: false },
);
export type Ranking = Static<typeof RankingSchema>;

export const ExperienceSchema = Type.Object(
  {
    key: PlacementKeySchema,
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    audience: Type.Optional(AudienceSchema),
    content: Type.Optional(ContentFieldsSchema),
    variants: Type.Optional(Type.Array(VariantSchema, { minItems: 2, maxItems: PLACEMENT_LIMITS.variants, description: 'A split: each person sees one variant, always the same' })),
    seed: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Seed of the split (default placement key:experience key); change it to shuffle people' })),
    ranking: Type.Optional(RankingSchema),
    startAt: Type.Optional(IsoDateTime),
    endAt: Type.Optional(IsoDateTime),
    priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000, description: 'Higher first (absent: 0); equal priorities keep their order in the list' })),
  },
  { additionalProperties: false },
);
export type Experience = Static<typeof ExperienceSchema>;

export const CreatePlacementBodySchema = Type.Object(
  {
    key: PlacementKeySchema,
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    kind: Type.Optional(Type.Enum(placementKinds, { default: 'content' })),
    status: Type.Optional(Type.Enum(placementStatuses, { default: 'active' })),
    experiences: Type.Array(ExperienceSchema, { maxItems: PLACEMENT_LIMITS.experiences }),
    default: Type.Optional(Nullable(ContentFieldsSchema)),
  },
  { additionalProperties: false },
);
export type CreatePlacementBody = Static<typeof CreatePlacementBodySchema>;

/** A change: the fields given replace the saved ones (no defaults here: a PATCH that omits `status` keeps it). */
export const UpdatePlacementBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    kind: Type.Optional(Type.Enum(placementKinds)),
    status: Type.Optional(Type.Enum(placementStatuses)),
    experiences: Type.Optional(Type.Array(ExperienceSchema, { maxItems: PLACEMENT_LIMITS.experiences })),
    default: Type.Optional(Nullable(ContentFieldsSchema)),
  },
  { additionalProperties: false },
);
export type UpdatePlacementBody = Static<typeof UpdatePlacementBodySchema>;

export const PlacementSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  kind: Type.Enum(placementKinds),
  status: Type.Enum(placementStatuses),
  experiences: Type.Array(ExperienceSchema),
  default: Nullable(ContentFieldsSchema),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type PlacementView = Static<typeof PlacementSchema>;

/** What the app knows about where the person is and what they look at. */
export const DecideContextSchema = Type.Object(
  {
    page: Type.Optional(Type.String({ maxLength: 500, description: 'The page or screen: a name (home) or a path (/products/85123A)' })),
    productId: Type.Optional(Type.String({ maxLength: 255 })),
    category: Type.Optional(Type.String({ maxLength: 200 })),
    device: Type.Optional(Type.Enum(deviceTypes)),
    platform: Type.Optional(Type.String({ maxLength: 40 })),
    timezone: Type.Optional(Type.String({ maxLength: 64, description: "IANA time zone; the profile's is used when absent" })),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    location: Type.Optional(
      Type.Object({ latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }) }, { additionalProperties: false }),
    ),
    items: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: PLACEMENT_LIMITS.listItems, description: 'sort and search placements: the product ids to order, in their own order' })),
    query: Type.Optional(Type.String({ maxLength: 500, description: 'search placements: what was searched' })),
    consent: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Boolean(), {
        maxProperties: 20,
        description:
          "The person's consent choices as the app knows them (Segment's categoryPreferences: purpose ids or their aliases). They apply to this request at once, before the events that carry them are processed; they are recorded only through events",
      }),
    ),
  },
  { additionalProperties: false },
);
export type DecideContext = Static<typeof DecideContextSchema>;

export const DecideBodySchema = Type.Object(
  {
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    userToken: Type.Optional(Type.String({ maxLength: 128, description: 'With userId: HMAC-SHA256 of the userId with the workspace identity secret, in hex, computed by your server' })),
    anonymousId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    placements: Type.Array(PlacementKeySchema, { minItems: 1, maxItems: 10, uniqueItems: true }),
    context: Type.Optional(DecideContextSchema),
    recordExposure: Type.Optional(Type.Boolean({ default: true, description: 'Record an Experience Viewed event for each decision with an experience (false when the content will not be shown)' })),
    writeKey: Type.Optional(Type.String({ maxLength: 200, description: 'The write key, when it cannot be sent as the HTTP Basic user' })),
  },
  { additionalProperties: false },
);
export type DecideBody = Static<typeof DecideBodySchema>;

/**
 * Why a placement showed what it showed. `audience`: the experience's audience matched; `everyone`: the experience
 * has no audience; `default`: no experience matched; the others: nothing is shown.
 */
export const decisionReasonKinds = ['audience', 'everyone', 'default', 'no_match', 'paused', 'unknown_placement'] as const;
export type DecisionReasonKind = (typeof decisionReasonKinds)[number];

export const DecisionReasonSchema = Type.Object({
  kind: Type.Enum(decisionReasonKinds),
  segment: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() })),
  conditions: Type.Array(Type.String(), { description: 'The context conditions that held, in words' }),
  variant: Type.Optional(Type.Object({ key: Type.String(), bucket: Type.Integer({ description: 'The position of the person in [0, 10000) for the seed' }) })),
  skipped: Type.Array(Type.Object({ experience: Type.String(), why: Type.String() }), { description: 'Experiences before the chosen one and why they were passed over' }),
  sentence: Type.String({ description: 'Why, in words for the person' }),
});
export type DecisionReason = Static<typeof DecisionReasonSchema>;

export const RankedItemSchema = Type.Object({
  productId: Type.String(),
  score: Type.Number(),
  moved: Type.Integer({ description: 'Places gained (positive) or lost against the order sent' }),
  reason: Nullable(Type.String({ description: 'Why it moved up, in words' })),
});
export type RankedItemView = Static<typeof RankedItemSchema>;

export const DecisionSchema = Type.Object({
  placement: Type.String(),
  kind: Nullable(Type.Enum(placementKinds)),
  decisionId: Type.String({ description: 'Send it back with Experience Clicked' }),
  experience: Nullable(Type.Object({ key: Type.String(), name: Type.String() })),
  variant: Nullable(Type.String()),
  content: Nullable(Type.Record(Type.String(), Type.String())),
  items: Type.Optional(Type.Array(RankedItemSchema)),
  reason: DecisionReasonSchema,
});
export type DecisionView = Static<typeof DecisionSchema>;

export const DecisionsSchema = Type.Object({
  personalized: Type.Boolean({ description: 'False when the person has not consented to personalization (or is unknown): only context decided' }),
  decisions: Type.Array(DecisionSchema),
});
export type DecisionsView = Static<typeof DecisionsSchema>;

/** The admin preview: a saved placement (by id or key) or a draft, for a person and a context; records nothing. */
export const PreviewDecisionBodySchema = Type.Object(
  {
    placement: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    draft: Type.Optional(CreatePlacementBodySchema),
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    anonymousId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    profileId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    context: Type.Optional(DecideContextSchema),
  },
  { additionalProperties: false },
);
export type PreviewDecisionBody = Static<typeof PreviewDecisionBodySchema>;

/** The secret a shop's server signs user ids with (identity verification). */
export const IdentitySecretSchema = Type.Object({
  secret: Type.String({ description: 'Keep it on your servers: userToken = hex(HMAC-SHA256(secret, userId))' }),
  createdAt: IsoDateTime,
});
export type IdentitySecretView = Static<typeof IdentitySecretSchema>;

/**
 * The variant at a position in [0, 10000) (the person's bucket for the experience's seed): variants take the
 * positions in their order, each as many as its weight × 100. Null when the weights leave the position uncovered
 * (they add up to less than 100: the rest of the audience sees nothing). The SDK replays spec/bucketing.json with it.
 */
export function variantAt<T extends { readonly weight: number }>(variants: readonly T[], position: number): T | null {
  let end = 0;
  for (const v of variants) {
    end += v.weight * 100;
    if (position < end) return v;
  }
  return null;
}
