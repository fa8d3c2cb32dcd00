import { itemStrategies, personalStrategies, type CreateRecommenderBody, type RecommendationAlgorithm, type RecommendationRules, type RecommendationStrategy, type RecommenderView } from '@rapport/contracts';

/** Each strategy as a shop owner reads it (docs/recommendations.md#strategies). */
export const strategyLabels: Record<RecommendationStrategy, { label: string; description: string }> = {
  popular: { label: 'Popular', description: 'What gets the most interest lately: views, adds to cart and purchases' },
  trending: { label: 'Trending', description: 'Products whose interest of the last 2 days is rising fastest' },
  new_arrivals: { label: 'New arrivals', description: 'Products added to the catalog lately, newest first' },
  top_sellers: { label: 'Top sellers', description: 'The most bought products lately' },
  bought_together: { label: 'Often bought together', description: 'Products found in the same orders as the one viewed or the cart' },
  also_viewed: { label: 'Also viewed', description: 'Products viewed in the same visits as the one viewed' },
  similar_items: { label: 'Similar items', description: 'Products whose name, category and description are closest; works for new products' },
  recently_viewed: { label: 'Recently viewed', description: 'What the person looked at, most recent first' },
  category_based: { label: 'Their favourite categories', description: 'Popular products of the categories the person likes most' },
  collaborative: { label: 'Because you bought', description: 'Products bought by people who bought the same things (trained model)' },
  als: { label: 'Learned taste (ALS)', description: 'A model of each person’s taste learned from all orders (trained model)' },
  ease: { label: 'Learned item links (EASE)', description: 'Which products go with which, learned from all orders (trained model)' },
  hybrid: { label: 'Picked for you (hybrid)', description: 'A blend of the trained models; for a new visitor, what they look at and like' },
};

/** What a strategy needs to answer: a product (or the cart), a person, or nothing. */
export function needsOf(strategy: RecommendationStrategy): 'product' | 'person' | 'nothing' {
  if (itemStrategies.includes(strategy)) return 'product';
  if (personalStrategies.includes(strategy)) return 'person';
  return 'nothing';
}

export const needsSentence = { product: 'Needs the product viewed or the cart', person: 'Needs a person', nothing: 'Works for anyone' } as const;

/** The presets the empty state offers a new shop. */
export const presets: readonly { title: string; where: string; body: CreateRecommenderBody }[] = [
  {
    title: 'Home page: picked for you',
    where: 'For each visitor, from what they bought and viewed; for a newcomer, the best of the shop.',
    body: { name: 'home-picked-for-you', description: 'Home page: picked for you', strategy: 'hybrid', rules: { excludePurchased: { days: 90 }, maxPerCategory: 3 }, fallback: 'popular' },
  },
  {
    title: 'Product page: often bought together',
    where: 'Under a product: what other customers bought with it; similar products when nobody has yet.',
    body: { name: 'product-bought-together', description: 'Product page: often bought together', strategy: 'bought_together', rules: {}, fallback: 'similar_items' },
  },
  {
    title: 'Cart upsell',
    where: 'In the cart: what goes with what is in it, without what the customer already bought.',
    body: { name: 'cart-upsell', description: 'Cart upsell', strategy: 'bought_together', rules: { excludePurchased: { days: 90 }, maxPerCategory: 2 }, fallback: 'top_sellers' },
  },
];

const list = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const money = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 2 });

/** The business rules in plain words, one sentence each (empty when only the defaults apply). */
export function rulesInWords(rules: RecommendationRules): string[] {
  const out: string[] = [];
  const ex = rules.excludePurchased;
  if (ex !== undefined) {
    const when = ex.days === null || ex.days === undefined ? 'ever' : `in the last ${ex.days} days`;
    const except = ex.exceptCategories === undefined || ex.exceptCategories.length === 0 ? '' : `, except ${list(ex.exceptCategories)}`;
    out.push(`Leaves out what the person bought ${when}${except}`);
  }
  if (rules.inStockOnly === false) out.push('Shows products out of stock too');
  if (rules.includeCategories !== undefined && rules.includeCategories.length > 0) out.push(`Only shows ${list(rules.includeCategories)}`);
  if (rules.excludeCategories !== undefined && rules.excludeCategories.length > 0) out.push(`Never shows ${list(rules.excludeCategories)}`);
  const price = rules.price;
  if (price !== undefined && (price.min !== undefined || price.max !== undefined)) {
    if (price.min !== undefined && price.max !== undefined) out.push(`Priced ${money(price.min)} to ${money(price.max)}`);
    else if (price.min !== undefined) out.push(`Priced at least ${money(price.min)}`);
    else if (price.max !== undefined) out.push(`Priced at most ${money(price.max)}`);
  }
  if (rules.maxPerCategory !== undefined) out.push(`At most ${rules.maxPerCategory} of one category`);
  for (const b of rules.boost ?? []) {
    const what = [...(b.match.categories ?? []), ...(b.match.tags ?? []).map((t) => `tag “${t}”`), ...(b.match.productIds ?? [])];
    out.push(`${b.factor >= 1 ? 'Boosts' : 'Buries'} ${list(what) || 'nothing'} (×${b.factor})`);
  }
  for (const p of rules.pinned ?? []) out.push(`${p.productId} pinned at place ${p.position}`);
  return out;
}

/** The strategy, its rules and its fallback in one line, for the list. */
export function summaryOf(r: RecommenderView): { strategy: string; rules: string[]; fallback: string } {
  return {
    strategy: strategyLabels[r.strategy].label,
    rules: rulesInWords(r.rules),
    fallback: r.fallback === null ? 'No fallback: the list may be short' : `Filled up with ${strategyLabels[r.fallback].label.toLowerCase()} when short`,
  };
}

/** The algorithms as the shop reads them (`rapport recs evaluate --list`). */
export const algorithmLabels: Record<RecommendationAlgorithm, string> = {
  popular: 'Popular',
  sar: 'Bought together (SAR)',
  'item-knn': 'Similar buyers (item-KNN)',
  als: 'Learned taste (ALS)',
  ease: 'Learned item links (EASE)',
  hybrid: 'Hybrid',
};
/** Models the engine keeps for itself besides the trainable algorithms (docs/recommendations.md#strategies). */
const otherModels: Record<string, string> = { content: 'Similar items (content)', 'country-popular': 'Popular by country' };
export const algorithmLabel = (a: string): string => algorithmLabels[a as RecommendationAlgorithm] ?? otherModels[a] ?? a;

/** Short names, for the axis of a chart on a phone. */
export const algorithmShort: Record<RecommendationAlgorithm, string> = { popular: 'Popular', sar: 'SAR', 'item-knn': 'Item-KNN', als: 'ALS', ease: 'EASE', hybrid: 'Hybrid' };
