import { Type, type Static, type TSchema } from 'typebox';

/**
 * The segment rule language, version 1: a JSON tree of conditions joined by `and`, `or` and `not`. Every node has a
 * `type`; docs/segments.md is its reference. The schemas here describe the tree for the OpenAPI document and give
 * its types; the engine validates a rule itself, so that a problem points at the node (path, expected, got).
 */
export const RULE_VERSION = 1;

/** Limits that keep a rule cheap to validate, compile and evaluate. */
export const ruleLimits = {
  /** Nodes in the whole tree, referenced segments excluded. */
  maxNodes: 200,
  /** Nesting of and / or / not. */
  maxDepth: 12,
  /** Items of an `in` list, vertices of a polygon. */
  maxListItems: 500,
  /** Characters of a string value, a trait path, an event name. */
  maxStringLength: 500,
  /** Property filters of one event condition. */
  maxFilters: 20,
} as const;

export const durationUnits = ['minutes', 'hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof durationUnits)[number];

/** A length of time: `{ "amount": 30, "unit": "days" }`. */
export const DurationSchema = Type.Object(
  { amount: Type.Integer({ minimum: 1, maximum: 100_000 }), unit: Type.Enum(durationUnits) },
  { additionalProperties: false, description: 'A length of time, for example { "amount": 30, "unit": "days" }' },
);
export type Duration = Static<typeof DurationSchema>;

/** Milliseconds in one of each unit. */
export const durationUnitMs: Readonly<Record<DurationUnit, number>> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };

/** When events count: the last T before now, between two instants (inclusive), or ever (no window). */
export const WindowSchema = Type.Union(
  [
    Type.Object({ last: DurationSchema }, { additionalProperties: false }),
    Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
  ],
  { description: 'Absent: ever. { "last": duration }: from now − duration to now. { "from", "to" }: between two instants, inclusive' },
);
export type Window = { last: Duration } | { from: string; to: string };

/**
 * Comparison operators. Which ones apply depends on the value's type (string, number, boolean, date, version).
 * Negative operators are exact negations of their positive twin: `neq` ≡ not `eq`, so a missing value is "not
 * equal". Every other operator is false on a missing value or a value of another JSON type.
 */
export const comparisonOperators = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'exists',
  'not_exists',
  'before',
  'after',
  'within_last',
  'more_than_ago',
] as const;
export type ComparisonOperator = (typeof comparisonOperators)[number];

/** A value a comparison is made against: a scalar, a list (`in`, `not_in`), a pair (`between`) or a duration. */
export const ComparisonValueSchema = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Array(Type.Union([Type.String(), Type.Number()])),
  DurationSchema,
]);
export type ComparisonValue = string | number | boolean | (string | number)[] | Duration;

const comparison = {
  op: Type.Enum(comparisonOperators),
  value: Type.Optional(ComparisonValueSchema),
};

/** A filter on a property of an event: `{ "property": "revenue", "op": "gt", "value": 50 }`. */
export const PropertyFilterSchema = Type.Object(
  {
    property: Type.String({
      description:
        'A path in properties, dot-separated ("revenue", "shipping.country"); "products[].category" matches when any item of the products array matches',
    }),
    ...comparison,
  },
  { additionalProperties: false },
);
export type PropertyFilter = Static<typeof PropertyFilterSchema>;

/** How many times: `{ "op": "gte", "value": 2 }`. */
export const CountSchema = Type.Object(
  { op: Type.Enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const), value: Type.Integer({ minimum: 0, maximum: 1_000_000 }) },
  { additionalProperties: false },
);
export type CountComparison = Static<typeof CountSchema>;

/** An event to look for: its name (track events) or type (page, screen, identify …), with property filters. */
export const EventMatchSchema = Type.Object(
  {
    event: Type.String({ description: 'A track event name ("Order Completed"), or "$page", "$screen", "$identify", "$group", "$alias" for those types' }),
    where: Type.Optional(Type.Array(PropertyFilterSchema)),
  },
  { additionalProperties: false },
);
export type EventMatch = Static<typeof EventMatchSchema>;

/** Profile features a rule can test, with their type. Times are compared as dates. */
export const featureTypes = {
  orders: 'number',
  revenue: 'number',
  refunds: 'number',
  refundedRevenue: 'number',
  netRevenue: 'number',
  averageOrderValue: 'number',
  sessions: 'number',
  pageViews: 'number',
  screenViews: 'number',
  productsViewed: 'number',
  productsAdded: 'number',
  productsPurchased: 'number',
  firstSeenAt: 'date',
  lastSeenAt: 'date',
  firstOrderAt: 'date',
  lastOrderAt: 'date',
  currency: 'string',
  locale: 'string',
  timezone: 'string',
  platform: 'string',
  deviceType: 'string',
  deviceManufacturer: 'string',
  deviceModel: 'string',
  osName: 'string',
  osVersion: 'version',
  browserName: 'string',
  browserVersion: 'version',
  appName: 'string',
  appVersion: 'version',
  appBuild: 'string',
  identified: 'boolean',
} as const;
export type FeatureName = keyof typeof featureTypes;
export type ValueType = 'string' | 'number' | 'boolean' | 'date' | 'version' | 'any';
export const featureNames = Object.keys(featureTypes) as FeatureName[];

/** The named RFM segments, in the order they are checked (the last match wins); see docs/rfm.md. */
export const rfmSegmentNames = [
  'Hibernating',
  'At Risk',
  "Can't Lose Them",
  'About to Sleep',
  'Need Attention',
  'Loyal Customers',
  'Promising',
  'New Customers',
  'Potential Loyalists',
  'Champions',
] as const;
export type RfmSegmentName = (typeof rfmSegmentNames)[number];

export const lifecycleStages = ['new', 'active', 'at_risk', 'lapsed', 'churned'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

export const localTimeParts = ['hour', 'weekday'] as const;
export type LocalTimePart = (typeof localTimeParts)[number];

const node = <T extends string, P extends Record<string, TSchema>>(type: T, props: P, description: string) =>
  Type.Object({ type: Type.Literal(type), ...props }, { additionalProperties: false, description });

const Point = { latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }) };

/** The leaves of the tree. */
export const ConditionSchemas = [
  node('trait', { trait: Type.String({ description: 'A trait set by identify; dot-separated for nested traits ("address.city")' }), ...comparison }, 'A trait of the person'),
  node('feature', { feature: Type.Enum(featureNames), ...comparison }, 'A computed feature of the profile (see featureTypes)'),
  node(
    'event',
    { ...EventMatchSchema.properties, count: Type.Optional(CountSchema), window: Type.Optional(WindowSchema) },
    'Did the event (with its property filters) happen a number of times (default: at least once) in a window (default: ever). "Did not" is { "op": "eq", "value": 0 }',
  ),
  node(
    'sequence',
    { first: EventMatchSchema, then: EventMatchSchema, within: DurationSchema, window: Type.Optional(WindowSchema) },
    'Did the first event happen, and then the second within the given time (the window applies to the first)',
  ),
  node(
    'rfm',
    {
      segments: Type.Optional(Type.Array(Type.Enum(rfmSegmentNames), { minItems: 1 })),
      score: Type.Optional(Type.Enum(['r', 'f', 'm'] as const)),
      op: Type.Optional(Type.Enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'] as const)),
      value: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Array(Type.Integer({ minimum: 1, maximum: 5 }))])),
    },
    'The RFM model: one of the named segments, or a score (r, f or m, 1 to 5) compared with a value',
  ),
  node('lifecycle', { stages: Type.Array(Type.Enum(lifecycleStages), { minItems: 1 }) }, 'The lifecycle stage is one of these'),
  node('engagement', { activeDays: CountSchema, window: Type.Object({ last: DurationSchema }, { additionalProperties: false }) }, 'Days (UTC) with at least one event, in the last T'),
  node(
    'affinity',
    {
      category: Type.String(),
      topK: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'The category is among the person’s k strongest' })),
      minShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'The category’s share of the person’s interest is at least this' })),
    },
    'Category affinity (recency-weighted interest): among the top k, or a share of at least x',
  ),
  node(
    'location',
    {
      near: Type.Optional(Type.Object({ ...Point, radiusKm: Type.Number({ exclusiveMinimum: 0, maximum: 20_000 }) }, { additionalProperties: false })),
      geofence: Type.Optional(Type.String({ description: 'The key of a geofence' })),
      country: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
      city: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    },
    'The last known location: within a radius of a point, inside a geofence, in one of the countries or cities (exactly one of these)',
  ),
  node(
    'local_time',
    { part: Type.Enum(localTimeParts), ...comparison },
    "A fact of the person's local time now, in their time zone: hour (0–23) or weekday (1 = Monday … 7 = Sunday)",
  ),
  node('consent', { purpose: Type.String(), granted: Type.Boolean() }, 'The person consents (or not) to a purpose, defaults included'),
  node('segment', { segment: Type.String({ description: 'The id of another segment' }), member: Type.Optional(Type.Boolean({ description: 'true (the default): is a member; false: is not' })) }, 'Membership of another segment'),
  node(
    'bucket',
    {
      seed: Type.String({ minLength: 1, maxLength: 100 }),
      from: Type.Number({ minimum: 0, maximum: 100 }),
      to: Type.Number({ minimum: 0, maximum: 100 }),
    },
    'A deterministic random bucket: the person’s position in [0, 100) for this seed is in [from, to). Stable per person and seed',
  ),
] as const;

const Self = Type.Unsafe<unknown>({ $ref: 'SegmentRuleNode' });

/** A node: a group (and, or, not) or a condition. */
export const RuleNodeSchema = Type.Union(
  [
    node('and', { conditions: Type.Array(Self, { minItems: 1 }) }, 'Every condition holds'),
    node('or', { conditions: Type.Array(Self, { minItems: 1 }) }, 'At least one condition holds'),
    node('not', { condition: Self }, 'The condition does not hold'),
    ...ConditionSchemas,
  ],
  { $id: 'SegmentRuleNode' },
);

/** A rule: its language version and its root node. */
export const SegmentRuleSchema = Type.Object(
  { version: Type.Literal(RULE_VERSION), root: RuleNodeSchema },
  { additionalProperties: false, description: 'A segment rule (docs/segments.md)' },
);

// ---- the types, written out: TypeBox cannot infer a recursive union through $ref ----

export interface AndNode {
  type: 'and';
  conditions: RuleNode[];
}
export interface OrNode {
  type: 'or';
  conditions: RuleNode[];
}
export interface NotNode {
  type: 'not';
  condition: RuleNode;
}
export interface TraitCondition {
  type: 'trait';
  trait: string;
  op: ComparisonOperator;
  value?: ComparisonValue;
}
export interface FeatureCondition {
  type: 'feature';
  feature: FeatureName;
  op: ComparisonOperator;
  value?: ComparisonValue;
}
export interface EventCondition extends EventMatch {
  type: 'event';
  count?: CountComparison;
  window?: Window;
}
export interface SequenceCondition {
  type: 'sequence';
  first: EventMatch;
  then: EventMatch;
  within: Duration;
  window?: Window;
}
export interface RfmCondition {
  type: 'rfm';
  segments?: RfmSegmentName[];
  score?: 'r' | 'f' | 'm';
  op?: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'between';
  value?: number | number[];
}
export interface LifecycleCondition {
  type: 'lifecycle';
  stages: LifecycleStage[];
}
export interface EngagementCondition {
  type: 'engagement';
  activeDays: CountComparison;
  window: { last: Duration };
}
export interface AffinityCondition {
  type: 'affinity';
  category: string;
  topK?: number;
  minShare?: number;
}
export interface LocationCondition {
  type: 'location';
  near?: { latitude: number; longitude: number; radiusKm: number };
  geofence?: string;
  country?: string[];
  city?: string[];
}
export interface LocalTimeCondition {
  type: 'local_time';
  part: LocalTimePart;
  op: ComparisonOperator;
  value?: ComparisonValue;
}
export interface ConsentCondition {
  type: 'consent';
  purpose: string;
  granted: boolean;
}
export interface SegmentCondition {
  type: 'segment';
  segment: string;
  member?: boolean;
}
export interface BucketCondition {
  type: 'bucket';
  seed: string;
  from: number;
  to: number;
}

export type Condition =
  | TraitCondition
  | FeatureCondition
  | EventCondition
  | SequenceCondition
  | RfmCondition
  | LifecycleCondition
  | EngagementCondition
  | AffinityCondition
  | LocationCondition
  | LocalTimeCondition
  | ConsentCondition
  | SegmentCondition
  | BucketCondition;
export type RuleNode = AndNode | OrNode | NotNode | Condition;
export type ConditionType = Condition['type'];

export interface SegmentRule {
  version: typeof RULE_VERSION;
  root: RuleNode;
}

export const conditionTypes = ConditionSchemas.map((s) => s.properties.type.const) as ConditionType[];
export const nodeTypes = ['and', 'or', 'not', ...conditionTypes] as RuleNode['type'][];
