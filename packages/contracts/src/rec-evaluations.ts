import { Type, type Static } from 'typebox';
import { IsoDateTime, Nullable } from './common.js';
import { recommendationAlgorithms } from './recommendations.js';

const Share = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const Count = (description: string) => Type.Integer({ minimum: 0, description });

/**
 * Where the interactions of an offline evaluation came from: TRAIN/TEST files (`rapport recs evaluate --save`), or
 * the workspace's own orders split in time (`rapport recs evaluate --from-workspace`).
 */
export const recEvaluationSources = ['files', 'workspace'] as const;
export type RecEvaluationSource = (typeof recEvaluationSources)[number];

/** The metrics of an evaluation: means over the users of the test data (docs/recommendations.md defines each). */
export const RecEvaluationMetricsSchema = Type.Object({
  map: Share('MAP@k: Σ over hits at rank r of (hits so far / r), divided by the user’s test items (Microsoft Recommenders)'),
  ndcg: Share('nDCG@k, binary gain, the ideal over min(k, test items)'),
  precision: Share('hits / k'),
  recall: Share('hits / the user’s test items'),
  coverage: Share('Distinct items recommended to anyone / the candidate items (those of train)'),
  popularityPercentile: Type.Number({ minimum: 0, maximum: 100, description: 'Mean train-popularity percentile of the recommended items: 100 = the most popular (popularity bias)' }),
  trainSeconds: Type.Number({ minimum: 0 }),
  recommendSeconds: Type.Number({ minimum: 0, description: 'Making every test user’s list' }),
});
export type RecEvaluationMetrics = Static<typeof RecEvaluationMetricsSchema>;

/** What an evaluation learned from and was tested on. */
export const RecEvaluationDataSchema = Type.Object({
  trainRows: Count('Interactions of train'),
  trainUsers: Count('Users of train'),
  trainItems: Count('Distinct items of train: the candidates'),
  testRows: Count('Distinct user–item pairs of test'),
  testUsers: Count('Users of test: every metric is a mean over them'),
  testUsersNotInTrain: Count('Test users train lacks: they get the popular list'),
});
export type RecEvaluationData = Static<typeof RecEvaluationDataSchema>;

/** How the workspace's own orders were split: everything up to `cutoff` to learn from, the last `testDays` to test on. */
export const RecEvaluationSplitSchema = Type.Object({
  testDays: Type.Number({ exclusiveMinimum: 0 }),
  cutoff: IsoDateTime,
  repeatsLeftOut: Count('Test purchases of an item the person had bought before the cutoff, left out (it cannot be recommended to them)'),
});
export type RecEvaluationSplit = Static<typeof RecEvaluationSplitSchema>;

export const RecEvaluationSchema = Type.Object({
  id: Type.String(),
  algorithm: Type.Enum(recommendationAlgorithms),
  k: Type.Integer({ minimum: 1, description: 'The length of each list' }),
  params: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()]), { description: 'The parameters trained with, defaults included' }),
  source: Type.Enum(recEvaluationSources),
  split: Nullable(RecEvaluationSplitSchema),
  metrics: RecEvaluationMetricsSchema,
  data: RecEvaluationDataSchema,
  createdAt: IsoDateTime,
});
export type RecEvaluationView = Static<typeof RecEvaluationSchema>;

export const RecEvaluationListSchema = Type.Object({
  items: Type.Array(RecEvaluationSchema, { description: 'Newest first' }),
});
export type RecEvaluationListView = Static<typeof RecEvaluationListSchema>;

export const RecEvaluationQuerySchema = Type.Object({
  algorithm: Type.Optional(Type.Enum(recommendationAlgorithms, { description: 'Only the evaluations of this algorithm' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type RecEvaluationQuery = Static<typeof RecEvaluationQuerySchema>;

export const RecEvaluationIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
