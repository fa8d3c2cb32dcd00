import { describe, expect, it } from 'vitest';
import { readParams, storedParams, type ParamSpec } from './params.js';

type P = { readonly size: number; readonly rate: number; readonly kind: string; readonly on: boolean };
const spec: ParamSpec<P> = { defaults: { size: 10, rate: 0.5, kind: 'a', on: false }, choices: { kind: ['a', 'b'] }, counts: ['size'] };

describe('readParams', () => {
  it('applies given values over the defaults, reading command-line strings by the default\'s type', () => {
    expect(readParams(spec, { size: '20', rate: '0.25', kind: 'b', on: 'true' })).toEqual({ ok: true, value: { size: 20, rate: 0.25, kind: 'b', on: true } });
    expect(readParams(spec, {})).toEqual({ ok: true, value: spec.defaults });
  });

  it('reports every problem at once: unknown names, wrong types, values out of their vocabulary or range', () => {
    const r = readParams(spec, { sise: 3, rate: 'fast', kind: 'c', size: 2.5, on: 'yes' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([
      'unknown parameter sise (known: size, rate, kind, on)',
      'rate must be a number, not "fast"',
      'kind must be one of a, b, not "c"',
      'size must be a whole number ≥ 1, not 2.5',
      'on must be a boolean, not "yes"',
    ]);
    expect(readParams(spec, { rate: -1 })).toMatchObject({ ok: false, error: ['rate must be ≥ 0, not -1'] });
  });

  it('throws for stored parameters that are not valid (a bug, not an input)', () => {
    expect(() => storedParams(spec, { size: 0 })).toThrow(RangeError);
  });
});
