import { planPeople, personOf, streams, type Person, type SessionPlan, type ShopShape } from './people.js';
import { Rng } from './random.js';
import { sessionEvents, type Catalog } from './sessions.js';

/** Share of new visits made by people the shop has never seen. */
const NEW_VISITORS = 0.15;
/** Of new visitors drawn as people who would sign in, those who sign up in this visit. */
const SIGN_UP = 0.2;
/** Plan index of live sessions: far beyond any person's past sessions, so that their content streams differ. */
const LIVE_SESSION_BASE = 1_000_000;
const PART_STRIDE = 10_000_000;

/**
 * New traffic after the generated history, for the live measurement: visits by the shop's existing people (drawn in
 * proportion to their past events: the active ones come back most), signed in if they ever signed in, and by new
 * visitors, some of whom sign up. Each part of the stream is its own, reproducible, and returned as the messages
 * Segment clients send, in time order.
 */
export class LiveStream {
  readonly #shape: ShopShape;
  readonly #catalog: Catalog;
  readonly #counts: Uint32Array;
  readonly #cumulative: Float64Array;

  constructor(shape: ShopShape, catalog: Catalog) {
    this.#shape = shape;
    this.#catalog = catalog;
    this.#counts = planPeople(shape).counts;
    this.#cumulative = new Float64Array(this.#counts.length);
    let total = 0;
    this.#counts.forEach((n, i) => (this.#cumulative[i] = total += n));
  }

  /** `events` messages of visits that start between `from` and `to` (Unix ms), sorted by timestamp. */
  part(index: number, o: { events: number; from: number; to: number }): Record<string, unknown>[] {
    const { seed } = this.#shape;
    const messages: { t: number; message: Record<string, unknown> }[] = [];
    for (let s = 0; messages.length < o.events; s++) {
      const rng = Rng.of(seed, streams.live, index, s);
      const size = 1 + Math.min(39, Math.floor(-Math.log(1 - rng.next()) * 4));
      const { person, plan } = rng.chance(NEW_VISITORS)
        ? this.#newVisitor(rng, index, s, size)
        : this.#returning(rng, index, s, size);
      const longest = (size - 1) * 90_000;
      const start = Math.round(o.from + rng.next() * Math.max(0, o.to - o.from - longest));
      const events = sessionEvents({ seed, shapeStart: this.#shape.start, catalog: this.#catalog }, person, {
        ...plan,
        start,
      });
      for (const e of events.slice(0, o.events - messages.length)) {
        const message = Object.fromEntries(Object.entries(e.message).filter(([, v]) => v !== undefined));
        messages.push({ t: e.t, message: { ...message, timestamp: e.timestamp } });
      }
    }
    return messages.sort((a, b) => a.t - b.t).map((m) => m.message);
  }

  #returning(
    rng: Rng,
    part: number,
    s: number,
    size: number,
  ): { person: Person; plan: Omit<SessionPlan, 'start'> } {
    const raw = this.#pick(rng.next() * this.#cumulative[this.#cumulative.length - 1]!);
    const person = personOf(this.#shape.seed, raw, this.#counts[raw]!);
    const signedIn = person.identified;
    const buyer = signedIn ? person.buyer : 0.03;
    return {
      person,
      plan: {
        index: LIVE_SESSION_BASE + part * PART_STRIDE + s,
        size,
        device: signedIn && person.devices.length > 1 && rng.chance(0.35) ? 1 : 0,
        signedInFrom: signedIn ? 0 : size,
        identifyAt: -1,
        signsUp: false,
        orders: size >= 3 && rng.chance(buyer),
        refundOf: -1,
      },
    };
  }

  #newVisitor(
    rng: Rng,
    part: number,
    s: number,
    size: number,
  ): { person: Person; plan: Omit<SessionPlan, 'start'> } {
    // Someone the shop has never seen: a person drawn beyond the generated ones.
    const person = personOf(this.#shape.seed, this.#shape.profiles + part * PART_STRIDE + s, 1);
    const signsUp = person.identified && size >= 2 && rng.chance(SIGN_UP);
    const identifyAt = signsUp ? 1 : -1;
    const room = size - (signsUp ? 3 : 0);
    return {
      person,
      plan: {
        index: LIVE_SESSION_BASE + part * PART_STRIDE + s,
        size,
        device: 0,
        signedInFrom: signsUp ? identifyAt : size,
        identifyAt,
        signsUp: signsUp && size >= 3,
        orders: room >= 3 && rng.chance(signsUp ? person.buyer : 0.03),
        refundOf: -1,
      },
    };
  }

  /** The person whose share of all past events contains `x`. */
  #pick(x: number): number {
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
