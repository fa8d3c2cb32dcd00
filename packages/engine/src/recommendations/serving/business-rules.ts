import type { RecommendationRules } from '@rapport/contracts';
import type { CatalogEntry } from '../../catalog/index.js';
import type { Candidate } from './candidates.js';

const DAY_MS = 86_400_000;

/** A category, or one of its sub-categories ("Home > Garden" holds "Home > Garden > Tools"). */
export function inCategory(category: string | null, of: readonly string[]): boolean {
  return category !== null && of.some((c) => category === c || category.startsWith(`${c} > `));
}

function matches(p: CatalogEntry, m: NonNullable<RecommendationRules['boost']>[number]['match']): boolean {
  if (m.productIds?.includes(p.id)) return true;
  if (m.categories !== undefined && inCategory(p.category, m.categories)) return true;
  return m.tags !== undefined && p.tags.some((t) => m.tags!.includes(t));
}

export interface RuleInputs {
  readonly rules: RecommendationRules;
  readonly limit: number;
  /** The catalog: a product it does not know is not shown. */
  readonly products: ReadonlyMap<string, CatalogEntry>;
  /** When the person bought each product, when their purchases may be used (consent to personalization). */
  readonly purchased: ReadonlyMap<string, number> | undefined;
  /** Products never to show (the product viewed, the cart). */
  readonly exclude: ReadonlySet<string>;
  readonly now: number;
}

/** Whether a candidate passes the filters of the rules (stock, categories, price, what the person bought). */
export function passes(p: CatalogEntry, i: RuleInputs): boolean {
  const r = i.rules;
  if (i.exclude.has(p.id)) return false;
  if ((r.inStockOnly ?? true) && !p.inStock) return false;
  if (r.includeCategories !== undefined && !inCategory(p.category, r.includeCategories)) return false;
  if (r.excludeCategories !== undefined && inCategory(p.category, r.excludeCategories)) return false;
  if (r.price?.min !== undefined && (p.price === null || p.price < r.price.min)) return false;
  if (r.price?.max !== undefined && (p.price === null || p.price > r.price.max)) return false;
  const bought = i.purchased?.get(p.id);
  if (r.excludePurchased !== undefined && bought !== undefined) {
    const days = r.excludePurchased.days ?? null;
    const recent = days === null || i.now - bought <= days * DAY_MS;
    if (recent && !inCategory(p.category, r.excludePurchased.exceptCategories ?? [])) return false;
  }
  return true;
}

/** What the boost and bury rules multiply a product's score by. */
export function boostFactor(p: CatalogEntry, rules: RecommendationRules): number {
  return (rules.boost ?? []).reduce((f, b) => (matches(p, b.match) ? f * b.factor : f), 1);
}

/**
 * Applies a recommender's business rules to scored candidates: filters (stock, categories, price, products already
 * bought except replenishable categories), boosts and burials (the score times the factor), diversity (at most
 * `maxPerCategory` of a category), then pinned products at their positions. Returns at most `limit`, best first.
 */
export function applyRules(candidates: readonly Candidate[], i: RuleInputs): Candidate[] {
  const r = i.rules;
  const seen = new Set<string>();
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const p = i.products.get(c.productId);
    if (p === undefined || seen.has(c.productId) || !passes(p, i)) continue;
    seen.add(c.productId);
    kept.push({ ...c, score: c.score * boostFactor(p, r) });
  }
  kept.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
  const perCategory = new Map<string, number>();
  const chosen: Candidate[] = [];
  const pinned = new Set((r.pinned ?? []).map((x) => x.productId));
  for (const c of kept) {
    if (chosen.length >= i.limit) break;
    if (pinned.has(c.productId)) continue;
    const category = i.products.get(c.productId)!.category ?? '';
    if (r.maxPerCategory !== undefined && (perCategory.get(category) ?? 0) >= r.maxPerCategory) continue;
    perCategory.set(category, (perCategory.get(category) ?? 0) + 1);
    chosen.push(c);
  }
  for (const pin of [...(r.pinned ?? [])].sort((a, b) => a.position - b.position)) {
    const p = i.products.get(pin.productId);
    if (p === undefined || i.exclude.has(p.id) || ((r.inStockOnly ?? true) && !p.inStock)) continue;
    const at = Math.min(pin.position - 1, chosen.length);
    chosen.splice(at, 0, { productId: p.id, score: chosen[at]?.score ?? chosen[at - 1]?.score ?? 1, reason: { kind: 'pinned', sentence: 'Featured by the shop' } });
  }
  return chosen.slice(0, i.limit);
}
