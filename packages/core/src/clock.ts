/** Where the time comes from, so that tests can move it. All times are Unix milliseconds, UTC. */
export interface Clock {
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests of anything that depends on time passing. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number | string | Date = Date.UTC(2026, 0, 1)) {
    this.#now = new Date(start).getTime();
  }

  now(): number {
    return this.#now;
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#now += ms;
  }

  set(time: number | string | Date): void {
    this.#now = new Date(time).getTime();
  }
}
