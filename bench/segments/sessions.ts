import type { MessageType } from '@rapport/contracts';
import type { Device, Person, SessionPlan } from './people.js';
import { MAX_EVENT_GAP_MS, streams } from './people.js';
import { isoTime, Rng } from './random.js';
import { appReleases, categories, categoryWeights, searchTerms, type Product } from './shop-model.js';

/** One event as a Segment client sends it, with what the generator needs to store it. */
export interface GeneratedEvent {
  /** The message as sent, without its `timestamp`: ids, properties or traits, context and messageId. */
  readonly message: Readonly<Record<string, unknown>>;
  /** `message` as JSON (JSON.stringify of it, made from pieces: a session's context is serialized once). */
  readonly json: string;
  /** The `timestamp` sent: `t` in ISO 8601. */
  readonly timestamp: string;
  readonly type: MessageType;
  readonly event: string | null;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** Event time, Unix ms. */
  readonly t: number;
  /** When the server received it: a few hundred milliseconds later. */
  readonly receivedAt: number;
}

export interface Catalog {
  readonly products: readonly Product[];
  readonly byCategory: readonly (readonly Product[])[];
}

const DAY = 86_400_000;
const MIN_EVENT_GAP_MS = 5000;
const APP_NAME = 'Rapport Shop';
const q = JSON.stringify;

/** The app release a device runs at `t`: the newest one out for longer than the device takes to update. */
function releaseAt(shapeStart: number, device: Device, t: number): (typeof appReleases)[number] {
  const day = (t - shapeStart) / DAY - device.updateLagDays;
  let release: (typeof appReleases)[number] = appReleases[0];
  for (const r of appReleases) if (r.day <= day) release = r;
  return release;
}

/** What the SDK puts in `context`: the browser's user agent, or the app, device and OS; locale, time zone, location. */
function contextOf(
  person: Person,
  device: Device,
  t: number,
  shapeStart: number,
  rng: Rng,
): Record<string, unknown> {
  const { locale, timezone } = person.country;
  if (device.phone === null) return { userAgent: device.userAgent, locale, timezone };
  const release = releaseAt(shapeStart, device, t);
  const context: Record<string, unknown> = {
    app: { name: APP_NAME, version: release.version, build: release.build },
    device: { type: device.platform, manufacturer: device.phone.manufacturer, model: device.phone.model },
    os: { name: device.platform === 'ios' ? 'iOS' : 'Android', version: device.phone.os },
    locale,
    timezone,
  };
  if (device.sharesLocation) {
    const c = person.country;
    const jitter = () => Math.round((rng.next() - 0.5) * 1000) / 10_000;
    context['location'] = {
      country: c.name,
      city: c.city,
      latitude: c.latitude + jitter(),
      longitude: c.longitude + jitter(),
    };
  }
  return context;
}

const slug = (category: string) => category.toLowerCase().replace(/[^a-z]+/g, '-');

/** What differs between the kinds of message: the fields between `type` and the ids, in the order SDKs send them. */
type Body =
  | { readonly type: 'track'; readonly event: string; readonly properties: Record<string, unknown> }
  | { readonly type: 'page' | 'screen'; readonly name: string; readonly properties: Record<string, unknown> }
  | { readonly type: 'identify'; readonly traits: Readonly<Record<string, unknown>> };

/**
 * The events of one visit, always the same for the same seed, person and plan: a landing page or screen, product
 * views mostly in the person's favourite categories, searches, adds to cart, and as the plan says an identify call
 * (with Signed Up), an order (add, checkout, Order Completed with its products) or a refund of an earlier order.
 */
export function sessionEvents(
  o: { seed: number; shapeStart: number; catalog: Catalog },
  person: Person,
  plan: SessionPlan,
): GeneratedEvent[] {
  const rng = Rng.of(o.seed, streams.content, person.raw, plan.index);
  const device = person.devices[plan.device]!;
  const app = device.phone !== null;
  const { currency } = person.country;
  // A visit is short: one context (app version, location) for all its events, serialized once.
  const context = contextOf(person, device, plan.start, o.shapeStart, rng);
  const contextJson = q(context);
  const product = (): Product => {
    const k = rng.chance(0.75) ? rng.pick(person.favourites) : rng.weighted(categoryWeights);
    const list = o.catalog.byCategory[k]!;
    // The first products of a category sell more (a skew within each category too).
    return list[Math.floor(list.length * rng.next() * rng.next())]!;
  };
  const view = (category: string, home = false): Body =>
    app
      ? { type: 'screen', name: home ? 'Home' : 'Category', properties: home ? {} : { category } }
      : {
          type: 'page',
          name: home ? 'Home' : 'Category',
          properties: { path: home ? '/' : `/c/${slug(category)}` },
        };
  const track = (event: string, properties: Record<string, unknown>): Body => ({
    type: 'track',
    event,
    properties,
  });
  const events: GeneratedEvent[] = [];
  const added: Product[] = [];
  let viewed: Product | null = null;
  let t = plan.start;
  for (let pos = 0; pos < plan.size; pos++) {
    if (pos > 0) t += MIN_EVENT_GAP_MS + Math.floor(rng.next() * (MAX_EVENT_GAP_MS - MIN_EVENT_GAP_MS));
    let body: Body;
    // A refund comes from the shop's backend: the userId only, no device context.
    let fromBackend = false;
    if (pos === 0 && plan.refundOf >= 0) {
      fromBackend = true;
      body = track('Order Refunded', {
        order_id: `o${person.raw}-${plan.refundOf}`,
        revenue: product().price,
        currency,
      });
    } else if (pos === plan.identifyAt) {
      body = { type: 'identify', traits: person.traits ?? {} };
    } else if (plan.signsUp && pos === plan.identifyAt + 1) {
      body = track('Signed Up', { method: rng.pick(['email', 'google', 'apple']) });
    } else if (plan.orders && pos === plan.size - 1) {
      const lines = (added.length > 0 ? added : [viewed ?? product()]).map((p) => ({
        product_id: p.id,
        category: p.category,
        price: p.price,
        quantity: rng.chance(0.8) ? 1 : 2,
      }));
      const revenue = Math.round(lines.reduce((sum, l) => sum + l.price * l.quantity, 0) * 100) / 100;
      body = track('Order Completed', {
        order_id: `o${person.raw}-${plan.index}`,
        revenue,
        currency,
        products: lines,
      });
    } else if (plan.orders && pos === plan.size - 2) {
      body = track('Checkout Started', { order_id: `o${person.raw}-${plan.index}`, currency });
    } else if (plan.orders && pos === plan.size - 3 && added.length === 0) {
      const p = viewed ?? product();
      added.push(p);
      body = track('Product Added', { product_id: p.id, category: p.category, price: p.price, quantity: 1 });
    } else if (pos === 0) {
      body = view(categories[rng.pick(person.favourites)]!, rng.chance(0.5));
    } else {
      const x = rng.next();
      if (x < 0.58) {
        viewed = product();
        body = track('Product Viewed', {
          product_id: viewed.id,
          category: viewed.category,
          price: viewed.price,
        });
      } else if (x < 0.75) {
        body = view(categories[rng.weighted(categoryWeights)]!);
      } else if (x < 0.85) {
        const p = viewed ?? product();
        added.push(p);
        body = track('Product Added', {
          product_id: p.id,
          category: p.category,
          price: p.price,
          quantity: 1,
        });
      } else if (x < 0.93) {
        body = track('Products Searched', { query: rng.pick(searchTerms) });
      } else {
        body = track('Cart Viewed', { cart_id: `c${person.raw}`, products: added.length });
      }
    }
    const signedIn = fromBackend || pos >= plan.signedInFrom;
    const userId = signedIn ? person.userId : null;
    const anonymousId = fromBackend ? null : device.anonymousId;
    const messageId = rng.uuid4();
    const identify = body.type === 'identify';
    // With the identify call, the consent banner's choices.
    const ctx = fromBackend
      ? null
      : identify
        ? { ...context, consent: { categoryPreferences: person.consentPreferences } }
        : context;
    // One shape for every message (absent fields are undefined, which JSON leaves out), in the order SDKs send them.
    const message = {
      type: body.type,
      event: body.type === 'track' ? body.event : undefined,
      name: body.type === 'page' || body.type === 'screen' ? body.name : undefined,
      traits: body.type === 'identify' ? body.traits : undefined,
      properties: body.type === 'identify' ? undefined : body.properties,
      userId: userId ?? undefined,
      anonymousId: anonymousId ?? undefined,
      context: ctx ?? undefined,
      messageId,
    };
    let json = `{"type":"${body.type}"`;
    if (body.type === 'track') json += `,"event":${q(body.event)},"properties":${q(body.properties)}`;
    else if (body.type === 'identify') json += `,"traits":${q(body.traits)}`;
    else json += `,"name":${q(body.name)},"properties":${q(body.properties)}`;
    if (userId !== null) json += `,"userId":${q(userId)}`;
    if (anonymousId !== null) json += `,"anonymousId":"${anonymousId}"`;
    if (ctx !== null) json += `,"context":${identify ? q(ctx) : contextJson}`;
    json += `,"messageId":"${messageId}"}`;
    events.push({
      message,
      json,
      timestamp: isoTime(t),
      type: body.type,
      event: body.type === 'track' ? body.event : null,
      userId,
      anonymousId,
      t,
      receivedAt: t + 40 + Math.floor(rng.next() * 600),
    });
  }
  return events;
}
