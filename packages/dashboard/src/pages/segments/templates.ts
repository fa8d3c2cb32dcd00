import { rfmSegmentNames, type RfmSegmentName, type RuleNode } from '@rapport/contracts';

/** Ready-made starting points for a new segment (`/segments/new?start=<id>`), shown where there is no segment yet. */
export interface Starter {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly purpose: string | null;
  readonly root: RuleNode;
}

export const starters: readonly Starter[] = [
  {
    id: 'recent-buyers',
    name: 'Bought in the last 30 days',
    description: 'People who completed at least one order in the last 30 days.',
    purpose: null,
    root: { type: 'and', conditions: [{ type: 'event', event: 'Order Completed', window: { last: { amount: 30, unit: 'days' } } }] },
  },
  {
    id: 'cart-abandoners',
    name: 'Cart abandoners',
    description: 'Added a product in the last 7 days but did not order since.',
    purpose: 'marketing',
    root: {
      type: 'and',
      conditions: [
        { type: 'event', event: 'Product Added', window: { last: { amount: 7, unit: 'days' } } },
        { type: 'event', event: 'Order Completed', count: { op: 'eq', value: 0 }, window: { last: { amount: 7, unit: 'days' } } },
      ],
    },
  },
  {
    id: 'champions',
    name: 'Champions (RFM)',
    description: 'Your best customers: they bought recently and often.',
    purpose: null,
    root: { type: 'and', conditions: [{ type: 'rfm', segments: ['Champions'] }] },
  },
];

/** The starting point of `?start=` or `?rfm=<named segment>` (from the RFM grid). */
export function starterOf(search: URLSearchParams): Starter | undefined {
  const rfm = search.get('rfm');
  if (rfm !== null && (rfmSegmentNames as readonly string[]).includes(rfm)) {
    const name = rfm as RfmSegmentName;
    return { id: `rfm-${name}`, name: `${name} (RFM)`, description: `Customers in the RFM group ${name}.`, purpose: null, root: { type: 'and', conditions: [{ type: 'rfm', segments: [name] }] } };
  }
  const id = search.get('start');
  return starters.find((s) => s.id === id);
}
