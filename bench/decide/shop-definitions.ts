import type { CreatePlacementBody, CreateRecommenderBody, CreateSegmentBody } from '@rapport/contracts';

/**
 * What the shop of `npm run bench:decide` sets up through the admin API, as a shop would: a named recommender, a
 * segment, and the three placements of a category page that every request asks for. Each placement exercises a
 * different part of `POST /v1/decide` — a recommender rendered by name in a template, a segment audience before
 * context conditions and a split, and a sort of the page's 24 products.
 */

/** The recommender the templates and the sort read by name. */
export function picksRecommender(strategy: CreateRecommenderBody['strategy']): CreateRecommenderBody {
  return { name: 'picks', description: 'Picked for you (bench:decide)', strategy, fallback: 'popular' };
}

export const REGULARS = 'Regulars';

/** Customers with 5 orders or more: about a fifth of the Online Retail customers. */
export const regularsSegment: CreateSegmentBody = {
  name: REGULARS,
  description: 'Five orders or more (bench:decide)',
  purpose: 'personalization',
  rule: { version: 1, root: { type: 'feature', feature: 'orders', op: 'gte', value: 5 } },
};

/** The keys every request asks for, in the order of the page. */
export const PLACEMENT_KEYS = ['plp_banner', 'plp_picks', 'plp_sort'] as const;

export const placements: readonly CreatePlacementBody[] = [
  {
    key: 'plp_banner',
    name: 'Category banner',
    kind: 'content',
    experiences: [
      {
        key: 'regulars_thanks',
        name: 'Thanks, regulars',
        audience: { segment: REGULARS },
        priority: 10,
        content: {
          title: 'Thank you for your {{ profile.orders }} orders',
          body: 'Free delivery on {{ context.category | default: "everything" | downcase }} this week.',
          ctaUrl: '/offers/regulars',
        },
      },
      {
        key: 'mobile_category',
        name: 'Category on mobile',
        audience: {
          context: { pages: ['/category/*'], devices: ['mobile'], localTime: { from: '00:00', to: '23:59' } },
        },
        variants: [
          { key: 'a', weight: 50, content: { title: 'New in {{ context.category }}', ctaUrl: '/new' } },
          {
            key: 'b',
            weight: 50,
            content: { title: '{{ context.category }}: the season’s favourites', ctaUrl: '/favourites' },
          },
        ],
      },
    ],
    default: { title: 'Our shop', body: 'Gifts for every occasion.' },
  },
  {
    key: 'plp_picks',
    name: 'Picked for you',
    kind: 'content',
    experiences: [
      {
        key: 'picks',
        name: 'Picks',
        content: {
          title: 'Picked for you{% if profile.firstName %}, {{ profile.firstName }}{% endif %}',
          body: '{% for p in recommendations.picks limit: 4 %}{{ p.name }} ({{ p.price }} {{ p.currency }}): {{ p.reason }}\n{% endfor %}',
        },
      },
    ],
  },
  {
    key: 'plp_sort',
    name: 'Category order',
    kind: 'sort',
    experiences: [
      { key: 'for_you', name: 'For you', ranking: { affinityWeight: 0.5, recommender: 'picks' } },
    ],
  },
];
