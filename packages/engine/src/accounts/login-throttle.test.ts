import { ManualClock } from '@rapport/core';
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('login throttle', () => {
  const minute = 60_000;

  it('makes a key wait after 5 failures in 15 minutes, until the oldest leaves the window', () => {
    const clock = new ManualClock();
    const throttle = new LoginThrottle(clock, { maxFailures: 5, windowMs: 15 * minute });
    for (let i = 0; i < 4; i++) {
      throttle.fail('ada@shop.example\n10.0.0.1');
      clock.advance(minute);
    }
    expect(throttle.waitMs('ada@shop.example\n10.0.0.1')).toBe(0);
    throttle.fail('ada@shop.example\n10.0.0.1');
    // The first failure was 4 minutes ago: 11 minutes to wait.
    expect(throttle.waitMs('ada@shop.example\n10.0.0.1')).toBe(11 * minute);
    expect(throttle.waitMs('ada@shop.example\n10.0.0.2')).toBe(0);
    clock.advance(11 * minute);
    expect(throttle.waitMs('ada@shop.example\n10.0.0.1')).toBe(0);
  });

  it('forgets a key after a success', () => {
    const clock = new ManualClock();
    const throttle = new LoginThrottle(clock, { maxFailures: 2, windowMs: 15 * minute });
    throttle.fail('k');
    throttle.fail('k');
    expect(throttle.waitMs('k')).toBeGreaterThan(0);
    throttle.succeed('k');
    expect(throttle.waitMs('k')).toBe(0);
  });
});
