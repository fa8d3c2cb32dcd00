/**
 * The bodies of `POST /v1/decide` in `npm run bench:decide`: a category page of the Online Retail shop asking for its
 * three placements (shop-definitions.ts) for a visitor, with the page's context — its path and category, the device,
 * the time zone and the 24 products it lists, which the sort placement orders.
 *
 * Visitors, drawn with a fixed seed: customers known by the anonymousId linked to them (their profile, segments and
 * orders are read), some of them signed in (userId with its user token, as the shop's server signs it), and new
 * visitors never seen before. A new visitor's anonymousId is made when its request is taken, so it is new every
 * time: the exposures Rapport records make a profile for each, and a reused id would be known the second time.
 */
import { createHmac } from 'node:crypto';
import type { PooledRequest, RequestSource } from '../ingest/body-pool.js';
import type { RetailProduct } from '../ingest/retail-catalog.js';
import { Rng } from '../segments/random.js';
import { PLACEMENT_KEYS } from './shop-definitions.js';

/** A customer of the data set and the anonymousId of their browser. */
export interface LinkedVisitor {
  readonly userId: string;
  readonly anonymousId: string;
}

/** Shares of the requests, by kind of visitor; the rest are new visitors. */
export const VISITOR_MIX = { knownAnonymous: 0.7, signedIn: 0.15 } as const;

/** Products listed on a category page, as the sort placement receives them. */
export const PAGE_ITEMS = 24;

const DEVICES = ['mobile', 'mobile', 'desktop', 'tablet'] as const;
const TIMEZONES = [
  'Europe/London',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Australia/Sydney',
] as const;
const SEED = 20261130;

/** An anonymousId for each customer, as a browser's SDK makes one (a UUID v4). */
export function linkVisitors(customerIds: readonly string[]): LinkedVisitor[] {
  const rng = Rng.of(SEED, 1);
  return customerIds.map((userId) => ({ userId, anonymousId: rng.uuid4() }));
}

/** Category pages: each category's products in runs of 24, the order a shop would list them in. */
function categoryPages(products: readonly RetailProduct[]): { category: string; items: string[] }[] {
  const byCategory = new Map<string, string[]>();
  for (const p of products) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p.sku]);
  const pages: { category: string; items: string[] }[] = [];
  for (const [category, skus] of byCategory)
    for (let i = 0; i + PAGE_ITEMS <= skus.length; i += PAGE_ITEMS)
      pages.push({ category, items: skus.slice(i, i + PAGE_ITEMS) });
  return pages;
}

const slug = (category: string) => category.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export interface DecideRequestOptions {
  readonly visitors: readonly LinkedVisitor[];
  readonly products: readonly RetailProduct[];
  readonly identitySecret: string;
  /** false: ask decisions without recording exposures (`--no-exposures`, to see what recording them costs). */
  readonly recordExposure?: boolean;
  /** Distinct bodies of known visitors built before measuring (then reused in turn). */
  readonly bodies?: number;
}

/** What the load generator posts, one request after another. */
export function decideRequests(
  o: DecideRequestOptions,
): RequestSource & { readonly newVisitors: () => number } {
  const rng = Rng.of(SEED, 2);
  const pages = categoryPages(o.products);
  const context = () => {
    const page = rng.pick(pages);
    return {
      page: `/category/${slug(page.category)}`,
      category: page.category,
      device: rng.pick(DEVICES),
      platform: 'web',
      timezone: rng.pick(TIMEZONES),
      items: page.items,
    };
  };
  const token = (userId: string) =>
    createHmac('sha256', o.identitySecret).update(userId, 'utf8').digest('hex');
  // Slots of the rotation: a known visitor's body, built now, or null for a new visitor, whose body is built when taken.
  const slots: (PooledRequest | null)[] = [];
  const post = (body: object): PooledRequest => ({
    path: '/v1/decide',
    body: Buffer.from(
      JSON.stringify(o.recordExposure === false ? { ...body, recordExposure: false } : body),
      'utf8',
    ),
  });
  for (let i = 0; i < (o.bodies ?? 5000); i++) {
    const x = rng.next();
    const visitor = rng.pick(o.visitors);
    if (x < VISITOR_MIX.knownAnonymous)
      slots.push(post({ anonymousId: visitor.anonymousId, placements: PLACEMENT_KEYS, context: context() }));
    else if (x < VISITOR_MIX.knownAnonymous + VISITOR_MIX.signedIn)
      slots.push(
        post({
          userId: visitor.userId,
          userToken: token(visitor.userId),
          anonymousId: visitor.anonymousId,
          placements: PLACEMENT_KEYS,
          context: context(),
        }),
      );
    else slots.push(null);
  }
  const newContexts = Array.from({ length: 500 }, context);
  const fresh = Rng.of(SEED, 3);
  let next = 0;
  let made = 0;
  return {
    eventsPerRequest: 1,
    newVisitors: () => made,
    take: () => {
      const slot = slots[next++ % slots.length]!;
      if (slot !== null) return slot;
      made++;
      return post({
        anonymousId: fresh.uuid4(),
        placements: PLACEMENT_KEYS,
        context: newContexts[made % newContexts.length],
      });
    },
  };
}
