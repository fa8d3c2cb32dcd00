import { describe, expect, it } from 'vitest';
import { filtersOf, hasFilters, isoOfLocalInput, localInputOf, paramsWith, queryOf } from './audit-filters.js';

describe('the filters of the audit log', () => {
  it('live in the address, where a cleared filter goes away and an unknown method is ignored', () => {
    const params = new URLSearchParams('method=DELETE&route=%2Fapi%2Fv1%2Fkeys%2F%3Aid&actorId=u1');
    expect(filtersOf(params)).toEqual({ actorId: 'u1', method: 'DELETE', route: '/api/v1/keys/:id', since: undefined, until: undefined });
    expect(paramsWith(params, { method: undefined, route: '' }).toString()).toBe('actorId=u1');
    expect(filtersOf(new URLSearchParams('method=GET&route=%20'))).toEqual({});
    expect(hasFilters(filtersOf(new URLSearchParams('method=GET')))).toBe(false);
    expect(hasFilters(filtersOf(params))).toBe(true);
  });

  it('ask the API until the end of the minute "until" names, since the API leaves `until` itself out', () => {
    expect(queryOf({ since: '2026-03-01T10:00:00.000Z', until: '2026-03-01T14:30:00.000Z' })).toEqual({
      actorId: undefined,
      method: undefined,
      route: undefined,
      since: '2026-03-01T10:00:00.000Z',
      until: '2026-03-01T14:31:00.000Z',
    });
    expect(queryOf({ until: 'yesterday' }).until).toBe('yesterday');
  });

  it("show times in the reader's time zone, to the minute, and read them back", () => {
    const local = localInputOf('2026-03-01T14:30:45.000Z');
    expect(local).toMatch(/^2026-03-0[12]T\d{2}:\d{2}$/);
    // The seconds go: the input has none.
    expect(isoOfLocalInput(local)).toBe('2026-03-01T14:30:00.000Z');
    expect(localInputOf(undefined)).toBe('');
    expect(localInputOf('not a time')).toBe('');
    expect(isoOfLocalInput('')).toBeUndefined();
  });
});
