import type { ConsentSource, ConsentStateView, Purpose } from '@rapport/contracts';
import { purposeOfCategory } from '../workspaces/index.js';

/** A person's recorded choice for one purpose. */
export interface ConsentRecord {
  readonly granted: boolean;
  readonly at: number;
  readonly source: ConsentSource;
}

export interface ConsentChange {
  readonly purpose: string;
  readonly granted: boolean;
  readonly at: number;
  readonly source: ConsentSource;
}

/** Whether a person consents to a purpose: their latest choice, or the purpose's default when they made none. */
export function isGranted(consent: Readonly<Record<string, ConsentRecord>>, purposeId: string, purposes: readonly Purpose[]): boolean {
  const recorded = consent[purposeId];
  if (recorded !== undefined) return recorded.granted;
  return purposes.find((p) => p.id === purposeId)?.default === 'granted';
}

/**
 * Records the choices in `categoryPreferences` (Segment's convention: `{ "<category>": true | false }`, categories
 * named by the consent tool and mapped to purposes through their aliases) made at event time `t`. A choice older
 * than the one recorded is ignored; repeating the current choice records nothing (analytics.js sends the
 * preferences with every event). Returns the changes, in place on `consent`.
 */
export function applyConsentPreferences(
  consent: Record<string, ConsentRecord>,
  preferences: unknown,
  change: { at: number; source: ConsentSource; purposes: readonly Purpose[] },
): ConsentChange[] {
  if (preferences === null || typeof preferences !== 'object' || Array.isArray(preferences)) return [];
  const changes: ConsentChange[] = [];
  for (const [category, value] of Object.entries(preferences)) {
    if (typeof value !== 'boolean') continue;
    const purpose = purposeOfCategory(change.purposes, category);
    if (purpose === undefined) continue;
    const current = consent[purpose.id];
    if (current !== undefined && (current.at > change.at || current.granted === value)) continue;
    consent[purpose.id] = { granted: value, at: change.at, source: change.source };
    changes.push({ purpose: purpose.id, granted: value, at: change.at, source: change.source });
  }
  return changes;
}

/** Every purpose of the workspace with the person's state, defaults included. */
export function consentView(consent: Readonly<Record<string, ConsentRecord>>, purposes: readonly Purpose[]): Record<string, ConsentStateView> {
  return Object.fromEntries(
    purposes.map((p) => {
      const r = consent[p.id];
      return [
        p.id,
        r === undefined
          ? { granted: p.default === 'granted', source: 'default' as const, at: null }
          : { granted: r.granted, source: r.source, at: new Date(r.at).toISOString() },
      ];
    }),
  );
}
