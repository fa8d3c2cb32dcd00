import { Rng } from './random.js';
import {
  categoryWeights,
  countries,
  countryWeights,
  devicePlatforms,
  firstNames,
  phones,
  planWeights,
  plans,
  platformWeights,
  webAgents,
  type Country,
  type DevicePlatform,
} from './shop-model.js';

/** The size and time span of the synthetic shop. */
export interface ShopShape {
  readonly profiles: number;
  readonly events: number;
  readonly seed: number;
  /** The first and the last instant of the data (Unix ms): about 18 months. */
  readonly start: number;
  readonly end: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
/** The data ends on 1 November 2026, 00:00 UTC; rules that look back from "now" are evaluated then. */
export const DATA_END = Date.UTC(2026, 10, 1);
export const DATA_DAYS = 548;

/** Streams of randomness, one kind per purpose (see Rng.of). */
export const streams = { count: 1, firstSeen: 2, person: 3, sessions: 4, content: 5, live: 6 } as const;

/** Longest gap between two events of a session, and the shortest pause between sessions (SESSION_GAP_MS is 30 min). */
export const MAX_EVENT_GAP_MS = 90_000;
const SESSION_PAUSE_MS = 31 * MINUTE;
/** The most events one person has: about 5 a day for 18 months, the shop's most devoted customers (not bots). */
const MAX_EVENTS_PER_PERSON = 3000;
const PARETO_ALPHA = 1.3;

export function shopShape(options: { profiles: number; events: number; seed: number }): ShopShape {
  return { ...options, start: DATA_END - DATA_DAYS * DAY, end: DATA_END };
}

/**
 * How many events each person has (a power law: most people a handful, a few thousands; exactly `events` in all) and
 * when each was first seen (more people recently, as for a growing shop), in the order the people are stored: by
 * the time they were first seen, as the processor would have created their profiles.
 */
export function planPeople(shape: ShopShape): {
  order: Uint32Array;
  counts: Uint32Array;
  firstSeen: Float64Array;
} {
  const { profiles, events, seed } = shape;
  if (events < profiles)
    throw new Error('every person has at least one event: --events must be at least --profiles');
  const weights = new Float64Array(profiles);
  let sum = 0;
  for (let i = 0; i < profiles; i++) {
    // Pareto with α = 1.3: a few people have a great many events (the top 1 % about a quarter of them).
    weights[i] = Math.pow(1 - Rng.of(seed, streams.count, i).next(), -1 / PARETO_ALPHA);
    sum += weights[i]!;
  }
  const countOf = (i: number, scale: number) =>
    Math.min(MAX_EVENTS_PER_PERSON, 1 + Math.floor(weights[i]! * scale));
  // The scale that gives `events` in all once counts are capped, found by a few corrections.
  let scale = (events - profiles) / sum;
  for (let round = 0; round < 30; round++) {
    let total = 0;
    for (let i = 0; i < profiles; i++) total += countOf(i, scale);
    if (total >= events) break;
    scale *= (events - profiles) / Math.max(1, total - profiles);
  }
  const counts = new Uint32Array(profiles);
  let total = 0;
  for (let i = 0; i < profiles; i++) total += counts[i] = countOf(i, scale);
  // What flooring left over or short goes one event at a time to or from people drawn at random.
  const fill = Rng.of(seed, streams.count, -1);
  while (total !== events) {
    const i = fill.int(0, profiles - 1);
    if (total < events && counts[i]! < MAX_EVENTS_PER_PERSON) {
      counts[i]!++;
      total++;
    } else if (total > events && counts[i]! > 1) {
      counts[i]!--;
      total--;
    }
  }
  const firstSeen = new Float64Array(profiles);
  const span = shape.end - shape.start;
  for (let i = 0; i < profiles; i++) {
    const rng = Rng.of(seed, streams.firstSeen, i);
    let f = shape.start + span * Math.pow(rng.next(), 1 / 1.5);
    // Someone with many events needs time for their sessions: they were first seen early enough.
    const needed = counts[i]! * 2 * MINUTE + (counts[i]! / 5) * SESSION_PAUSE_MS;
    f = Math.min(f, shape.end - 1.5 * needed - DAY * rng.next());
    firstSeen[i] = Math.max(shape.start, f);
  }
  const order = Uint32Array.from({ length: profiles }, (_, i) => i).sort(
    (a, b) => firstSeen[a]! - firstSeen[b]! || a - b,
  );
  return { order, counts, firstSeen };
}

export interface Device {
  readonly anonymousId: string;
  readonly platform: DevicePlatform;
  readonly userAgent: string | null;
  readonly phone: { readonly manufacturer: string; readonly model: string; readonly os: string } | null;
  /** Shares its location with the app. */
  readonly sharesLocation: boolean;
  /** Days a new app release takes to reach this device. */
  readonly updateLagDays: number;
}

/** Who a person is; drawn from their own stream, so the same for the generator, the ceiling and the live stream. */
export interface Person {
  readonly raw: number;
  readonly events: number;
  readonly identified: boolean;
  readonly userId: string | null;
  readonly country: Country;
  readonly devices: readonly Device[];
  /** Set by the identify call. */
  readonly traits: Readonly<Record<string, unknown>> | null;
  /** Sent by the consent banner with the identify call (`context.consent.categoryPreferences`). */
  readonly consentPreferences: Readonly<Record<string, boolean>> | null;
  /** Category indexes this person mostly looks at. */
  readonly favourites: readonly number[];
  /** Chance that a signed-in session of at least 3 events ends with an order. */
  readonly buyer: number;
}

function device(rng: Rng, platform: DevicePlatform): Device {
  const ios = platform === 'ios';
  const app = ios || platform === 'android';
  const phone = ios
    ? { manufacturer: 'Apple', ...rng.pick(phones.ios) }
    : platform === 'android'
      ? rng.pick(phones.android)
      : null;
  return {
    anonymousId: rng.uuid4(),
    platform,
    userAgent: app ? null : rng.pick(platform === 'desktop' ? webAgents.desktop : webAgents.mobile),
    phone,
    sharesLocation: app && rng.chance(0.45),
    updateLagDays: rng.int(0, 60),
  };
}

export function personOf(seed: number, raw: number, events: number): Person {
  const rng = Rng.of(seed, streams.person, raw);
  const identified = rng.chance(Math.min(0.9, 0.27 + 0.06 * Math.log2(events)));
  const country = countries[rng.weighted(countryWeights)]!;
  const first = devicePlatforms[rng.weighted(platformWeights)]!;
  const devices = [device(rng, first)];
  // Some signed-in customers also use another kind of device: the app besides the website, or the other way round.
  if (identified && events >= 10 && rng.chance(0.25))
    devices.push(
      device(rng, first === 'ios' || first === 'android' ? 'desktop' : rng.chance(0.6) ? 'ios' : 'android'),
    );
  const favourites = [rng.weighted(categoryWeights)];
  for (let n = rng.int(0, 2); n > 0; n--) favourites.push(rng.weighted(categoryWeights));
  const userId = identified ? `u${100_000 + raw}` : null;
  let traits: Record<string, unknown> | null = null;
  let consentPreferences: Record<string, boolean> | null = null;
  if (identified) {
    const firstName = rng.pick(firstNames);
    traits = {
      email: `${firstName.toLowerCase()}.${raw}@example.com`,
      firstName,
      country: country.name,
      plan: plans[rng.weighted(planWeights)],
    };
    if (rng.chance(0.85)) traits['age'] = Math.round(18 + 55 * Math.pow(rng.next(), 1.6));
    consentPreferences = { Marketing: rng.chance(0.45), Advertising: rng.chance(0.2) };
    if (rng.chance(0.03)) consentPreferences['Personalization'] = false;
  }
  return {
    raw,
    events,
    identified,
    userId,
    country,
    devices,
    traits,
    consentPreferences,
    favourites,
    buyer: 0.08 + 0.6 * Math.pow(rng.next(), 2),
  };
}

/** One visit: its place in time and what kind of visit it is; the events themselves come from sessions.ts. */
export interface SessionPlan {
  readonly index: number;
  readonly start: number;
  readonly size: number;
  readonly device: number;
  /** The position from which events carry the userId; `size` when none does. */
  readonly signedInFrom: number;
  /** The position of an identify call (with its traits and consent), -1 when none. */
  readonly identifyAt: number;
  readonly signsUp: boolean;
  readonly orders: boolean;
  /** A refund (the first event) of the order of this earlier session; -1 when none. */
  readonly refundOf: number;
}

/** The person's visits, from their first seen time to when they stop coming, in time order and at least 31 min apart. */
export function planSessions(shape: ShopShape, person: Person, firstSeen: number): SessionPlan[] {
  const rng = Rng.of(shape.seed, streams.sessions, person.raw);
  const sizes: number[] = [];
  for (let left = person.events; left > 0;) {
    const size = Math.min(left, 1 + Math.min(39, Math.floor(-Math.log(1 - rng.next()) * 4)));
    sizes.push(size);
    left -= size;
  }
  const count = sizes.length;
  // People with more events stay longer: the share of the remaining time they keep coming.
  const stays = 1 - Math.pow(1 - rng.next(), 1 + Math.log2(person.events));
  const last = firstSeen + (shape.end - firstSeen) * stays;
  const starts = [
    firstSeen,
    ...Array.from({ length: count - 1 }, () => firstSeen + rng.next() * (last - firstSeen)).sort(
      (a, b) => a - b,
    ),
  ];
  const longest = (j: number) => (sizes[j]! - 1) * MAX_EVENT_GAP_MS + 1000;
  for (let j = 1; j < count; j++)
    starts[j] = Math.max(starts[j]!, starts[j - 1]! + longest(j - 1) + SESSION_PAUSE_MS);
  const endBy = shape.end - MINUTE;
  starts[count - 1] = Math.min(starts[count - 1]!, endBy - longest(count - 1));
  for (let j = count - 2; j >= 0; j--)
    starts[j] = Math.min(starts[j]!, starts[j + 1]! - longest(j) - SESSION_PAUSE_MS);

  const identifySession = person.identified ? (rng.chance(0.5) ? 0 : rng.int(0, count - 1)) : count;
  let secondDeviceSeen = false;
  let lastOrder = -1;
  const plans: SessionPlan[] = [];
  for (let j = 0; j < count; j++) {
    const size = sizes[j]!;
    const onSecond = j > identifySession && person.devices.length > 1 && rng.chance(0.35);
    // Signing in on the first visit's second event links the userId to the visitor's anonymousId. On a second device
    // the person is signed in from its first event (an identify), so that its anonymousId joins the same profile
    // rather than starting one of its own that a merge would then fold in.
    const identifyAt = j === identifySession ? Math.min(1, size - 1) : onSecond && !secondDeviceSeen ? 0 : -1;
    if (onSecond) secondDeviceSeen = true;
    const signedInFrom = j > identifySession ? 0 : j === identifySession ? identifyAt : size;
    const signsUp = j === identifySession && rng.chance(0.6) && identifyAt + 1 < size;
    const refundOf = signedInFrom === 0 && lastOrder >= 0 && rng.chance(0.05) ? lastOrder : -1;
    const room = size - Math.max(identifyAt + (signsUp ? 2 : 1), refundOf >= 0 ? 1 : 0);
    const buyer = signedInFrom < size ? person.buyer : person.identified ? 0 : 0.03;
    const orders = room >= 3 && rng.chance(buyer);
    if (orders) lastOrder = j;
    else if (refundOf >= 0) lastOrder = -1;
    plans.push({
      index: j,
      start: Math.round(starts[j]!),
      size,
      device: onSecond ? 1 : 0,
      signedInFrom,
      identifyAt,
      signsUp,
      orders,
      refundOf,
    });
  }
  return plans;
}
