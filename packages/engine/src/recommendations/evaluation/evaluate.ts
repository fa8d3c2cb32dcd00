import { algorithms, type FitOptions } from '../algorithms/algorithm-registry.js';
import { buildInteractionMatrix, type InteractionMatrix } from '../algorithms/interactions.js';
import { popularity } from '../algorithms/popular.js';
import type { AlgorithmName, Params, Recommender } from '../algorithms/recommender.js';
import { weightOf, type ContractRow } from './contract-csv.js';
import { MetricTotals, popularityPercentiles, rankingMetrics } from './metrics.js';

/**
 * The report of one offline evaluation. Its keys are those of `rapport recs evaluate --json` and of the stored
 * results, hence snake_case. Metrics are means over the users of the test data (docs/recommendations.md).
 */
export interface EvaluationReport {
  readonly algorithm: AlgorithmName;
  readonly k: number;
  readonly map: number;
  readonly ndcg: number;
  readonly precision: number;
  readonly recall: number;
  /** Distinct items recommended to anyone / candidate items (the items of train). */
  readonly coverage: number;
  /** Mean over every recommended item (every place of every list) of its train-popularity percentile rank; 100 = most popular. */
  readonly popularity_percentile: number;
  /** Wall time of training, from the built matrix to the trained model. */
  readonly train_seconds: number;
  /** Wall time of making every test user's list. */
  readonly recommend_seconds: number;
  /** The parameters trained with, defaults included. */
  readonly params: Params;
  readonly train_rows: number;
  readonly train_users: number;
  /** Candidate items: the distinct items of train. */
  readonly train_items: number;
  /** Distinct (user, item) pairs of test. */
  readonly test_rows: number;
  readonly test_users: number;
  /** Test users absent from train: they get the fallback list and count in every mean. */
  readonly test_users_not_in_train: number;
}

/** Train and test, prepared once for any number of algorithms. */
export interface EvaluationData {
  readonly matrix: InteractionMatrix;
  readonly trainRows: number;
  /** Each test user's distinct test items, users in id order. */
  readonly test: ReadonlyMap<string, ReadonlySet<string>>;
  readonly testPairs: number;
  /** Every candidate by popularity (distinct train users), most popular first, ties by item id: the fallback list. */
  readonly fallback: Int32Array;
  /** Percentile rank of each candidate's popularity. */
  readonly percentiles: Float64Array;
}

/**
 * Builds the training matrix (a user–item pair counts once, its weights summed) and the test sets (a pair counts
 * once). Throws a RangeError when train or test has no rows.
 */
export function prepareEvaluationData(train: readonly ContractRow[], test: readonly ContractRow[]): EvaluationData {
  if (train.length === 0) throw new RangeError('the training data has no rows');
  if (test.length === 0) throw new RangeError('the test data has no rows');
  const matrix = buildInteractionMatrix(train.map((r) => ({ userId: r.userId, itemId: r.itemId, weight: weightOf(r), timestamp: r.timestamp })));
  const byUser = new Map<string, Set<string>>();
  for (const r of test) {
    let items = byUser.get(r.userId);
    if (items === undefined) byUser.set(r.userId, (items = new Set()));
    items.add(r.itemId);
  }
  const testMap = new Map([...byUser.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const users = popularity(matrix, 0);
  const fallback = Int32Array.from(matrix.itemIds.keys()).sort((a, b) => users[b]! - users[a]! || a - b);
  let testPairs = 0;
  for (const items of testMap.values()) testPairs += items.size;
  return { matrix, trainRows: train.length, test: testMap, testPairs, fallback, percentiles: popularityPercentiles(users) };
}

/** How an algorithm is evaluated. */
export interface EvaluateOptions extends FitOptions {
  readonly algorithm: AlgorithmName;
  readonly k: number;
  /** Parameters over the algorithm's defaults; they must pass its `readParams`. */
  readonly params?: Params;
  /** Called while lists are made, with the users done and the total. */
  readonly onRecommend?: (done: number, total: number) => void;
}

/**
 * A user's list: the model's top k, then the fallback (popular items) to fill it up to k; the user's train items are
 * never in it, so it is shorter than k only when fewer candidates remain.
 */
export function listFor(data: EvaluationData, model: Recommender, userIndex: number | undefined, k: number): number[] {
  const own = userIndex === undefined ? new Set<number>() : new Set(model.userRow(userIndex).items);
  const list = userIndex === undefined ? [] : model.recommend(userIndex, k, own).map((s) => s.item);
  if (list.length < k) {
    const taken = new Set(list);
    for (const item of data.fallback) {
      if (list.length >= k) break;
      if (!own.has(item) && !taken.has(item)) list.push(item);
    }
  }
  return list;
}

/** Trains the algorithm on the data's train matrix and measures its lists for every test user. */
export async function evaluateAlgorithm(data: EvaluationData, options: EvaluateOptions): Promise<EvaluationReport> {
  const definition = algorithms[options.algorithm];
  const params = definition.readParams(options.params ?? {});
  if (!params.ok) throw new RangeError(`${options.algorithm}: ${params.error.join('; ')}`);
  const { matrix } = data;
  const trainStart = performance.now();
  const model = await definition.fit(matrix, params.value, options);
  const trainSeconds = (performance.now() - trainStart) / 1000;

  const userIndex = new Map(matrix.userIds.map((id, u) => [id, u]));
  const totals = new MetricTotals();
  let notInTrain = 0;
  let done = 0;
  const recommendStart = performance.now();
  for (const [userId, relevant] of data.test) {
    const u = userIndex.get(userId);
    if (u === undefined) notInTrain++;
    const list = listFor(data, model, u, options.k);
    totals.add(rankingMetrics(list.map((i) => matrix.itemIds[i]!), relevant, options.k), list, data.percentiles);
    if (++done % 256 === 0) options.onRecommend?.(done, data.test.size);
  }
  options.onRecommend?.(done, data.test.size);
  return {
    algorithm: options.algorithm,
    k: options.k,
    ...totals.result(matrix.itemIds.length),
    train_seconds: trainSeconds,
    recommend_seconds: (performance.now() - recommendStart) / 1000,
    params: params.value,
    train_rows: data.trainRows,
    train_users: matrix.userIds.length,
    train_items: matrix.itemIds.length,
    test_rows: data.testPairs,
    test_users: data.test.size,
    test_users_not_in_train: notInTrain,
  };
}
