import { strategyModels, type RecommendationReason } from '@rapport/contracts';
import type { RecModelRow } from '@rapport/storage';
import { loadModel } from '../algorithms/algorithm-registry.js';
import { eachSimilar, type HistoryEvent, type Recommender } from '../algorithms/recommender.js';
import { decodeSnapshot } from '../algorithms/snapshot.js';
import { topK } from '../algorithms/top-k.js';
import type { ContentNeighbour } from '../content/content-similarity.js';
import { CONTENT_ALGORITHM, decodeContent } from '../training/content-model.js';
import { COUNTRY_POPULAR, countryOf, decodeCountryLists } from '../training/country-popular.js';
import type { Candidate, ItemScorer, ScorerTable, Strategy, StrategyContext, StrategyTable } from './candidates.js';
import type { ModelCache } from './model-cache.js';
import { categoryBased } from './signal-strategies.js';

/** A product viewed or added to a cart weighs this much of a purchase in a person's history. */
const VIEW_WEIGHT = 0.3;
/** The most recent products of a history that reasons are looked for among. */
const REASON_SOURCES = 10;
/** Neighbours of each source looked at to find which one a recommended product comes from. */
const REASON_NEIGHBOURS = 100;

/** A learned model as served: the model (item side only) and each product's index in it. */
interface Served {
  readonly model: Recommender;
  readonly index: ReadonlyMap<string, number>;
}

function decodeLearned(row: RecModelRow): Served {
  const model = loadModel(decodeSnapshot(row.snapshot!));
  return { model, index: new Map(model.itemIds.map((id, i) => [id, i])) };
}

/** Similar items: the products whose text is closest to the given ones (content model), summed over them. */
function similarItems(models: ModelCache): Strategy {
  return async (ctx, n) => {
    if (ctx.itemIds.length === 0) return [];
    const model = await models.get(ctx.workspaceId, CONTENT_ALGORITHM, (row) => decodeContent(row.snapshot!));
    if (model === undefined) return [];
    const scored = new Map<string, { score: number; from: string; best: number }>();
    for (const from of ctx.itemIds) {
      for (const nb of model.value.get(from) ?? ([] as ContentNeighbour[])) {
        const s = scored.get(nb.id) ?? { score: 0, from, best: 0 };
        s.score += nb.score;
        if (nb.score > s.best) Object.assign(s, { from, best: nb.score });
        scored.set(nb.id, s);
      }
    }
    const ranked = [...scored].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1)).slice(0, n);
    const out: Candidate[] = [];
    for (const [productId, s] of ranked) out.push({ productId, score: s.score, reason: { kind: 'similar', productIds: [s.from], sentence: `Similar to ${ctx.productName(s.from)}` } });
    return out;
  };
}

/** A product of the person's history in the model's terms, and whether it was bought or only looked at. */
interface Touch extends HistoryEvent {
  readonly productId: string;
  readonly bought: boolean;
}

/** The person's purchases (weighted by count) and, lighter, what they viewed or added, of products the model knows. */
async function historyOf(ctx: StrategyContext, served: Served): Promise<Touch[]> {
  const person = ctx.person!;
  const rows = await person.products();
  const touches: Touch[] = [];
  for (const r of rows) {
    const item = served.index.get(r.product_id);
    if (item === undefined) continue;
    if (r.purchases > 0) touches.push({ item, productId: r.product_id, bought: true, weight: r.purchases, timestamp: Math.floor((r.last_purchased_at ?? 0) / 1000) });
    else if (r.views + r.adds > 0) touches.push({ item, productId: r.product_id, bought: false, weight: VIEW_WEIGHT, timestamp: Math.floor(Math.max(r.last_viewed_at ?? 0, r.last_added_at ?? 0) / 1000) });
  }
  return touches.sort((a, b) => b.timestamp - a.timestamp || a.item - b.item);
}

/**
 * Why a product scored: the product of the person's history it is most similar to, in the model's own item
 * similarities (bought before viewed); a plain "picked for you" when the model has none (its score comes from
 * learned factors as a whole).
 */
function reasonsFor(ctx: StrategyContext, served: Served, history: readonly Touch[], items: readonly number[]): Map<number, RecommendationReason> {
  const wanted = new Set(items);
  const best = new Map<number, { touch: Touch; score: number }>();
  const sources = [...history.filter((t) => t.bought), ...history.filter((t) => !t.bought)].slice(0, REASON_SOURCES);
  const model = served.model;
  for (const touch of sources) {
    const visit = (item: number, similarity: number): void => {
      if (!wanted.has(item)) return;
      const seen = best.get(item);
      // A purchase explains better than a view of a product as similar.
      const score = similarity * (touch.bought ? 1 : VIEW_WEIGHT);
      if (seen === undefined || score > seen.score) best.set(item, { touch, score });
    };
    eachSimilar(model, touch.item, REASON_NEIGHBOURS, visit);
  }
  const reasons = new Map<number, RecommendationReason>();
  for (const item of items) {
    const source = best.get(item);
    if (source === undefined) {
      reasons.set(item, { kind: 'picked_for_you', sentence: history.some((t) => t.bought) ? 'Picked for you from what you bought' : 'Picked for you from what you looked at' });
      continue;
    }
    const name = ctx.productName(source.touch.productId);
    reasons.set(item, source.touch.bought
      ? { kind: 'because_you_bought', productIds: [source.touch.productId], sentence: `Because you bought ${name}` }
      : { kind: 'because_you_viewed', productIds: [source.touch.productId], sentence: `Because you viewed ${name}` });
  }
  return reasons;
}

/** A person's history as a learned model sees it, and the model's score of every product for them. */
interface Scored {
  readonly served: Served;
  readonly history: readonly Touch[];
  /** −Infinity where the model has no evidence; null when the history is too short for the model (cold start). */
  readonly scores: Float64Array | null;
}

/**
 * The newest model of `algorithm` applied to the person's history, computed once per request: a decision that lists
 * a recommender's picks and sorts a page by the same recommender scores the history once. Undefined without consent
 * to personalization or without a trained model.
 */
async function scoredHistory(models: ModelCache, algorithm: string, ctx: StrategyContext): Promise<Scored | undefined> {
  const person = ctx.person;
  if (person?.personalize !== true) return undefined;
  const loaded = await models.get(ctx.workspaceId, algorithm, decodeLearned);
  if (loaded === undefined) return undefined;
  ctx.noteModel?.(loaded.version);
  const key = `model-scores:${algorithm}:${loaded.version}`;
  let scored = person.memo.get(key) as Promise<Scored> | undefined;
  if (scored === undefined) {
    const served = loaded.value;
    scored = historyOf(ctx, served).then((history) => {
      // Too little history for the model (the hybrid's cold start would answer with popular items): others answer.
      const coldStart = served.model.params['coldStartItems'];
      const enough = history.length > 0 && !(typeof coldStart === 'number' && history.length < coldStart);
      return { served, history, scores: enough ? served.model.scoreHistory(history, ctx.clock.now() / 1000) : null };
    });
    person.memo.set(key, scored);
  }
  return scored;
}

/**
 * A collaborative strategy: the person's own history scored by the newest learned model of `algorithm` (trained in
 * the background on the orders of consenting customers; the model holds no one's data, the history is read now).
 * Nothing for a person without history the model knows: the recommender's fallback answers.
 */
function collaborative(models: ModelCache, algorithm: string): (ctx: StrategyContext, n: number) => Promise<{ candidates: Candidate[]; served: Served | undefined; history: number }> {
  return async (ctx, n) => {
    const scored = await scoredHistory(models, algorithm, ctx);
    if (scored === undefined) return { candidates: [], served: undefined, history: 0 };
    const { served, history, scores } = scored;
    if (scores === null) return { candidates: [], served, history: 0 };
    const top = topK(scores, n, new Set(history.map((t) => t.item)));
    const reasons = reasonsFor(ctx, served, history, top.map((t) => t.item));
    return { candidates: top.map((t) => ({ productId: served.model.itemIds[t.item]!, score: t.score, reason: reasons.get(t.item)! })), served, history: history.length };
  };
}

/**
 * The score a learned model gives each of the products named, for the person (products of their history and those
 * the model has no evidence for are left out, as from its lists); undefined when the model cannot score for them
 * (no consent, no model, too little history), so that the recommender's list is used instead.
 */
function collaborativeScorer(models: ModelCache, algorithm: string): ItemScorer {
  return async (ctx, productIds) => {
    const scored = await scoredHistory(models, algorithm, ctx);
    if (scored?.scores === null || scored === undefined) return undefined;
    const { served, history, scores } = scored;
    const touched = new Set(history.map((t) => t.item));
    const out = new Map<string, number>();
    for (const id of productIds) {
      const item = served.index.get(id);
      if (item === undefined || touched.has(item)) continue;
      const score = scores[item]!;
      if (Number.isFinite(score)) out.set(id, score);
    }
    return out;
  };
}

/**
 * The hybrid: the blended model for a person with history; for a new person, the products they are looking at (the
 * learned model's neighbours of a known product, the content model's of a new one), then their category affinity;
 * nothing left → the fallback (popular).
 */
function hybrid(models: ModelCache): Strategy {
  const learned = collaborative(models, strategyModels.hybrid);
  const content = similarItems(models);
  return async (ctx, n) => {
    const { candidates, served, history } = await learned(ctx, n);
    if (history > 0) return candidates;
    if (ctx.itemIds.length > 0) {
      const known = served === undefined ? [] : ctx.itemIds.filter((id) => served.index.has(id));
      const out: Candidate[] = [];
      for (const productId of known) {
        const name = ctx.productName(productId);
        for (const nb of served!.model.similarItems?.(served!.index.get(productId)!, n) ?? []) {
          out.push({ productId: served!.model.itemIds[nb.item]!, score: nb.score, reason: { kind: 'bought_together', productIds: [productId], sentence: `Customers who bought ${name} also bought this` } });
        }
      }
      const unknown = ctx.itemIds.filter((id) => !known.includes(id));
      if (unknown.length > 0) out.push(...(await content({ ...ctx, itemIds: unknown }, n)));
      if (out.length > 0) return out.sort((a, b) => b.score - a.score);
    }
    if (ctx.person?.personalize !== true) return [];
    const liked = await categoryBased(ctx, n);
    if (liked.length > 0) return liked;
    return popularInCountry(models, ctx, n);
  };
}

/** What customers of the person's country buy most (lists kept with the hybrid model). */
async function popularInCountry(models: ModelCache, ctx: StrategyContext, n: number): Promise<Candidate[]> {
  const country = countryOf(ctx.person!.profile);
  if (country === null) return [];
  const lists = await models.get(ctx.workspaceId, COUNTRY_POPULAR, (row) => decodeCountryLists(row.snapshot!));
  const list = lists?.value.get(country) ?? [];
  const best = list[0]?.[1] ?? 1;
  return list.slice(0, n).map(([productId, buyers]) => ({ productId, score: buyers / best, reason: { kind: 'popular', sentence: `Popular in ${country}` } }));
}

/** The strategies that answer from trained models, and those of them that can score the products they are given. */
export function modelStrategies(models: ModelCache): { readonly strategies: StrategyTable; readonly scorers: ScorerTable } {
  const learned = (algorithm: string): Strategy => {
    const strategy = collaborative(models, algorithm);
    return async (ctx, n) => (await strategy(ctx, n)).candidates;
  };
  return {
    strategies: {
      similar_items: similarItems(models),
      collaborative: learned(strategyModels.collaborative),
      als: learned(strategyModels.als),
      ease: learned(strategyModels.ease),
      hybrid: hybrid(models),
    },
    // The hybrid scores with its blended model for a person with history; its cold start only lists.
    scorers: {
      collaborative: collaborativeScorer(models, strategyModels.collaborative),
      als: collaborativeScorer(models, strategyModels.als),
      ease: collaborativeScorer(models, strategyModels.ease),
      hybrid: collaborativeScorer(models, strategyModels.hybrid),
    },
  };
}
