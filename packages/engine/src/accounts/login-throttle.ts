import type { Clock } from '@rapport/core';

/** How many failed logins a key may have within a window before it must wait. */
export interface ThrottleLimit {
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** Keys kept at most; past it, keys whose window has passed are forgotten (a flood of addresses cannot grow memory). */
const MAX_KEYS = 10_000;

/**
 * Counts failed logins per key (the e-mail address and the client's address) over a sliding window: after
 * `maxFailures` failures, the key waits until the oldest of them leaves the window. A success clears the key.
 * In memory: each node of a cluster counts its own, which still bounds guessing to a few tries a minute per node.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: ThrottleLimit,
  ) {}

  /** Milliseconds `key` must wait before its next attempt; 0 when it may try now. */
  waitMs(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.limit.maxFailures) return 0;
    const oldest = recent[recent.length - this.limit.maxFailures]!;
    return Math.max(1, oldest + this.limit.windowMs - this.clock.now());
  }

  fail(key: string): void {
    if (this.#failures.size >= MAX_KEYS) this.#forgetOld();
    this.#failures.set(key, [...this.#recent(key), this.clock.now()]);
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.clock.now() - this.limit.windowMs;
    return (this.#failures.get(key) ?? []).filter((at) => at > since);
  }

  #forgetOld(): void {
    for (const key of [...this.#failures.keys()])
      if (this.#recent(key).length === 0) this.#failures.delete(key);
    // Still full: the oldest keys go (a Map iterates in insertion order).
    for (const key of this.#failures.keys()) {
      if (this.#failures.size < MAX_KEYS) break;
      this.#failures.delete(key);
    }
  }
}
