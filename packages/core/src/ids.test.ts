import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.js';

describe('uuidv7', () => {
  it('sorts in creation order, within one millisecond too', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^018bcfe5-6800-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts with the time in milliseconds, and keeps order when the clock goes back', () => {
    const t = Date.UTC(2031, 0, 1);
    const a = uuidv7(t);
    expect(parseInt(a.replace(/-/g, '').slice(0, 12), 16)).toBe(t);
    const b = uuidv7(t - 60_000);
    expect(b > a).toBe(true);
  });
});
