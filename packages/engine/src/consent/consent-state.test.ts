import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../workspaces/index.js';
import { applyConsentPreferences, consentView, isGranted, type ConsentRecord } from './consent-state.js';

const { purposes } = defaultSettings();

describe('consent', () => {
  it('maps consent tool categories to purposes and records only changes', () => {
    const consent: Record<string, ConsentRecord> = {};
    const first = applyConsentPreferences(consent, { Advertising: true, C0003: false, Unknown: true, Analytics: 'yes' }, { at: 100, source: 'event', purposes });
    expect(first).toEqual([
      { purpose: 'advertising', granted: true, at: 100, source: 'event' },
      { purpose: 'personalization', granted: false, at: 100, source: 'event' },
    ]);
    expect(applyConsentPreferences(consent, { advertising: true }, { at: 200, source: 'event', purposes })).toEqual([]);
    expect(applyConsentPreferences(consent, { advertising: false }, { at: 50, source: 'event', purposes })).toEqual([]);
    expect(consent['advertising']).toEqual({ granted: true, at: 100, source: 'event' });
  });

  it('falls back to the purpose default when the person made no choice', () => {
    expect(isGranted({}, 'analytics', purposes)).toBe(true);
    expect(isGranted({}, 'marketing', purposes)).toBe(false);
    expect(isGranted({ marketing: { granted: true, at: 1, source: 'api' } }, 'marketing', purposes)).toBe(true);
    expect(isGranted({}, 'no-such-purpose', purposes)).toBe(false);
    expect(consentView({}, purposes)['marketing']).toEqual({ granted: false, source: 'default', at: null });
  });
});
