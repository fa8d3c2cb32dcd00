import type { SegmentRule } from '@rapport/contracts';

/** One of the three segments the batch measurement times, in Rapport's rule language. */
export interface RepresentativeSegment {
  readonly key: 'trait' | 'event' | 'compound';
  /** Short, for the table. */
  readonly label: string;
  /** In full, for the notes under it. */
  readonly description: string;
  readonly rule: SegmentRule;
}

/** The category the compound segment's affinity condition names: the most popular of the shop. */
export const AFFINITY_CATEGORY = 'Dresses';
export const RFM_SEGMENTS = ['Champions', 'Loyal Customers'] as const;
/** Order Completed with revenue over this, at least twice in the last 30 days. */
export const ORDER_REVENUE_OVER = 50;
export const ORDER_COUNT_AT_LEAST = 2;
export const ORDER_WINDOW_DAYS = 30;
export const TRAIT_COUNTRY = 'France';

/**
 * The three representative segments: a trait filter (profiles only), an event count in a window with a
 * property filter (the events table), and a compound rule with RFM and category affinity (two tables and a JSON
 * object walked per person).
 */
export const representativeSegments: readonly RepresentativeSegment[] = [
  {
    key: 'trait',
    label: `trait: country = ${TRAIT_COUNTRY}`,
    description: `the trait country equals "${TRAIT_COUNTRY}"`,
    rule: { version: 1, root: { type: 'trait', trait: 'country', op: 'eq', value: TRAIT_COUNTRY } },
  },
  {
    key: 'event',
    label: `event: ${ORDER_COUNT_AT_LEAST}+ orders > ${ORDER_REVENUE_OVER}, ${ORDER_WINDOW_DAYS} days`,
    description: `Order Completed with properties.revenue > ${ORDER_REVENUE_OVER}, at least ${ORDER_COUNT_AT_LEAST} times in the last ${ORDER_WINDOW_DAYS} days`,
    rule: {
      version: 1,
      root: {
        type: 'event',
        event: 'Order Completed',
        where: [{ property: 'revenue', op: 'gt', value: ORDER_REVENUE_OVER }],
        count: { op: 'gte', value: ORDER_COUNT_AT_LEAST },
        window: { last: { amount: ORDER_WINDOW_DAYS, unit: 'days' } },
      },
    },
  },
  {
    key: 'compound',
    label: `compound: RFM + affinity`,
    description: `RFM segment ${RFM_SEGMENTS.join(' or ')}, and ${AFFINITY_CATEGORY} among the person's 3 strongest category affinities`,
    rule: {
      version: 1,
      root: {
        type: 'and',
        conditions: [
          { type: 'rfm', segments: [...RFM_SEGMENTS] },
          { type: 'affinity', category: AFFINITY_CATEGORY, topK: 3 },
        ],
      },
    },
  },
];
