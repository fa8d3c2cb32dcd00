import type { RuleNode } from '@rapport/contracts';

/** A segment of the live measurement: its rule may name other segments of the list by name (resolved to their ids). */
export interface LiveSegmentDefinition {
  readonly name: string;
  readonly purpose?: 'marketing' | 'personalization';
  readonly rule: (idOf: (name: string) => string) => RuleNode;
}

const days = (amount: number) => ({ last: { amount, unit: 'days' as const } });
const is =
  (name: string) =>
  (idOf: (name: string) => string): RuleNode => ({ type: 'segment', segment: idOf(name) });
const fixed = (node: RuleNode) => () => node;

/**
 * Fifty segments a shop like the synthetic one would keep live: trait filters, feature comparisons, event counts in
 * windows with property filters, sequences, lifecycle stages, engagement, affinity, RFM, consent, location, and a few
 * built from others; some bound to a consent purpose (their members must consent to it). A realistic mix rather than a
 * cheap one: one condition looks at every order ever ("bought shoes") and two count active days, so the live path
 * reads whole event histories of the people it evaluates.
 */
export const liveSegments: readonly LiveSegmentDefinition[] = [
  // Traits (8)
  {
    name: 'UK customers',
    rule: fixed({ type: 'trait', trait: 'country', op: 'eq', value: 'United Kingdom' }),
  },
  {
    name: 'Premium plans',
    rule: fixed({ type: 'trait', trait: 'plan', op: 'in', value: ['premium', 'vip'] }),
  },
  { name: 'Basic plan', rule: fixed({ type: 'trait', trait: 'plan', op: 'eq', value: 'basic' }) },
  { name: 'Not on the basic plan', rule: fixed({ type: 'trait', trait: 'plan', op: 'neq', value: 'basic' }) },
  { name: 'Under 25', rule: fixed({ type: 'trait', trait: 'age', op: 'lt', value: 25 }) },
  { name: '25 to 40', rule: fixed({ type: 'trait', trait: 'age', op: 'between', value: [25, 40] }) },
  { name: '55 and over', rule: fixed({ type: 'trait', trait: 'age', op: 'gte', value: 55 }) },
  { name: 'Known email', purpose: 'marketing', rule: fixed({ type: 'trait', trait: 'email', op: 'exists' }) },
  // Features (11)
  { name: 'Repeat buyers', rule: fixed({ type: 'feature', feature: 'orders', op: 'gte', value: 2 }) },
  { name: 'Big spenders', rule: fixed({ type: 'feature', feature: 'revenue', op: 'gt', value: 500 }) },
  {
    name: 'High basket value',
    rule: fixed({ type: 'feature', feature: 'averageOrderValue', op: 'gt', value: 80 }),
  },
  { name: 'Refunded before', rule: fixed({ type: 'feature', feature: 'refunds', op: 'gte', value: 1 }) },
  {
    name: 'Window shoppers',
    rule: fixed({
      type: 'and',
      conditions: [
        { type: 'feature', feature: 'productsViewed', op: 'gte', value: 10 },
        { type: 'feature', feature: 'orders', op: 'eq', value: 0 },
      ],
    }),
  },
  { name: 'iOS app', rule: fixed({ type: 'feature', feature: 'platform', op: 'eq', value: 'ios' }) },
  { name: 'Outdated app', rule: fixed({ type: 'feature', feature: 'appVersion', op: 'lt', value: '4.0.0' }) },
  { name: 'Frequent visitors', rule: fixed({ type: 'feature', feature: 'sessions', op: 'gte', value: 20 }) },
  { name: 'Signed in', rule: fixed({ type: 'feature', feature: 'identified', op: 'eq', value: true }) },
  {
    name: 'Ordered this month',
    rule: fixed({
      type: 'feature',
      feature: 'lastOrderAt',
      op: 'within_last',
      value: { amount: 30, unit: 'days' },
    }),
  },
  {
    name: 'First seen this fortnight',
    rule: fixed({
      type: 'feature',
      feature: 'firstSeenAt',
      op: 'within_last',
      value: { amount: 14, unit: 'days' },
    }),
  },
  // Events in windows, with property filters (10)
  {
    name: 'Viewed dresses this week',
    purpose: 'personalization',
    rule: fixed({
      type: 'event',
      event: 'Product Viewed',
      where: [{ property: 'category', op: 'eq', value: 'Dresses' }],
      window: days(7),
    }),
  },
  {
    name: 'Cart abandoners',
    purpose: 'marketing',
    rule: fixed({
      type: 'and',
      conditions: [
        { type: 'event', event: 'Product Added', window: days(7) },
        { type: 'event', event: 'Order Completed', count: { op: 'eq', value: 0 }, window: days(7) },
      ],
    }),
  },
  {
    name: 'Order over 100 in 90 days',
    rule: fixed({
      type: 'event',
      event: 'Order Completed',
      where: [{ property: 'revenue', op: 'gt', value: 100 }],
      window: days(90),
    }),
  },
  {
    name: '3+ orders in 180 days',
    rule: fixed({
      type: 'event',
      event: 'Order Completed',
      count: { op: 'gte', value: 3 },
      window: days(180),
    }),
  },
  {
    name: 'Searched this month',
    rule: fixed({ type: 'event', event: 'Products Searched', window: days(30) }),
  },
  {
    name: 'Bought shoes',
    rule: fixed({
      type: 'event',
      event: 'Order Completed',
      where: [{ property: 'products[].category', op: 'eq', value: 'Shoes' }],
    }),
  },
  {
    name: '5+ product views in 3 days',
    rule: fixed({ type: 'event', event: 'Product Viewed', count: { op: 'gte', value: 5 }, window: days(3) }),
  },
  { name: 'Signed up this month', rule: fixed({ type: 'event', event: 'Signed Up', window: days(30) }) },
  { name: 'Refund in 60 days', rule: fixed({ type: 'event', event: 'Order Refunded', window: days(60) }) },
  {
    name: '10+ pages this month',
    rule: fixed({ type: 'event', event: '$page', count: { op: 'gte', value: 10 }, window: days(30) }),
  },
  // Sequences (3)
  {
    name: 'Viewed then added within an hour',
    rule: fixed({
      type: 'sequence',
      first: { event: 'Product Viewed' },
      then: { event: 'Product Added' },
      within: { amount: 1, unit: 'hours' },
      window: days(7),
    }),
  },
  {
    name: 'Checkout without order',
    purpose: 'marketing',
    rule: fixed({
      type: 'and',
      conditions: [
        { type: 'event', event: 'Checkout Started', window: days(2) },
        {
          type: 'not',
          condition: {
            type: 'sequence',
            first: { event: 'Checkout Started' },
            then: { event: 'Order Completed' },
            within: { amount: 1, unit: 'hours' },
            window: days(2),
          },
        },
      ],
    }),
  },
  {
    name: 'Searched then bought within a day',
    rule: fixed({
      type: 'sequence',
      first: { event: 'Products Searched' },
      then: { event: 'Order Completed' },
      within: { amount: 1, unit: 'days' },
      window: days(30),
    }),
  },
  // Lifecycle (4)
  { name: 'New', rule: fixed({ type: 'lifecycle', stages: ['new'] }) },
  { name: 'Active', rule: fixed({ type: 'lifecycle', stages: ['active'] }) },
  { name: 'At risk', purpose: 'marketing', rule: fixed({ type: 'lifecycle', stages: ['at_risk'] }) },
  {
    name: 'Lapsed or churned',
    purpose: 'marketing',
    rule: fixed({ type: 'lifecycle', stages: ['lapsed', 'churned'] }),
  },
  // Engagement (2)
  {
    name: 'Active 3+ days in 2 weeks',
    rule: fixed({ type: 'engagement', activeDays: { op: 'gte', value: 3 }, window: days(14) }),
  },
  {
    name: 'Active 10+ days this month',
    rule: fixed({ type: 'engagement', activeDays: { op: 'gte', value: 10 }, window: days(30) }),
  },
  // Affinity (3)
  {
    name: 'Dresses first',
    purpose: 'personalization',
    rule: fixed({ type: 'affinity', category: 'Dresses', topK: 1 }),
  },
  {
    name: 'Into shoes',
    purpose: 'personalization',
    rule: fixed({ type: 'affinity', category: 'Shoes', minShare: 0.3 }),
  },
  {
    name: 'Knitwear in top 3',
    purpose: 'personalization',
    rule: fixed({ type: 'affinity', category: 'Knitwear', topK: 3 }),
  },
  // RFM (3)
  { name: 'Champions', rule: fixed({ type: 'rfm', segments: ['Champions'] }) },
  {
    name: 'At risk customers',
    purpose: 'marketing',
    rule: fixed({ type: 'rfm', segments: ['At Risk', "Can't Lose Them"] }),
  },
  { name: 'High monetary score', rule: fixed({ type: 'rfm', score: 'm', op: 'gte', value: 4 }) },
  // Consent (2)
  { name: 'Marketing opt-in', rule: fixed({ type: 'consent', purpose: 'marketing', granted: true }) },
  {
    name: 'Personalization opt-out',
    rule: fixed({ type: 'consent', purpose: 'personalization', granted: false }),
  },
  // Location (2)
  { name: 'France or Belgium', rule: fixed({ type: 'location', country: ['France', 'Belgium'] }) },
  {
    name: 'Within 50 km of London',
    rule: fixed({ type: 'location', near: { latitude: 51.507, longitude: -0.128, radiusKm: 50 } }),
  },
  // Built from others (2)
  {
    name: 'UK premium',
    rule: (idOf) => ({ type: 'and', conditions: [is('UK customers')(idOf), is('Premium plans')(idOf)] }),
  },
  {
    name: 'Big spenders slipping away',
    purpose: 'marketing',
    rule: (idOf) => ({ type: 'and', conditions: [is('Big spenders')(idOf), is('Lapsed or churned')(idOf)] }),
  },
];
