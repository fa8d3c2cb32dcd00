import type { PlacementKind, RankedItemView } from '@rapport/contracts';

/** What a person's interest in a product is made of: the categories they like, and a recommender's picks. */
export interface InterestSignals {
  /** Category → affinity (any scale: it is divided by the largest). */
  readonly affinity: Readonly<Record<string, number>>;
  /** Product → its rank among a recommender's items (0 = first), with the recommender's name. */
  readonly picks: ReadonlyMap<string, number>;
  readonly recommender: string | null;
  readonly categoryOf: (productId: string) => string | null;
}

/** How much interest moves an item when the experience does not say: less for search, where the query matters most. */
export const DEFAULT_AFFINITY_WEIGHT: Readonly<Record<Exclude<PlacementKind, 'content'>, number>> = { sort: 0.5, search: 0.3 };

/**
 * Orders a list by blending its own order with the person's interest: score = (1 − w) × position score + w × interest,
 * where the position score falls linearly from 1 (first) to 0 (last) and interest is the category's affinity divided
 * by the person's strongest, raised to the recommender's rank score when the recommender picked the product. Ties
 * keep the list's order, so a person with no signals sees the list as sent.
 */
export function rankList(items: readonly string[], signals: InterestSignals, weight: number): RankedItemView[] {
  const n = items.length;
  const top = Math.max(0, ...Object.values(signals.affinity));
  const picks = signals.picks.size;
  const scored = items.map((productId, index) => {
    const category = signals.categoryOf(productId);
    const affinity = top > 0 && category !== null ? (signals.affinity[category] ?? 0) / top : 0;
    const rank = signals.picks.get(productId);
    const pick = rank === undefined ? 0 : 1 - rank / Math.max(picks, 1);
    const interest = Math.max(affinity, pick);
    const position = n <= 1 ? 1 : 1 - index / (n - 1);
    const reason =
      interest <= 0
        ? null
        : pick >= affinity && signals.recommender !== null
          ? `Picked for you by “${signals.recommender}”`
          : `Because you often look at ${category}`;
    return { productId, index, score: (1 - weight) * position + weight * interest, reason };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s, at) => ({ productId: s.productId, score: Math.round(s.score * 1e6) / 1e6, moved: s.index - at, reason: s.index > at ? s.reason : null }));
}

/** The list as sent, for a person whose interest is not used. */
export function unranked(items: readonly string[]): RankedItemView[] {
  const n = items.length;
  return items.map((productId, index) => ({ productId, score: n <= 1 ? 1 : Math.round((1 - index / (n - 1)) * 1e6) / 1e6, moved: 0, reason: null }));
}
