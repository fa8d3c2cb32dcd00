import { SIGNALS_CHANGED } from '../signals/item-signals-job.js';
import type { Candidate, Strategy, StrategyContext, StrategyTable } from './candidates.js';

const DAY_MS = 86_400_000;
/** Weights of interest in popularity: a purchase says more than an add to cart, which says more than a view. */
const INTEREST = { views: 1, adds: 3, purchases: 5 } as const;
/** Popularity halves every week: "popular" means popular lately. */
const POPULAR_HALF_LIFE_DAYS = 7;
/** Trending compares the last 2 days with the 28 before them. */
const TREND_RECENT_DAYS = 2;
const TREND_BASELINE_DAYS = 28;
/** Least recent interest for a product to trend: a product seen twice is not a trend. */
const TREND_MIN_RECENT = 5;

const today = (ctx: StrategyContext) => Math.floor(ctx.clock.now() / DAY_MS);

async function categoryProducts(ctx: StrategyContext, category: string | undefined): Promise<string[] | undefined> {
  if (category === undefined) return undefined;
  return ctx.repos.catalog.idsInCategory(ctx.database.kysely, ctx.workspaceId, category, { limit: 20_000 });
}

/** Popular lately: views, adds and purchases (weighted 1, 3, 5), each day counting half as much as a week later. */
export const popular: Strategy = async (ctx, n) => {
  const category = ctx.params.category ?? ctx.category;
  const day = today(ctx);
  const rows = await ctx.repos.recommendations.rankProducts(ctx.database.kysely, ctx.workspaceId, {
    fromDay: day - (ctx.params.days ?? 30),
    toDay: day,
    weights: INTEREST,
    halfLifeDays: POPULAR_HALF_LIFE_DAYS,
    ...(category === undefined ? {} : { productIds: (await categoryProducts(ctx, category)) ?? [] }),
    limit: n,
  });
  return rows.map((r) => ({
    productId: r.product_id,
    score: r.count,
    reason: category === undefined ? { kind: 'popular', sentence: 'Popular right now' } : { kind: 'popular', category, sentence: `Popular in ${category} this week` },
  }));
};

/** Trending: interest of the last 2 days against the product's own daily interest of the 28 days before. */
export const trending: Strategy = async (ctx, n) => {
  const day = today(ctx);
  const db = ctx.database.kysely;
  const recent = await ctx.repos.recommendations.rankProducts(db, ctx.workspaceId, { fromDay: day - TREND_RECENT_DAYS + 1, toDay: day, weights: INTEREST, limit: Math.max(200, n * 10) });
  const candidates = recent.filter((r) => r.count >= TREND_MIN_RECENT);
  if (candidates.length === 0) return [];
  const baseline = await ctx.repos.recommendations.rankProducts(db, ctx.workspaceId, {
    fromDay: day - TREND_RECENT_DAYS - TREND_BASELINE_DAYS + 1,
    toDay: day - TREND_RECENT_DAYS,
    weights: INTEREST,
    productIds: candidates.map((c) => c.product_id),
    limit: candidates.length,
  });
  const before = new Map(baseline.map((b) => [b.product_id, b.count]));
  // Per day, with one of interest added on both sides so that a product new to the shop does not divide by zero.
  const velocity = (c: { product_id: string; count: number }) => (c.count / TREND_RECENT_DAYS + 1) / ((before.get(c.product_id) ?? 0) / TREND_BASELINE_DAYS + 1);
  return candidates
    .map((c) => ({ productId: c.product_id, score: velocity(c), reason: { kind: 'trending' as const, sentence: 'Trending this week' } }))
    .filter((c) => c.score > 1)
    .sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1))
    .slice(0, n);
};

/** Products added to the catalog in the last `days` (default 30), newest first. */
export const newArrivals: Strategy = async (ctx, n) => {
  const category = ctx.params.category ?? ctx.category;
  const rows = await ctx.repos.catalog.newest(ctx.database.kysely, ctx.workspaceId, { since: ctx.clock.now() - (ctx.params.days ?? 30) * DAY_MS, category, limit: n });
  return rows.map((p, i) => ({
    productId: p.id,
    score: rows.length - i,
    reason: { kind: 'new_arrival', ...(p.category === null ? {} : { category: p.category }), sentence: p.category === null ? 'New arrival' : `New in ${p.category.split(' > ').at(-1)}` },
  }));
};

/** Best sellers (purchases) of the last `days` (default 30), in a category when one is given. */
export const topSellers: Strategy = async (ctx, n) => {
  const category = ctx.params.category ?? ctx.category;
  const day = today(ctx);
  const rows = await ctx.repos.recommendations.rankProducts(ctx.database.kysely, ctx.workspaceId, {
    fromDay: day - (ctx.params.days ?? 30),
    toDay: day,
    weights: { views: 0, adds: 0, purchases: 1 },
    ...(category === undefined ? {} : { productIds: (await categoryProducts(ctx, category)) ?? [] }),
    limit: n,
  });
  return rows.map((r) => ({
    productId: r.product_id,
    score: r.count,
    reason: category === undefined ? { kind: 'top_seller', sentence: 'A best seller' } : { kind: 'top_seller', category, sentence: `Best seller in ${category.split(' > ').at(-1)}` },
  }));
};

/**
 * Products together with the given ones (in orders, or in sessions of views), as association rules: support = pair
 * count (orders or sessions holding both), confidence = support / orders holding the given product, lift =
 * confidence / share of orders holding the other. Thresholds: support ≥ minSupport (default 2), confidence ≥
 * minConfidence (default 0), lift ≥ minLift (default 0: a product in most baskets, the mug bought with everything,
 * has a lift below 1 and may still be what people buy next). Scored by confidence, summed over the given products.
 */
function together(kind: 'bought' | 'viewed'): Strategy {
  return async (ctx, n) => {
    if (ctx.itemIds.length === 0) return [];
    const db = ctx.database.kysely;
    const minSupport = ctx.params.minSupport ?? 2;
    const minConfidence = ctx.params.minConfidence ?? 0;
    const minLift = ctx.params.minLift ?? 0;
    // The strongest partners come first: twice the list asked for leaves room for the thresholds and the rules.
    const pairs = (await ctx.repos.recommendations.pairsOf(db, ctx.workspaceId, kind, ctx.itemIds, Math.max(50, n * 2))).filter((p) => p.count >= minSupport && !ctx.itemIds.includes(p.b));
    if (pairs.length === 0) return [];
    // Confidence needs the given products' totals; lift also the partners' (read only when a minimum lift asks for it).
    const totals = await ctx.repos.recommendations.totals(db, ctx.workspaceId, kind, ['', ...new Set([...pairs.map((p) => p.a), ...(minLift > 0 ? pairs.map((p) => p.b) : [])])]);
    const all = totals.get('') ?? 0;
    const scored = new Map<string, { score: number; from: string; best: number }>();
    for (const p of pairs) {
      const confidence = p.count / Math.max(1, totals.get(p.a) ?? 0);
      if (confidence < minConfidence) continue;
      if (minLift > 0 && (all === 0 ? 0 : confidence / Math.max(1e-9, (totals.get(p.b) ?? 0) / all)) < minLift) continue;
      const s = scored.get(p.b) ?? { score: 0, from: p.a, best: 0 };
      s.score += confidence;
      if (confidence > s.best) Object.assign(s, { from: p.a, best: confidence });
      scored.set(p.b, s);
    }
    const ranked = [...scored].sort((x, y) => y[1].score - x[1].score || (x[0] < y[0] ? -1 : 1)).slice(0, n);
    const out: Candidate[] = [];
    for (const [productId, s] of ranked) {
      const name = ctx.productName(s.from);
      out.push({
        productId,
        score: s.score,
        reason: kind === 'bought' ? { kind: 'bought_together', productIds: [s.from], sentence: `Often bought with ${name}` } : { kind: 'also_viewed', productIds: [s.from], sentence: `People who viewed ${name} also viewed this` },
      });
    }
    return out;
  };
}

export const boughtTogether = together('bought');
export const alsoViewed = together('viewed');

/** What the person viewed lately, most recent first. */
export const recentlyViewed: Strategy = async (ctx, n) => {
  const person = ctx.person;
  if (person === undefined || !person.personalize) return [];
  const rows = (await person.products()).filter((r) => r.last_viewed_at !== null);
  rows.sort((a, b) => b.last_viewed_at! - a.last_viewed_at! || (a.product_id < b.product_id ? -1 : 1));
  return rows.slice(0, n).map((r) => ({ productId: r.product_id, score: r.last_viewed_at!, reason: { kind: 'recently_viewed', sentence: viewedAgo(ctx.clock.now() - r.last_viewed_at!) } }));
};

function viewedAgo(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  return days <= 0 ? 'You viewed this today' : days === 1 ? 'You viewed this yesterday' : `You viewed this ${days} days ago`;
}

/** Popular products of the person's strongest categories (up to 3), in proportion to their interest in each. */
export const categoryBased: Strategy = async (ctx, n) => {
  const person = ctx.person;
  if (person === undefined || !person.personalize) return [];
  const scores = Object.entries(person.profile.features.affinity.scores).filter(([, s]) => s > 0);
  const total = scores.reduce((sum, [, s]) => sum + s, 0);
  const top = scores.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
  const out: Candidate[] = [];
  for (const [category, score] of top) {
    const share = score / total;
    const ranked = await signalStrategies.popular!({ ...ctx, params: { ...ctx.params, category } }, Math.ceil(n * share) + 2);
    const best = ranked[0]?.score ?? 1;
    for (const c of ranked) out.push({ productId: c.productId, score: share * (c.score / best), reason: { kind: 'category_affinity', category, sentence: `Because you like ${category.split(' > ').at(-1)}` } });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, n);
};

/** Lists kept per workspace, strategy and parameters; a few hundred at most. */
const LISTS_KEPT = 500;

/**
 * A list that is the same for everyone (popular, trending, top sellers), computed once per change of the product
 * signals: it is kept with where in the event log the signals last changed and the day, and computed again when either
 * moved. Each request gets its own copies (rules change scores).
 */
function sameForEveryone(strategy: Strategy): Strategy {
  const lists = new Map<string, { at: string; candidates: Candidate[] }>();
  return async (ctx, n) => {
    const key = `${ctx.workspaceId}\u0000${ctx.category ?? ''}\u0000${JSON.stringify(ctx.params)}\u0000${n}`;
    const at = `${await ctx.repos.processor.cursor(ctx.database.kysely, SIGNALS_CHANGED)}@${today(ctx)}`;
    let kept = lists.get(key);
    if (kept?.at !== at) {
      if (lists.size >= LISTS_KEPT) lists.clear();
      kept = { at, candidates: await strategy(ctx, n) };
      lists.set(key, kept);
    }
    return kept.candidates.map((c) => ({ ...c }));
  };
}

/** The strategies served from product signals and the person's own history. */
export const signalStrategies: StrategyTable = {
  popular: sameForEveryone(popular),
  trending: sameForEveryone(trending),
  new_arrivals: newArrivals,
  top_sellers: sameForEveryone(topSellers),
  bought_together: boughtTogether,
  also_viewed: alsoViewed,
  recently_viewed: recentlyViewed,
  category_based: categoryBased,
};
