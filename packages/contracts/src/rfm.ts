import { Type, type Static } from 'typebox';
import { IsoDateTime, Nullable } from './common.js';
import { rfmSegmentNames, type RfmSegmentName } from './segment-rules.js';

/** A score of the RFM model: 1 (lowest fifth) to 5 (highest fifth). */
const Score = Type.Integer({ minimum: 1, maximum: 5 });

/** p20, p40, p60 and p80 of one measure over the customers in scope (PERCENTILE_CONT, linear interpolation). */
const Quintiles = Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: 'p20, p40, p60, p80' });

export const RfmCutPointsSchema = Type.Object(
  { recency: Quintiles, frequency: Quintiles, monetary: Quintiles },
  { description: 'The quintile boundaries the scores are read from (docs/rfm.md)' },
);
export type RfmCutPoints = Static<typeof RfmCutPointsSchema>;

/** Customers per named segment: every name, zeros included. */
export const RfmCountsSchema = Type.Object(
  Object.fromEntries(rfmSegmentNames.map((name) => [name, Type.Integer({ minimum: 0 })])) as Record<RfmSegmentName, ReturnType<typeof Type.Integer>>,
  { description: 'Customers in each named segment, every name listed (0 when empty)' },
);
export type RfmCounts = Record<RfmSegmentName, number>;

export const RfmGridSchema = Type.Array(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 5, maxItems: 5 }), {
  minItems: 5,
  maxItems: 5,
  description: 'Customers by score: grid[r − 1][f − 1] counts those with recency score r and frequency score f',
});

export const RfmQuerySchema = Type.Object({
  asOf: Type.Optional(
    Type.String({ format: 'date-time', description: 'Compute the model as of this instant, on the fly and without storing it; absent: the last refresh' }),
  ),
  segment: Type.Optional(Type.Enum(rfmSegmentNames, { description: 'Only customers of this named segment' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});
export type RfmQuery = Static<typeof RfmQuerySchema>;

export const RfmCustomerSchema = Type.Object({
  profileId: Type.String(),
  userId: Nullable(Type.String({ description: 'The first userId the person was known by' })),
  recencyDays: Type.Integer({ minimum: 0, description: 'Whole days from the last order to asOf' }),
  frequency: Type.Integer({ minimum: 1, description: 'Orders (Order Completed) in the window' }),
  monetary: Type.Number({ description: 'Revenue of the orders minus the amounts refunded, in the window' }),
  r: Score,
  f: Score,
  m: Score,
  segment: Type.Enum(rfmSegmentNames),
});
export type RfmCustomerView = Static<typeof RfmCustomerSchema>;

export const RfmModelSchema = Type.Object({
  asOf: IsoDateTime,
  windowDays: Nullable(Type.Integer({ description: 'Orders of the last this many days before asOf counted; null: all time' })),
  customers: Type.Integer({ minimum: 0, description: 'Identified people with at least one order in the window' }),
  cutPoints: Nullable(RfmCutPointsSchema),
  counts: RfmCountsSchema,
  grid: RfmGridSchema,
  items: Type.Array(RfmCustomerSchema, { description: 'Customers in profile id order' }),
  nextCursor: Nullable(Type.String()),
  computedAt: IsoDateTime,
  stored: Type.Boolean({ description: 'true: the scores of the last refresh (those segment rules read); false: computed for this request only' }),
});
export type RfmModelView = Static<typeof RfmModelSchema>;

export const RfmRefreshBodySchema = Type.Object(
  { asOf: Type.Optional(Type.String({ format: 'date-time', description: 'Score as of this instant (default: now)' })) },
  { additionalProperties: false },
);
export type RfmRefreshBody = Static<typeof RfmRefreshBodySchema>;

export const RfmRunSchema = Type.Object({
  id: Type.String(),
  asOf: IsoDateTime,
  windowDays: Nullable(Type.Integer()),
  customers: Type.Integer({ minimum: 0 }),
  cutPoints: Nullable(RfmCutPointsSchema),
  counts: RfmCountsSchema,
  grid: RfmGridSchema,
  computedAt: IsoDateTime,
  tookMs: Type.Integer({ minimum: 0 }),
});
export type RfmRunView = Static<typeof RfmRunSchema>;
