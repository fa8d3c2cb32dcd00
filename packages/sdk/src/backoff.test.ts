import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, retryAfterMs } from './backoff.js';

describe('backoff', () => {
  it('waits a random time in [0, base × 2^attempt), capped (full jitter)', () => {
    const retry = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, retry, () => 0)).toBe(0);
    expect(backoffDelay(0, retry, () => 0.999)).toBe(99);
    expect(backoffDelay(2, retry, () => 0.999)).toBe(399);
    expect(backoffDelay(3, retry, () => 0.5)).toBe(400);
    expect(backoffDelay(10, retry, () => 0.999)).toBe(999);
    expect(backoffDelay(10_000, retry, () => 0.999)).toBe(999);
    const seen = Array.from({ length: 500 }, () => backoffDelay(3, retry));
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...seen)).toBeLessThan(800);
    expect(new Set(seen).size).toBeGreaterThan(100); // spread out, not in step
  });

  it('defaults to 1 s doubling up to 60 s', () => {
    expect(backoffDelay(0, {}, () => 0.999)).toBe(999);
    expect(backoffDelay(20, {}, () => 0.999)).toBe(59_940);
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores nonsense', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('86400', now)).toBe(600_000); // a day is capped at 10 minutes
  });

  it('retries 429 and 5xx only', () => {
    expect([400, 401, 403, 404, 413, 415, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([429, 500, 502, 503]);
  });
});
