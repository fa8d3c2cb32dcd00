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

/** Items of a recommender a sort or search placement ranks with when its model cannot score the list itself. */
export const RECOMMENDATIONS_FOR_RANKING = 50;

/** The named recommenders of one request (each read once per request). */
export interface RequestRecommendations {
  /** A recommender's items: the 10 a template shows, or more when a ranking asks (`limit`). */
  list(name: string, limit?: number): Promise<readonly RecommendedItemView[]>;
  /** Its model's scores of the products given, or undefined when it only lists (RecommendationService.scoreItems). */
  scores(name: string, productIds: readonly string[]): Promise<ReadonlyMap<string, number> | undefined>;
}

/**
 * The named recommenders of one request: each list read at most once (a longer one asked later replaces a shorter),
 * and the person's history scored once by each model, whichever template or ranking names it first. Without consent
 * to personalization a recommender answers as it does for anyone (its non-personalized fallback).
 */
export function requestRecommendations(recommendations: RecommendationService, workspaceId: string, person: Person, context: DecideContext): RequestRecommendations {
  const itemIds = context.productId !== undefined ? [context.productId] : (context.items ?? []).slice(0, 50);
  const lists = new Map<string, { limit: number; items: Promise<readonly RecommendedItemView[]> }>();
  // The person is read once for the whole request, with the consent the request carries.
  const known = { person: person.profile === null ? null : recommendations.personOf(workspaceId, person.profile, person.personalize) };
  return {
    list: async (name, limit = RECOMMENDATIONS_IN_TEMPLATE) => {
      const read = lists.get(name);
      if (read !== undefined && read.limit >= limit) return (await read.items).slice(0, limit);
      const items = recommendations
        .recommend(workspaceId, {
          recommender: name,
          ...(person.userId === null ? {} : { userId: person.userId }),
          ...(person.anonymousId === null ? {} : { anonymousId: person.anonymousId }),
          ...(itemIds.length === 0 ? {} : { itemIds }),
          ...(context.category === undefined ? {} : { category: context.category }),
          // Each item asked for costs its candidates and reasons: no more than what is used.
          limit,
        }, known)
        .then((r) => (r.ok ? r.value.items : []));
      lists.set(name, { limit, items });
      return items;
    },
    scores: (name, productIds) => recommendations.scoreItems(workspaceId, name, known.person, productIds),
  };
}

/** `recommendations.NAME` in a template: the first items of the named recommender, read when a template names it. */
class RecommendationsDrop extends Drop {
  constructor(private readonly recommend: RequestRecommendations) {
    super();
  }

  override async liquidMethodMissing(name: string | number): Promise<object[]> {
    const items = await this.recommend.list(String(name));
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
