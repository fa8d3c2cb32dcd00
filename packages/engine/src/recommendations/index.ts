/**
 * Recommendations: strategies that learn from interactions (popular, SAR, item-kNN, ALS, EASE, hybrid), trained
 * models that score, recommend and store themselves, and the offline evaluation contract
 * (docs/recommendations.md).
 */

/** The algorithm names, as `--algorithm` and stored models use them, and parameter values. */
export { algorithmNames, type AlgorithmName, type ParamValue, type Params, type HistoryEvent, type UserRow, type Recommender } from './algorithms/recommender.js';
/** Every algorithm with its one-line description and defaults; `loadModel` turns a snapshot back into a model. */
export { algorithms, defaultThreads, isAlgorithmName, loadModel, type AlgorithmDefinition, type FitOptions } from './algorithms/algorithm-registry.js';
/** The user–item matrix the algorithms train on, built from rows (ids sorted, so ties break by id). */
export { buildInteractionMatrix, indexById, type Interaction, type InteractionMatrix } from './algorithms/interactions.js';
/** A trained model as data, and as bytes to store (a BLOB/bytea or a file). */
export { encodeSnapshot, decodeSnapshot, type ModelSnapshot, type SnapshotArray } from './algorithms/snapshot.js';
/** Best-k selection with reproducible ties (higher score, then lower item index). */
export { topK, type ScoredItem } from './algorithms/top-k.js';
/** The contract's TRAIN/TEST files: reading, writing, and a row's weight. */
export { readContractCsv, openContractFile, contractCsv, contractColumns, weightOf, type ContractRow } from './evaluation/contract-csv.js';
/** The last days as test, repeat purchases of train items left out. */
export { timeSplit, type TimeSplit } from './evaluation/time-split.js';
/** The metrics of one list, and popularity percentile ranks. */
export { rankingMetrics, popularityPercentiles, type RankingMetrics } from './evaluation/metrics.js';
/** Train, recommend for every test user, measure: the offline evaluation. */
export { prepareEvaluationData, evaluateAlgorithm, listFor, type EvaluationData, type EvaluateOptions, type EvaluationReport } from './evaluation/evaluate.js';
/** Reports as a plain-text table (nDCG as a multiple of popular's), and a sentence on their data. */
export { formatEvaluationTable, describeData } from './evaluation/report-table.js';
/** Evaluations kept as results for the dashboard (`rapport recs evaluate --save`, `--from-workspace`), and their API view. */
export { EvaluationStore, recEvaluationView, type EvaluationStoreDependencies, type EvaluationOrigin, type EvaluationSplit } from './evaluation/evaluation-store.js';
/** The workspace's own orders (consenting, identified people) split in time, to evaluate on. */
export { splitWorkspaceOrders, type WorkspaceSplit } from './evaluation/workspace-split.js';
/** What a snapshot keeps (`users: false`: the item side only, nothing about a person). */
export type { SnapshotOptions } from './algorithms/recommender.js';

// ---- serving (strategies, business rules, named recommenders) and the product signals they read ----
/** Serves recommendations and keeps the named recommenders. */
export { RecommendationService, type RecommendationServiceOptions, type RecommendationFailure } from './serving/recommendation-service.js';
/** A strategy's candidates and what it works from, for strategies added by trained models. */
export type { Candidate, Person, Strategy, StrategyContext, StrategyTable } from './serving/candidates.js';
/** Keeps product statistics and products bought or viewed together, from processed events (run by the processor). */
export { ItemSignalsJob } from './signals/item-signals-job.js';
/** Trained models in memory for serving, looked for again every 30 s; the strategies that answer from them. */
export { ModelCache } from './serving/model-cache.js';
export { modelStrategies } from './serving/model-strategies.js';
/** Content similarity of products (BM25 cosine of their text), and its model, rebuilt when the catalog changes. */
export { contentNeighbours, tokenize, type ProductText, type ContentNeighbour } from './content/content-similarity.js';
export { refreshContentModel, CONTENT_ALGORITHM } from './training/content-model.js';
/** Models trained in the background (on schedule and on demand) from the orders of consenting customers, and their versions. */
export { ModelTrainer, defaultTrainingSchedule, type TrainingSchedule } from './training/model-trainer.js';
export { ModelService, modelView } from './training/model-service.js';
export { WorkerTrainer, type TrainingSettings } from './training/worker-trainer.js';
export { trainCollaborativeModel } from './training/collaborative-training.js';
export { readWorkspaceInteractions, type WorkspaceInteractions } from './training/workspace-interactions.js';
