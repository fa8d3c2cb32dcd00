import { Type, type Static } from 'typebox';
import { IsoDateTime, Nullable } from './common.js';

/**
 * Recommendation strategies. Non-personalized ones need nothing; item-to-item ones need `itemIds` (the product
 * viewed, the cart); personal ones need a person (and their consent to personalization: without it they answer as
 * `popular` does).
 */
export const recommendationStrategies = [
  'popular',
  'trending',
  'new_arrivals',
  'top_sellers',
  'bought_together',
  'also_viewed',
  'similar_items',
  'recently_viewed',
  'category_based',
  'collaborative',
  'als',
  'ease',
  'hybrid',
] as const;
export type RecommendationStrategy = (typeof recommendationStrategies)[number];

export const itemStrategies: readonly RecommendationStrategy[] = ['bought_together', 'also_viewed', 'similar_items'];
export const personalStrategies: readonly RecommendationStrategy[] = ['recently_viewed', 'category_based', 'collaborative', 'als', 'ease', 'hybrid'];

/** Why an item was recommended: a kind, the products or category it came from, and a sentence for the person. */
export const reasonKinds = [
  'popular',
  'trending',
  'new_arrival',
  'top_seller',
  'bought_together',
  'also_viewed',
  'similar',
  'recently_viewed',
  'category_affinity',
  'because_you_bought',
  'because_you_viewed',
  'picked_for_you',
  'pinned',
] as const;
export type ReasonKind = (typeof reasonKinds)[number];

export const RecommendationReasonSchema = Type.Object({
  kind: Type.Enum(reasonKinds),
  productIds: Type.Optional(Type.Array(Type.String(), { description: 'The products this one comes from (viewed, bought, in the cart)' })),
  category: Type.Optional(Type.String()),
  sentence: Type.String({ description: 'In plain words, for the person: "Often bought with Earl Grey Tea"' }),
});
export type RecommendationReason = Static<typeof RecommendationReasonSchema>;

const Categories = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 });
const ProductMatch = Type.Object(
  {
    categories: Type.Optional(Categories),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
    productIds: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 500 })),
  },
  { additionalProperties: false },
);

/** Business rules, applied after a strategy's candidates are scored, in this order: filters, boosts, diversity, pins. */
export const RecommendationRulesSchema = Type.Object(
  {
    excludePurchased: Type.Optional(
      Type.Object(
        {
          days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650, description: 'Bought in the last this many days; null: ever' }))),
          exceptCategories: Type.Optional(Type.Array(Type.String(), { description: 'Replenishable categories (tea, coffee): bought ones may come back', maxItems: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
    inStockOnly: Type.Optional(Type.Boolean({ description: 'Default true' })),
    includeCategories: Type.Optional(Categories),
    excludeCategories: Type.Optional(Categories),
    price: Type.Optional(Type.Object({ min: Type.Optional(Type.Number({ minimum: 0 })), max: Type.Optional(Type.Number({ minimum: 0 })) }, { additionalProperties: false })),
    maxPerCategory: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Diversity: at most this many items of one category' })),
    boost: Type.Optional(Type.Array(Type.Object({ match: ProductMatch, factor: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: '> 1 boosts, < 1 buries' }) }, { additionalProperties: false }), { maxItems: 20 })),
    pinned: Type.Optional(Type.Array(Type.Object({ productId: Type.String({ maxLength: 255 }), position: Type.Integer({ minimum: 1, maximum: 50 }) }, { additionalProperties: false }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type RecommendationRules = Static<typeof RecommendationRulesSchema>;

/** Parameters of a strategy (those that do not apply are ignored). */
export const StrategyParamsSchema = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'popular, top_sellers, new_arrivals: the period counted' })),
    category: Type.Optional(Type.String({ description: 'top_sellers, popular: only this category (and its sub-categories)' })),
    minSupport: Type.Optional(Type.Integer({ minimum: 1, description: 'bought_together, also_viewed: least number of orders (sessions) together' })),
    minConfidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    minLift: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type StrategyParams = Static<typeof StrategyParamsSchema>;

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'How placements, templates and the SDK name it' });

export const CreateRecommenderBodySchema = Type.Object(
  {
    name: Slug,
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    strategy: Type.Enum(recommendationStrategies),
    params: Type.Optional(StrategyParamsSchema),
    rules: Type.Optional(RecommendationRulesSchema),
    fallback: Type.Optional(Nullable(Type.Enum(recommendationStrategies, { description: 'Used when the strategy has too few items (a new visitor, a new product); default popular' }))),
  },
  { additionalProperties: false },
);
export type CreateRecommenderBody = Static<typeof CreateRecommenderBodySchema>;
export const UpdateRecommenderBodySchema = Type.Partial(Type.Omit(CreateRecommenderBodySchema, ['name']), { additionalProperties: false });
export type UpdateRecommenderBody = Static<typeof UpdateRecommenderBodySchema>;

export const RecommenderSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  strategy: Type.Enum(recommendationStrategies),
  params: StrategyParamsSchema,
  rules: RecommendationRulesSchema,
  fallback: Nullable(Type.Enum(recommendationStrategies)),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type RecommenderView = Static<typeof RecommenderSchema>;

/** A request for recommendations (query string of GET /v1/recommendations, body of the admin POST). */
export const RecommendationQuerySchema = Type.Object(
  {
    recommender: Type.Optional(Type.String({ maxLength: 64, description: 'A named recommender; or give a strategy' })),
    strategy: Type.Optional(Type.Enum(recommendationStrategies)),
    userId: Type.Optional(Type.String({ maxLength: 255 })),
    anonymousId: Type.Optional(Type.String({ maxLength: 255 })),
    itemIds: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 50, description: 'The product viewed, or the products of the cart' })),
    category: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  { additionalProperties: false },
);
export type RecommendationQuery = Static<typeof RecommendationQuerySchema>;

/**
 * The admin API's request (POST /api/v1/recommendations): the same, and `draft` — a recommender not saved yet (or
 * with unsaved changes), to preview its strategy, parameters, rules and fallback while it is being edited.
 */
export const AdminRecommendationQuerySchema = Type.Object(
  {
    ...RecommendationQuerySchema.properties,
    draft: Type.Optional(Type.Omit(CreateRecommenderBodySchema, ['name', 'description'], { description: 'A recommender as it is being edited, used instead of `recommender` and `strategy`' })),
  },
  { additionalProperties: false },
);
export type AdminRecommendationQuery = Static<typeof AdminRecommendationQuerySchema>;

export const RecommendedItemSchema = Type.Object({
  productId: Type.String(),
  score: Type.Number(),
  name: Type.String(),
  category: Nullable(Type.String()),
  price: Nullable(Type.Number()),
  currency: Nullable(Type.String()),
  imageUrl: Nullable(Type.String()),
  url: Nullable(Type.String()),
  reason: RecommendationReasonSchema,
});
export type RecommendedItemView = Static<typeof RecommendedItemSchema>;

export const RecommendationsSchema = Type.Object({
  recommender: Nullable(Type.String()),
  strategy: Type.Enum(recommendationStrategies, { description: 'The strategy that produced the list' }),
  fallback: Type.Boolean({ description: 'Whether the fallback filled the list' }),
  personalized: Type.Boolean({ description: 'Whether the person’s own data was used (needs consent to personalization)' }),
  modelVersion: Nullable(Type.Integer()),
  items: Type.Array(RecommendedItemSchema),
});
export type RecommendationsView = Static<typeof RecommendationsSchema>;

/** The learning algorithms, as models, `rapport recs evaluate --algorithm` and training requests name them. */
export const recommendationAlgorithms = ['popular', 'sar', 'item-knn', 'als', 'ease', 'hybrid'] as const;
export type RecommendationAlgorithm = (typeof recommendationAlgorithms)[number];

/** Which trained model each collaborative strategy answers from. */
export const strategyModels = { collaborative: 'sar', als: 'als', ease: 'ease', hybrid: 'hybrid' } as const satisfies Partial<Record<RecommendationStrategy, RecommendationAlgorithm>>;

/** A request to train a model now (POST /api/v1/recommendations/models). */
export const TrainModelBodySchema = Type.Object(
  {
    algorithm: Type.Enum(recommendationAlgorithms),
    params: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9]{0,39}$' }), Type.Union([Type.Number(), Type.String({ maxLength: 100 }), Type.Boolean()]), {
        description: 'Parameters over the algorithm’s defaults (docs/recommendations.md lists them)',
        maxProperties: 30,
      }),
    ),
  },
  { additionalProperties: false },
);
export type TrainModelBody = Static<typeof TrainModelBodySchema>;

/** Offline metrics of a model version, measured when it was trained: the last `testDays` held out. */
export const ModelMetricsSchema = Type.Object({
  k: Type.Integer(),
  testDays: Type.Integer(),
  testUsers: Type.Integer(),
  ndcg: Type.Number(),
  map: Type.Number(),
  precision: Type.Number(),
  recall: Type.Number(),
  coverage: Type.Number(),
  popularityPercentile: Type.Number(),
  popular: Type.Object({ ndcg: Type.Number(), map: Type.Number(), precision: Type.Number(), recall: Type.Number() }, { description: 'The popular list on the same split, the baseline' }),
});
export type ModelMetrics = Static<typeof ModelMetricsSchema>;

export const RecModelSchema = Type.Object({
  id: Type.String(),
  algorithm: Type.String(),
  version: Type.Integer(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('training'), Type.Literal('ready'), Type.Literal('failed')]),
  params: Type.Record(Type.String(), Type.Unknown()),
  metrics: Nullable(ModelMetricsSchema),
  customers: Type.Integer({ description: 'People whose orders it learned from' }),
  products: Type.Integer(),
  interactions: Type.Integer(),
  error: Nullable(Type.String()),
  trainedAt: IsoDateTime,
  tookMs: Type.Integer(),
});
export type RecModelView = Static<typeof RecModelSchema>;
