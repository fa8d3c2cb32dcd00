import { randomUUID } from 'node:crypto';
import type { RetailCatalog, RetailCustomer, RetailProduct } from './retail-catalog.js';

/** A Segment message as a client library sends it. */
export type SegmentMessage = Record<string, unknown>;

interface Visitor {
  readonly anonymousId: string;
  readonly customer: RetailCustomer | undefined;
  readonly userAgent: string;
  readonly locale: string;
  readonly timezone: string;
  readonly ip: string;
}

const SHOP = 'https://shop.example';
const LIBRARY = { name: 'analytics.js', version: 'next-1.72.0' };

const userAgents: readonly string[] = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
];

// The countries of the data set's customers, most frequent first; anything else browses in British English.
const regions: Readonly<Record<string, readonly [locale: string, timezone: string]>> = {
  'United Kingdom': ['en-GB', 'Europe/London'],
  Germany: ['de-DE', 'Europe/Berlin'],
  France: ['fr-FR', 'Europe/Paris'],
  EIRE: ['en-IE', 'Europe/Dublin'],
  Spain: ['es-ES', 'Europe/Madrid'],
  Netherlands: ['nl-NL', 'Europe/Amsterdam'],
  Belgium: ['nl-BE', 'Europe/Brussels'],
  Switzerland: ['de-CH', 'Europe/Zurich'],
  Portugal: ['pt-PT', 'Europe/Lisbon'],
  Australia: ['en-AU', 'Australia/Sydney'],
  Norway: ['nb-NO', 'Europe/Oslo'],
  Italy: ['it-IT', 'Europe/Rome'],
  Finland: ['fi-FI', 'Europe/Helsinki'],
  Japan: ['ja-JP', 'Asia/Tokyo'],
  USA: ['en-US', 'America/New_York'],
};

// Share of each message in a shop's traffic, per 100 messages: browsing dominates, a few visits end in an order.
const mix: readonly [kind: MessageKind, weight: number][] = [
  ['Product Viewed', 34],
  ['page', 28],
  ['Product Added', 12],
  ['identify', 7],
  ['Products Searched', 6],
  ['Cart Viewed', 5],
  ['Checkout Started', 4],
  ['Order Completed', 4],
];
type MessageKind =
  | 'page'
  | 'identify'
  | 'Product Viewed'
  | 'Product Added'
  | 'Products Searched'
  | 'Cart Viewed'
  | 'Checkout Started'
  | 'Order Completed';
const searches: readonly string[] = [
  'heart',
  'lantern',
  'mug',
  'christmas',
  'bag',
  'candle',
  'card',
  'vintage',
  'cake stand',
  'doormat',
];

// Addresses reserved for documentation (RFC 5737): never a real person's. Visitors share them, as behind carrier NAT.
const documentationNets = ['192.0.2', '198.51.100', '203.0.113'] as const;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const money = (gbp: number): number => Math.round(gbp * 100) / 100;
const slug = (p: RetailProduct): string => `/products/${p.sku.toLowerCase()}`;

/**
 * Generates the messages of a shop's visitors: a population of devices (a third of them signed-in customers of the
 * data set) with their user agent, locale and timezone, and the Segment e-commerce spec v2 events they send. A few
 * visitors are far more active than most, as in real traffic.
 */
export class ShopTraffic {
  readonly #catalog: RetailCatalog;
  readonly #visitors: Visitor[];
  readonly #kinds: MessageKind[];

  constructor(catalog: RetailCatalog, visitors = 20_000) {
    this.#catalog = catalog;
    this.#kinds = mix.flatMap(([kind, weight]) => Array.from({ length: weight }, () => kind));
    this.#visitors = Array.from({ length: visitors }, (_, i) => {
      const customer = Math.random() < 0.35 ? pick(catalog.customers) : undefined;
      const [locale, timezone] = regions[customer?.country ?? 'United Kingdom'] ?? ['en-GB', 'Europe/London'];
      return {
        anonymousId: randomUUID(),
        customer,
        userAgent: pick(userAgents),
        locale,
        timezone,
        ip: `${documentationNets[i % 3]}.${1 + (i % 254)}`,
      };
    });
  }

  /** The next message of some visitor, with a fresh messageId. */
  next(now: Date): SegmentMessage {
    // Squaring a uniform number skews the choice toward the first visitors: a long tail of one-page visits.
    const visitor = this.#visitors[Math.floor(Math.random() ** 2 * this.#visitors.length)]!;
    const kind = pick(this.#kinds);
    const product = pick(this.#catalog.products);
    const page =
      kind === 'page' || kind === 'Product Viewed'
        ? { path: slug(product), title: product.name }
        : { path: '/cart', title: 'Your basket' };
    const base: SegmentMessage = {
      messageId: randomUUID(),
      anonymousId: visitor.anonymousId,
      ...(visitor.customer === undefined ? {} : { userId: visitor.customer.id }),
      timestamp: now.toISOString(),
      context: {
        library: LIBRARY,
        userAgent: visitor.userAgent,
        locale: visitor.locale,
        timezone: visitor.timezone,
        ip: visitor.ip,
        page: {
          path: page.path,
          referrer: 'https://www.google.com/',
          search: '',
          title: page.title,
          url: SHOP + page.path,
        },
      },
      integrations: {},
    };
    if (kind === 'page')
      return {
        ...base,
        type: 'page',
        name: product.name,
        properties: { ...(base['context'] as { page: object }).page, category: product.category },
      };
    if (kind === 'identify') return this.#identify(base, visitor);
    return { ...base, type: 'track', event: kind, properties: this.#properties(kind, product) };
  }

  #identify(base: SegmentMessage, visitor: Visitor): SegmentMessage {
    const id = visitor.customer?.id ?? visitor.anonymousId.slice(0, 8);
    return {
      ...base,
      type: 'identify',
      userId: visitor.customer?.id ?? `guest-${id}`,
      traits: {
        email: `customer.${id}@mail.example`,
        firstName: 'Sam',
        country: visitor.customer?.country ?? 'United Kingdom',
        newsletter: Math.random() < 0.4,
      },
    };
  }

  #properties(
    kind: Exclude<MessageKind, 'page' | 'identify'>,
    product: RetailProduct,
  ): Record<string, unknown> {
    const item = {
      product_id: product.sku,
      sku: product.sku,
      category: product.category,
      name: product.name,
      brand: 'Rapport Gifts',
      price: product.price,
      currency: 'GBP',
    };
    switch (kind) {
      case 'Product Viewed':
        return {
          ...item,
          position: 1 + Math.floor(Math.random() * 24),
          url: SHOP + slug(product),
          image_url: `${SHOP}/img/${product.sku}.jpg`,
        };
      case 'Product Added':
        return {
          ...item,
          cart_id: `cart-${randomUUID().slice(0, 8)}`,
          quantity: 1 + Math.floor(Math.random() * 6),
          url: SHOP + slug(product),
        };
      case 'Products Searched':
        return { query: pick(searches) };
      case 'Cart Viewed':
      case 'Checkout Started':
      case 'Order Completed':
        return this.#order(kind);
    }
  }

  #order(kind: 'Cart Viewed' | 'Checkout Started' | 'Order Completed'): Record<string, unknown> {
    const products = Array.from({ length: 1 + Math.floor(Math.random() * 4) }, (_, i) => {
      const p = pick(this.#catalog.products);
      return {
        product_id: p.sku,
        sku: p.sku,
        name: p.name,
        category: p.category,
        price: p.price,
        quantity: 1 + Math.floor(Math.random() * 12),
        position: i + 1,
      };
    });
    const subtotal = money(products.reduce((sum, p) => sum + p.price * p.quantity, 0));
    if (kind === 'Cart Viewed') return { cart_id: `cart-${randomUUID().slice(0, 8)}`, products };
    const shipping = subtotal >= 50 ? 0 : 4.95;
    const tax = money(subtotal / 6); // UK VAT at 20 % is included in prices: 1/6 of the gross
    const order = {
      order_id: `5${Math.floor(Math.random() * 1e6)}`,
      value: subtotal,
      revenue: money(subtotal - tax),
      shipping,
      tax,
      currency: 'GBP',
      products,
    };
    return kind === 'Checkout Started'
      ? order
      : {
          ...order,
          checkout_id: randomUUID(),
          affiliation: 'Online Store',
          total: money(subtotal + shipping),
          subtotal,
          discount: 0,
        };
  }
}
