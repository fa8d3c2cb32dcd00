import { parseJson, type ProfileRow } from '@rapport/storage';
import type { ConsentRecord } from '../consent/index.js';
import { emptyFeatures, type Features } from './features.js';

export interface GroupRecord {
  traits: Record<string, unknown>;
  at: number;
}

/** A profile as the processor changes it. */
export interface ProfileState {
  readonly workspaceId: string;
  readonly id: string;
  createdAt: number;
  updatedAt: number;
  mergedInto: string | null;
  traits: Record<string, unknown>;
  /** Event time at which each trait was last set: a trait takes the value of the latest event, not the latest arrival. */
  traitTimes: Record<string, number>;
  features: Features;
  consent: Record<string, ConsentRecord>;
  groups: Record<string, GroupRecord>;
}

export function newProfile(workspaceId: string, id: string, now: number): ProfileState {
  return { workspaceId, id, createdAt: now, updatedAt: now, mergedInto: null, traits: {}, traitTimes: {}, features: emptyFeatures(), consent: {}, groups: {} };
}

export function profileFromRow(row: ProfileRow): ProfileState {
  return {
    workspaceId: row.workspace_id,
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    mergedInto: row.merged_into,
    traits: parseJson(row.traits),
    traitTimes: parseJson(row.trait_times),
    // Features stored by an older version lack newer fields: start from empty ones.
    features: { ...emptyFeatures(), ...parseJson<Partial<Features>>(row.features) },
    consent: parseJson(row.consent),
    groups: parseJson(row.groups),
  };
}

export function profileToRow(p: ProfileState): ProfileRow {
  return {
    workspace_id: p.workspaceId,
    id: p.id,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    merged_into: p.mergedInto,
    traits: JSON.stringify(p.traits),
    trait_times: JSON.stringify(p.traitTimes),
    features: JSON.stringify(p.features),
    consent: JSON.stringify(p.consent),
    groups: JSON.stringify(p.groups),
  };
}

/** Sets traits from an identify at event time `t`; a trait already set by a later event keeps its value. */
export function applyTraits(p: ProfileState, traits: Record<string, unknown>, t: number): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(traits)) {
    const setAt = p.traitTimes[key];
    if (setAt !== undefined && setAt > t) continue;
    p.traits[key] = value;
    p.traitTimes[key] = t;
    changed = true;
  }
  return changed;
}

export function applyGroup(p: ProfileState, groupId: string, traits: Record<string, unknown>, t: number): void {
  const current = p.groups[groupId];
  if (current === undefined) p.groups[groupId] = { traits: { ...traits }, at: t };
  else if (t >= current.at) p.groups[groupId] = { traits: { ...current.traits, ...traits }, at: t };
}
