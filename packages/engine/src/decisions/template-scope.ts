import type { DecideContext } from '@rapport/contracts';
import { Drop } from 'liquidjs';
import type { CatalogEntry } from '../catalog/index.js';
import type { ProfileState } from '../profiles/index.js';
import type { RecommendationService } from '../recommendations/index.js';

/** The person a decision is for: their ids as the request gave them, their profile, and consent to personalization. */
export interface Person {
  readonly userId: string | null;
  readonly anonymousId: string | null;
  readonly profile: ProfileState | null;
  readonly personalize: boolean;
  /** The segments they are in, with when they entered (empty without consent to personalization). */
  readonly segments: ReadonlyMap<string, number>;
}

/** Items a template may show from one recommender. */
const RECOMMENDATIONS_IN_TEMPLATE = 10;

/**
 * `recommendations.NAME` in a template: the items of the named recommender for this person and context, read when a
 * template first names it and at most once per request. Without consent to personalization the recommender answers
 * as it does for anyone (its non-personalized fallback).
 */
class RecommendationsDrop extends Drop {
  readonly #cache = new Map<string, Promise<object[]>>();

  constructor(private readonly load: (name: string) => Promise<object[]>) {
    super();
  }

  override liquidMethodMissing(name: string | number): Promise<object[]> {
    const key = String(name);
    let items = this.#cache.get(key);
    if (items === undefined) this.#cache.set(key, (items = this.load(key)));
    return items;
  }
}

function productScope(p: CatalogEntry): object {
  return { id: p.id, name: p.name, category: p.category, price: p.price, currency: p.currency, imageUrl: p.imageUrl, url: p.url, inStock: p.inStock };
}

/**
 * What templates see (docs/placements.md): `profile` (traits and a few features, only with consent to
 * personalization; otherwise empty), `context` (the request's), `product` (the product viewed, from the catalog), and
 * `recommendations`. The decision adds `placement`, `experience` and `variant`.
 */
export function templateScope(o: {
  readonly workspaceId: string;
  readonly person: Person;
  readonly context: DecideContext;
  readonly product: CatalogEntry | undefined;
  readonly recommendations: RecommendationService;
}): Record<string, unknown> {
  const { person, context } = o;
  const p = person.personalize ? person.profile : null;
  const traits = p?.traits ?? {};
  const firstName = typeof traits['firstName'] === 'string' ? traits['firstName'] : typeof traits['first_name'] === 'string' ? traits['first_name'] : null;
  const itemIds = context.productId !== undefined ? [context.productId] : (context.items ?? []).slice(0, 50);
  const recommendations = new RecommendationsDrop(async (name) => {
    const result = await o.recommendations.recommend(o.workspaceId, {
      recommender: name,
      ...(person.userId === null ? {} : { userId: person.userId }),
      ...(person.anonymousId === null ? {} : { anonymousId: person.anonymousId }),
      ...(itemIds.length === 0 ? {} : { itemIds }),
      ...(context.category === undefined ? {} : { category: context.category }),
      limit: RECOMMENDATIONS_IN_TEMPLATE,
    });
    if (!result.ok) return [];
    return result.value.items.map((i) => ({ id: i.productId, name: i.name, category: i.category, price: i.price, currency: i.currency, imageUrl: i.imageUrl, url: i.url, reason: i.reason.sentence }));
  });
  return {
    profile:
      p === null
        ? { traits: {}, firstName: null, orders: 0, topCategory: null }
        : {
            userId: person.userId,
            traits,
            firstName,
            orders: p.features.orders,
            revenue: Math.round((p.features.revenue - p.features.refundedRevenue) * 100) / 100,
            topCategory: Object.entries(p.features.affinity.scores).sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
            city: p.features.location?.city ?? null,
          },
    context,
    product: o.product === undefined ? null : productScope(o.product),
    recommendations,
  };
}
