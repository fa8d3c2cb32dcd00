import type { ContextConditions, DecideContext } from '@rapport/contracts';
import { describe, expect, it } from 'vitest';
import { matchContext, type ContextFacts } from './audience-match.js';

const facts = (context: DecideContext, more: Partial<ContextFacts> = {}): ContextFacts => ({ context, productCategory: null, localTime: null, geofences: null, personalize: true, ...more });
const match = (c: ContextConditions, f: ContextFacts) => matchContext(c, f);

describe('context conditions of an audience', () => {
  it('matches pages by name, or by path prefix with *', () => {
    expect(match({ pages: ['home'] }, facts({ page: 'home' }))).toEqual({ matched: true, held: ['on the page “home”'] });
    expect(match({ pages: ['/products/*'] }, facts({ page: '/products/85123A' })).matched).toBe(true);
    expect(match({ pages: ['/products/*'] }, facts({ page: '/product/85123A' }))).toEqual({ matched: false, why: 'not on the page “/products/*”' });
    // No pattern beyond the final *: a dot or a bracket is itself.
    expect(match({ pages: ['/a.b'] }, facts({ page: '/axb' })).matched).toBe(false);
  });

  it("takes the category from the context or from the viewed product's catalog entry", () => {
    expect(match({ categories: ['Garden'] }, facts({ productId: 'trowel' }, { productCategory: 'Garden' }))).toEqual({ matched: true, held: ['in the category “Garden”'] });
    expect(match({ categories: ['Garden'] }, facts({ category: 'Garden' })).matched).toBe(true);
    expect(match({ categories: ['Garden'] }, facts({ category: 'Tea' })).matched).toBe(false);
  });

  it('checks local time windows, across midnight too, and days', () => {
    const at = (minutes: number, weekday: 'mon' | 'sat' = 'sat') => facts({}, { localTime: { minutes, weekday } });
    const evening = { localTime: { from: '18:00', to: '22:00' } };
    expect(match(evening, at(18 * 60)).matched).toBe(true);
    expect(match(evening, at(22 * 60))).toEqual({ matched: false, why: 'not between 18:00 and 22:00 in their time zone' });
    const night = { localTime: { from: '22:00', to: '06:00' } };
    expect(match(night, at(23 * 60)).matched).toBe(true);
    expect(match(night, at(5 * 60 + 59)).matched).toBe(true);
    expect(match(night, at(12 * 60)).matched).toBe(false);
    expect(match({ localTime: { days: ['sat', 'sun'] } }, at(600, 'mon'))).toEqual({ matched: false, why: 'not Saturday or Sunday in their time zone' });
    expect(match({ localTime: { days: ['sat'] } }, facts({}))).toEqual({ matched: false, why: 'the local time is not known (no time zone)' });
  });

  it('uses location only with consent to personalization', () => {
    const inside = facts({ country: 'GB' }, { geofences: new Set(['camden']) });
    expect(match({ geofences: ['camden'], countries: ['GB'] }, inside)).toEqual({ matched: true, held: ['in GB', 'at “camden”'] });
    expect(match({ geofences: ['camden'] }, { ...inside, personalize: false })).toEqual({ matched: false, why: 'location is used only with consent to personalization' });
    expect(match({ geofences: ['soho'] }, inside)).toEqual({ matched: false, why: 'not at “soho”' });
  });

  it('needs every condition: the first that fails is the reason', () => {
    expect(match({ pages: ['home'], devices: ['mobile'], platforms: ['ios'] }, facts({ page: 'home', device: 'mobile', platform: 'Android' }))).toEqual({ matched: false, why: 'not on ios' });
    expect(match({ pages: ['home'], devices: ['mobile'], platforms: ['ios'] }, facts({ page: 'home', device: 'mobile', platform: 'iOS' }))).toEqual({ matched: true, held: ['on the page “home”', 'on a mobile', 'on iOS'] });
  });
});
