import { ecommerceEvents, type MessageType } from '@rapport/contracts';
import { AFFINITY_WEIGHTS, SESSION_GAP_MS, addAffinity, type Features } from './features.js';
import type { UserAgentParser } from './user-agent.js';

/** What the reducer needs to know of one event. */
export interface EventFacts {
  readonly type: MessageType;
  readonly event?: string | undefined;
  readonly properties: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  /** Event time used for features: the timestamp, or the time of receipt for an event flagged as in the future. */
  readonly t: number;
}

export interface ReduceContext {
  /** Whether the person consents, at this event, to each feature group's purpose. */
  readonly analytics: boolean;
  readonly personalization: boolean;
  /** The catalog category of a product, for events that do not name one. */
  readonly categoryOf: (productId: string) => string | null;
  readonly userAgents: UserAgentParser;
  /** Decimal places kept of latitude and longitude: 2 ≈ 1.1 km. */
  readonly locationDecimals: number;
}

/** A change to one person's counts for one product. */
export interface ProductTouch {
  readonly productId: string;
  readonly views: number;
  readonly adds: number;
  readonly purchases: number;
  readonly at: number;
}

/** The event name SDKs send with a location update (properties latitude, longitude). */
export const LOCATION_EVENT = 'Location Updated';

const str = (v: unknown, max = 200): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null);

/** A number, or a numeric string ("12.50"), as sent by many shop platforms. */
function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

const obj = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

function productIdOf(p: Record<string, unknown>): string | null {
  return str(p['product_id'], 255) ?? str(p['sku'], 255) ?? str(p['id'], 255) ?? (typeof p['product_id'] === 'number' ? String(p['product_id']) : null);
}

function productsOf(properties: Record<string, unknown>): Record<string, unknown>[] {
  const list = properties['products'];
  return Array.isArray(list) ? list.map(obj).filter((p): p is Record<string, unknown> => p !== null) : [];
}

/** The distinct product ids of an order (its `products`, Segment spec v2), in the order given. */
export function orderProductIds(properties: unknown): string[] {
  const props = obj(properties);
  return props === null ? [] : [...new Set(productsOf(props).map(productIdOf).filter((id): id is string => id !== null))];
}

/** Order revenue: `revenue`, else `total`, else the sum of price × quantity of its products (Segment spec v2). */
export function orderRevenue(properties: Record<string, unknown>): number {
  const direct = num(properties['revenue']) ?? num(properties['total']);
  if (direct !== null) return direct;
  return productsOf(properties).reduce((sum, p) => sum + (num(p['price']) ?? 0) * (num(p['quantity']) ?? 1), 0);
}

const validTimeZones = new Map<string, boolean>();
function isTimeZone(tz: string): boolean {
  let ok = validTimeZones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (validTimeZones.size < 1000) validTimeZones.set(tz, ok);
  }
  return ok;
}

function min(a: number | null, b: number): number {
  return a === null || b < a ? b : a;
}
function max(a: number | null, b: number): number {
  return a === null || b > a ? b : a;
}
function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function reduceActivity(f: Features, e: EventFacts): void {
  if (f.lastSeenAt === null || e.t - f.lastSeenAt > SESSION_GAP_MS) f.sessions++;
  f.firstSeenAt = min(f.firstSeenAt, e.t);
  f.lastSeenAt = max(f.lastSeenAt, e.t);
  if (e.type === 'page') f.pageViews++;
  if (e.type === 'screen') f.screenViews++;
  if (e.type === 'track' && e.event !== undefined) bump(f.eventCounts, e.event);
  if (e.type !== 'track') return;
  if (e.event === ecommerceEvents.orderCompleted) {
    f.orders++;
    f.revenue += orderRevenue(e.properties);
    f.firstOrderAt = min(f.firstOrderAt, e.t);
    if (f.lastOrderAt === null || e.t >= f.lastOrderAt) f.currency = str(e.properties['currency'], 3) ?? f.currency;
    f.lastOrderAt = max(f.lastOrderAt, e.t);
  } else if (e.event === ecommerceEvents.orderRefunded) {
    f.refunds++;
    f.refundedRevenue += Math.abs(orderRevenue(e.properties));
  }
}

function reduceContext(f: Features, e: EventFacts, ctx: ReduceContext): void {
  if (f.contextAt !== null && e.t < f.contextAt) return;
  const c = e.context;
  const device = obj(c['device']);
  const os = obj(c['os']);
  const app = obj(c['app']);
  const ua = str(c['userAgent'], 1000);
  const parsed = ua === null ? null : ctx.userAgents.parse(ua);
  let changed = false;
  if (device !== null || parsed !== null) {
    f.device = {
      type: str(device?.['type']) ?? parsed?.deviceType ?? null,
      manufacturer: str(device?.['manufacturer']) ?? parsed?.manufacturer ?? null,
      model: str(device?.['model']) ?? parsed?.model ?? null,
    };
    changed = true;
  }
  if (os !== null) f.os = { name: str(os['name']), version: str(os['version']) };
  else if (parsed?.os) f.os = parsed.os;
  if (parsed?.browser) f.browser = parsed.browser;
  if (app !== null) f.app = { name: str(app['name']), version: str(app['version']), build: str(app['build']) };
  const deviceType = str(device?.['type'])?.toLowerCase();
  const platform = deviceType === 'ios' || deviceType === 'android' ? deviceType : ua !== null ? 'web' : null;
  if (platform !== null) f.platform = platform;
  const locale = str(c['locale'], 35);
  if (locale !== null) f.locale = locale;
  const tz = str(c['timezone'], 64);
  if (tz !== null && isTimeZone(tz)) f.timezone = tz;
  if (changed || os !== null || app !== null || locale !== null || tz !== null) f.contextAt = e.t;
}

function reduceLocation(f: Features, e: EventFacts, decimals: number): void {
  const source = e.type === 'track' && e.event === LOCATION_EVENT ? e.properties : obj(e.context['location']);
  if (source === null) return;
  if (f.location !== null && e.t < f.location.at) return;
  const lat = num(source['latitude']);
  const lon = num(source['longitude']);
  const scale = 10 ** decimals;
  const coarse = (v: number) => Math.round(v * scale) / scale;
  const hasPoint = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  const country = str(source['country'], 100);
  const city = str(source['city'], 100);
  if (!hasPoint && country === null && city === null) return;
  f.location = {
    country,
    region: str(source['region'], 100),
    city,
    latitude: hasPoint ? coarse(lat) : null,
    longitude: hasPoint ? coarse(lon) : null,
    at: e.t,
  };
}

function reduceProducts(f: Features, e: EventFacts, ctx: ReduceContext): ProductTouch[] {
  if (e.type !== 'track') return [];
  const touches: ProductTouch[] = [];
  const touch = (p: Record<string, unknown>, kind: 'view' | 'add' | 'purchase'): void => {
    const id = productIdOf(p);
    if (id === null) return;
    touches.push({ productId: id, views: kind === 'view' ? 1 : 0, adds: kind === 'add' ? 1 : 0, purchases: kind === 'purchase' ? 1 : 0, at: e.t });
    const category = str(p['category']) ?? ctx.categoryOf(id);
    if (category === null) return;
    bump(kind === 'view' ? f.categories.viewed : kind === 'add' ? f.categories.added : f.categories.purchased, category);
    addAffinity(f.affinity, category, AFFINITY_WEIGHTS[kind], e.t);
  };
  switch (e.event) {
    case ecommerceEvents.productViewed:
      touch(e.properties, 'view');
      break;
    case ecommerceEvents.productAdded:
      touch(e.properties, 'add');
      break;
    case ecommerceEvents.orderCompleted:
      for (const p of productsOf(e.properties)) touch(p, 'purchase');
      break;
    default:
      break;
  }
  return touches;
}

/**
 * Applies one event to a person's features (in place) and returns the product counts it changes. Each group changes
 * only with consent to its purpose.
 */
export function reduceEvent(f: Features, e: EventFacts, ctx: ReduceContext): ProductTouch[] {
  if (ctx.analytics) {
    reduceActivity(f, e);
    reduceContext(f, e, ctx);
  }
  if (!ctx.personalization) return [];
  reduceLocation(f, e, ctx.locationDecimals);
  return reduceProducts(f, e, ctx);
}
