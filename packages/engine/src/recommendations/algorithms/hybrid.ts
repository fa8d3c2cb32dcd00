import { alsFromSnapshot, alsParamSpec, fitAls } from './als.js';
import { easeFromSnapshot, easeParamSpec, fitEase } from './ease.js';
import type { InteractionMatrix } from './interactions.js';
import { storedParams, type ParamSpec } from './params.js';
import { fitPopular, popularFromSnapshot, popularParamSpec, type PopularModel } from './popular.js';
import { checkUser, eachSimilar, recommendFromScores, type HistoryEvent, type Recommender, type SnapshotOptions, type UserRow } from './recommender.js';
import { fitSar, sarFromSnapshot, sarParamSpec } from './sar.js';
import { snapshotPart, type ModelSnapshot } from './snapshot.js';
import type { ScoredItem } from './top-k.js';

/**
 * A blend of the learned models (ALS, EASE) and SAR: each model's scores for the user are standardized (z-scores
 * over the catalog, so that a dot product and a sum of similarities weigh alike), then summed with these weights.
 * A user with fewer than `coldStartItems` distinct items gets the popular list: too little history for the models
 * to say more than noise (cold start). A weight of 0 leaves that model out (not even trained).
 */
export type HybridParams = {
  readonly alsWeight: number;
  readonly easeWeight: number;
  readonly sarWeight: number;
  readonly coldStartItems: number;
};

export const hybridParamSpec: ParamSpec<HybridParams> = {
  defaults: { alsWeight: 1, easeWeight: 0.5, sarWeight: 0.25, coldStartItems: 2 },
  counts: ['coldStartItems'],
};

const components = ['als', 'ease', 'sar'] as const;
type Component = (typeof components)[number];
const weightOf = (params: HybridParams, c: Component): number => params[`${c}Weight`];

/**
 * Adds w · z(scores) to `blended`, where z standardizes a part's scores: (s − mean) / standard deviation, with no
 * evidence counted as 0 (the scores hold 0 there, not −Infinity). Two passes over the catalog (the statistics, then
 * the sum), with w / sd multiplied rather than each score divided: the blend is the cost of serving a person after
 * the parts' scoring.
 */
function addStandardized(blended: Float64Array, scores: Float64Array, w: number): void {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    sum += s;
    squares += s * s;
  }
  const mean = sum / scores.length;
  const sd = Math.sqrt(Math.max(squares / scores.length - mean * mean, 0)) || 1;
  const scale = w / sd;
  const shift = -mean * scale;
  for (let i = 0; i < scores.length; i++) blended[i]! += scores[i]! * scale + shift;
}

/** A part's scores with no evidence (−Infinity) as 0, in place: how the blend counts a missing score. */
function evidenceOrZero(scores: Float64Array): Float64Array {
  for (let i = 0; i < scores.length; i++) if (scores[i] === -Infinity) scores[i] = 0;
  return scores;
}

/** The number of distinct items of a history, counted up to `atMost`. */
function distinctItems(history: readonly HistoryEvent[], atMost: number): number {
  const seen = new Set<number>();
  for (const e of history) {
    if (seen.size >= atMost) break;
    seen.add(e.item);
  }
  return seen.size;
}

export class HybridModel implements Recommender {
  readonly algorithm = 'hybrid' as const;
  readonly itemIds: readonly string[];
  readonly userIds: readonly string[];

  constructor(
    readonly params: HybridParams,
    readonly popular: PopularModel,
    readonly parts: Readonly<Partial<Record<Component, Recommender>>>,
  ) {
    this.itemIds = popular.itemIds;
    this.userIds = popular.userIds;
  }

  userRow(user: number): UserRow {
    return this.popular.userRow(user);
  }

  /** The parts' scores (`scoresOf`: 0 where a part has no evidence) standardized and weighed, or popular's when cold. */
  #blend(cold: boolean, scoresOf: (model: Recommender) => Float64Array): Float64Array {
    if (cold) return this.popular.scoreHistory();
    const blended = new Float64Array(this.itemIds.length);
    for (const c of components) {
      const model = this.parts[c];
      const w = weightOf(this.params, c);
      if (model === undefined || w === 0) continue;
      addStandardized(blended, scoresOf(model), w);
    }
    return blended;
  }

  scoreItems(user: number): Float64Array {
    checkUser(this, user);
    return this.#blend(this.userRow(user).items.length < this.params.coldStartItems, (m) => evidenceOrZero(m.scoreItems(user)));
  }

  scoreHistory(history: readonly HistoryEvent[], now?: number): Float64Array {
    const cold = distinctItems(history, this.params.coldStartItems) < this.params.coldStartItems;
    // A part's view of its scores is read at once, before the next part scores: no copy of the catalog's scores.
    return this.#blend(cold, (m) => m.scoreHistoryView?.(history, now) ?? evidenceOrZero(m.scoreHistory(history, now)));
  }

  recommend(user: number, k: number, exclude?: ReadonlySet<number>): ScoredItem[] {
    return recommendFromScores(this, user, k, exclude);
  }

  /** The item-neighbourhood part's similar items (EASE, else SAR), else ALS's. */
  similarItems(item: number, k: number): ScoredItem[] {
    return this.#similarPart()?.similarItems?.(item, k) ?? [];
  }

  forEachSimilar(item: number, k: number, visit: (item: number, score: number) => void): void {
    eachSimilar(this.#similarPart(), item, k, visit);
  }

  #similarPart(): Recommender | undefined {
    return this.parts.ease ?? this.parts.sar ?? this.parts.als;
  }

  toSnapshot(options: SnapshotOptions = {}): ModelSnapshot {
    const parts: Record<string, ModelSnapshot> = { popular: this.popular.toSnapshot(options) };
    for (const c of components) {
      const model = this.parts[c];
      if (model !== undefined) parts[c] = model.toSnapshot(options);
    }
    const userIds = (options.users ?? true) ? this.userIds : [];
    return { format: 1, algorithm: 'hybrid', params: this.params, itemIds: this.itemIds, userIds, numbers: {}, arrays: {}, parts };
  }
}

/** Trains every model the blend weighs (with their default parameters) and the popular fallback. */
export async function fitHybrid(m: InteractionMatrix, params: HybridParams = hybridParamSpec.defaults, options: { threads: number } = { threads: 1 }): Promise<HybridModel> {
  const parts: Partial<Record<Component, Recommender>> = {};
  if (params.alsWeight > 0) parts.als = await fitAls(m, alsParamSpec.defaults, options);
  if (params.easeWeight > 0) parts.ease = await fitEase(m, easeParamSpec.defaults, options);
  if (params.sarWeight > 0) parts.sar = fitSar(m, sarParamSpec.defaults);
  return new HybridModel({ ...params }, fitPopular(m, popularParamSpec.defaults), parts);
}

export function hybridFromSnapshot(s: ModelSnapshot): HybridModel {
  const parts: Partial<Record<Component, Recommender>> = {};
  if (s.parts['als'] !== undefined) parts.als = alsFromSnapshot(snapshotPart(s, 'als'));
  if (s.parts['ease'] !== undefined) parts.ease = easeFromSnapshot(snapshotPart(s, 'ease'));
  if (s.parts['sar'] !== undefined) parts.sar = sarFromSnapshot(snapshotPart(s, 'sar'));
  return new HybridModel(storedParams(hybridParamSpec, s.params), popularFromSnapshot(snapshotPart(s, 'popular')), parts);
}
