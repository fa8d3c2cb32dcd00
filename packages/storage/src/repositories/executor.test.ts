import { describe, expect, it } from 'vitest';
import { pushAll } from './executor.js';

describe('pushAll', () => {
  it('appends a result of any size (spreading 500,000 rows into push overflows the stack)', () => {
    const rows = Array.from({ length: 500_000 }, (_, i) => ({ seq: i }));
    expect(() => [].push(...(rows as never[]))).toThrow(RangeError);
    const found: { seq: number }[] = [{ seq: -1 }];
    pushAll(found, rows);
    expect(found.length).toBe(500_001);
    expect(found.at(-1)).toEqual({ seq: 499_999 });
  });
});
