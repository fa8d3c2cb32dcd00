import type { SessionPlan } from './people.js';

const SIGNS_UP = 1;
const ORDERS = 2;

/**
 * Every session of the shop, in typed arrays (a few million of them): what the event pass needs to generate a
 * session's events again when its first event comes up in time order, without planning its person's life again.
 */
export class SessionTable {
  #size = 0;
  #person = new Uint32Array(0);
  #index = new Uint32Array(0);
  #start = new Float64Array(0);
  #events = new Uint8Array(0);
  #device = new Uint8Array(0);
  #signedInFrom = new Uint8Array(0);
  #identifyAt = new Int8Array(0);
  #flags = new Uint8Array(0);
  #refundOf = new Int32Array(0);

  get size(): number {
    return this.#size;
  }

  /** Adds a session of a person (by their index in the plan); returns its id. */
  add(person: number, plan: SessionPlan): number {
    if (plan.size > 255) throw new RangeError('a session has at most 255 events');
    if (this.#size === this.#person.length) this.#grow(Math.max(1024, Math.ceil(this.#size * 1.5)));
    const s = this.#size++;
    this.#person[s] = person;
    this.#index[s] = plan.index;
    this.#start[s] = plan.start;
    this.#events[s] = plan.size;
    this.#device[s] = plan.device;
    this.#signedInFrom[s] = plan.signedInFrom;
    this.#identifyAt[s] = plan.identifyAt;
    this.#flags[s] = (plan.signsUp ? SIGNS_UP : 0) | (plan.orders ? ORDERS : 0);
    this.#refundOf[s] = plan.refundOf;
    return s;
  }

  person(s: number): number {
    return this.#person[s]!;
  }

  plan(s: number): SessionPlan {
    const flags = this.#flags[s]!;
    return {
      index: this.#index[s]!,
      start: this.#start[s]!,
      size: this.#events[s]!,
      device: this.#device[s]!,
      signedInFrom: this.#signedInFrom[s]!,
      identifyAt: this.#identifyAt[s]!,
      signsUp: (flags & SIGNS_UP) !== 0,
      orders: (flags & ORDERS) !== 0,
      refundOf: this.#refundOf[s]!,
    };
  }

  #grow(capacity: number): void {
    const grown = <T extends Uint32Array | Float64Array | Uint8Array | Int8Array | Int32Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.#person = grown(this.#person, (n) => new Uint32Array(n));
    this.#index = grown(this.#index, (n) => new Uint32Array(n));
    this.#start = grown(this.#start, (n) => new Float64Array(n));
    this.#events = grown(this.#events, (n) => new Uint8Array(n));
    this.#device = grown(this.#device, (n) => new Uint8Array(n));
    this.#signedInFrom = grown(this.#signedInFrom, (n) => new Uint8Array(n));
    this.#identifyAt = grown(this.#identifyAt, (n) => new Int8Array(n));
    this.#flags = grown(this.#flags, (n) => new Uint8Array(n));
    this.#refundOf = grown(this.#refundOf, (n) => new Int32Array(n));
  }
}
