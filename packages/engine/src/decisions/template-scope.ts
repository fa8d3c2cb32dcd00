import type { DecideContext, RecommendedItemView } from '@rapport/contracts';
import { Drop } from 'liquidjs';
import type { CatalogEntry } from '../catalog/index.js';
import type { ConsentRecord } from '../consent/index.js';
import type { ProfileState } from '../profiles/index.js';
import type { RecommendationService } from '../recommendations/index.js';

/** The person a decision is for: their ids as the request gave them, their profile, and consent to personalization. */
export interface Person {
  readonly userId: string | null;
  readonly anonymousId: string | null;
  readonly profile: ProfileState | null;
  /** Their consent per purpose: the profile's, with the choices the request carries applied. */
  readonly consent: Readonly<Record<string, ConsentRecord>>;
  readonly personalize: boolean;
  /** The segments they are in, with when they entered (empty without consent to personalization). */
  readonly segments: ReadonlyMap<string, number>;
}

/** Items a template may show from one recommender. */
const RECOMMENDATIONS_IN_TEMPLATE = 10;

/** The items of a named recommender for the person and context of one request (read once per request). */
export type RequestRecommendations = (name: string) => Promise<readonly RecommendedItemView[]>;

/** Items of a recommender a sort or search placement ranks with (a template shows the first 10). */
const RECOMMENDATIONS_FOR_RANKING = 50;

/**
 * The named recommenders of one request: each asked at most once, whichever template or ranking names it first.
 * Without consent to personalization a recommender answers as it does for anyone (its non-personalized fallback).
 */
export function requestRecommendations(
  recommendations: RecommendationService,
  workspaceId: string,
  person: Person,
  context: DecideContext,
  /** The recommenders a ranking uses in this request: read with 50 items; the others with the 10 a template shows. */
  forRanking: ReadonlySet<string> = new Set(),
): RequestRecommendations {
  const itemIds = context.productId !== undefined ? [context.productId] : (context.items ?? []).slice(0, 50);
  const cache = new Map<string, Promise<readonly RecommendedItemView[]>>();
  // The person is read once for the whole request, with the consent the request carries.
  const known = { person: person.profile === null ? null : recommendations.personOf(workspaceId, person.profile, person.personalize) };
  return (name) => {
    let items = cache.get(name);
    if (items === undefined) {
      items = recommendations
        .recommend(workspaceId, {
          recommender: name,
          ...(person.userId === null ? {} : { userId: person.userId }),
          ...(person.anonymousId === null ? {} : { anonymousId: person.anonymousId }),
          ...(itemIds.length === 0 ? {} : { itemIds }),
          ...(context.category === undefined ? {} : { category: context.category }),
          // Each item asked for costs its candidates and reasons: no more than what is shown.
          limit: forRanking.has(name) ? RECOMMENDATIONS_FOR_RANKING : RECOMMENDATIONS_IN_TEMPLATE,
        }, known)
        .then((r) => (r.ok ? r.value.items : []));
      cache.set(name, items);
    }
    return items;
  };
}

/** `recommendations.NAME` in a template: the first items of the named recommender, read when a template names it. */
class RecommendationsDrop extends Drop {
  constructor(private readonly recommend: RequestRecommendations) {
    super();
  }

  override async liquidMethodMissing(name: string | number): Promise<object[]> {
    const items = await this.recommend(String(name));
    return items.slice(0, RECOMMENDATIONS_IN_TEMPLATE).map((i) => ({ id: i.productId, name: i.name, category: i.category, price: i.price, currency: i.currency, imageUrl: i.imageUrl, url: i.url, reason: i.reason.sentence }));
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
  readonly recommend: RequestRecommendations;
}): Record<string, unknown> {
  const { person, context } = o;
  const p = person.personalize ? person.profile : null;
  const traits = p?.traits ?? {};
  const firstName = typeof traits['firstName'] === 'string' ? traits['firstName'] : typeof traits['first_name'] === 'string' ? traits['first_name'] : null;
  const recommendations = new RecommendationsDrop(o.recommend);
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
