/**
 * Puts the events of all people in time order, as a live shop's processor stores them (seq follows arrival), in
 * little memory: each event is one double, its time (in units of a few hundred milliseconds) above its index in
 * generation order, sorted natively. Within one time unit events stay in generation order, so each person's own
 * events (generated in time order) keep their order. Beside it, where each event comes from: its session and its
 * position in the session.
 */
export class EventOrder {
  readonly #keys: Float64Array;
  readonly #session: Uint32Array;
  readonly #position: Uint8Array;
  /** 2^(bits of an event index). */
  readonly #indexes: number;
  /** Milliseconds per time unit. */
  readonly #unitMs: number;
  readonly #start: number;
  #count = 0;

  constructor(total: number, span: { start: number; end: number }) {
    const bits = Math.ceil(Math.log2(total + 1));
    this.#indexes = 2 ** bits;
    // Doubles hold integers exactly up to 2^53: what the index leaves is for the time.
    this.#unitMs = Math.ceil((span.end - span.start + 1) / 2 ** (53 - bits));
    this.#start = span.start;
    this.#keys = new Float64Array(total);
    this.#session = new Uint32Array(total);
    this.#position = new Uint8Array(total);
  }

  get count(): number {
    return this.#count;
  }

  /** The time unit of `t`: what an event's key says of its time (to check an event generated again is the same). */
  unitOf(t: number): number {
    return Math.floor((t - this.#start) / this.#unitMs);
  }

  add(t: number, session: number, position: number): void {
    const i = this.#count++;
    this.#keys[i] = this.unitOf(t) * this.#indexes + i;
    this.#session[i] = session;
    this.#position[i] = position;
  }

  sort(): void {
    if (this.#count !== this.#keys.length)
      throw new Error(`expected ${this.#keys.length} events, got ${this.#count}`);
    this.#keys.sort();
  }

  /** The k-th event in time order: its session, position and time unit. */
  at(k: number): { session: number; position: number; unit: number } {
    const key = this.#keys[k]!;
    const unit = Math.floor(key / this.#indexes);
    const i = key - unit * this.#indexes;
    return { session: this.#session[i]!, position: this.#position[i]!, unit };
  }
}
