import { contactChannels, PREFERENCES_TRAIT, type ContactPreferences, type DecideContext } from '@rapport/contracts';
import { localTimeParts } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';
import type { CatalogEntry } from '../catalog/index.js';
import { applyConsentPreferences, isGranted, type ConsentRecord } from '../consent/index.js';
import { insideShape, type GeofenceService } from '../geofences/index.js';
import { profileFromRow, type ProfileService } from '../profiles/index.js';
import type { WorkspaceService } from '../workspaces/index.js';
import { weekdayOf, type ContextFacts } from './audience-match.js';
import type { Person } from './template-scope.js';

/** What reading a person and their context needs. */
export interface PersonContextDependencies {
  readonly database: Database;
  readonly repos: Repositories;
  readonly profiles: ProfileService;
  readonly workspaces: WorkspaceService;
  readonly geofences: GeofenceService;
}

/** The ids a request names a person by (a userId here has been verified). */
export interface PersonIds {
  readonly userId?: string | undefined;
  readonly anonymousId?: string | undefined;
  readonly profileId?: string | undefined;
}

/**
 * The person a request is for: their live profile (by profileId, userId, then anonymousId), their consent (the
 * profile's, with the choices the request carries applied: `choices`), whether they consent to personalization,
 * and — only then — the segments they are in. An unknown visitor has no profile: only their request's context can be
 * personalized on.
 */
export async function loadPerson(
  deps: PersonContextDependencies,
  workspaceId: string,
  ids: PersonIds,
  choices?: Readonly<Record<string, boolean>>,
  options: { readonly segments?: boolean } = {},
): Promise<Person> {
  const { profiles } = deps;
  const row =
    (ids.profileId === undefined ? undefined : await profiles.find(workspaceId, ids.profileId, 'profileId')) ??
    (ids.userId === undefined ? undefined : await profiles.find(workspaceId, ids.userId, 'userId')) ??
    (ids.anonymousId === undefined ? undefined : await profiles.find(workspaceId, ids.anonymousId, 'anonymousId'));
  const base = { userId: ids.userId ?? null, anonymousId: ids.anonymousId ?? null };
  const { purposes } = (await deps.workspaces.get(workspaceId)).settings;
  const profile = row === undefined ? null : profileFromRow(row);
  // The choices the app sends apply now: the events that record them may not be processed yet.
  const consent: Record<string, ConsentRecord> = { ...profile?.consent };
  applyConsentPreferences(consent, choices ?? {}, { purposes, at: Number.MAX_SAFE_INTEGER, source: 'event' });
  const personalize = isGranted(consent, 'personalization', purposes);
  // Someone not known yet has nothing stored to personalize with; their request's context (a location) may be used.
  if (profile === null) return { ...base, profile: null, consent, personalize, segments: new Map() };
  // `segments: false`: nothing asked needs them (a page without segment audiences): one query less on the hot path.
  const segments = personalize && options.segments !== false ? new Map((await deps.repos.segments.membershipsOf(deps.database.kysely, workspaceId, [profile.id])).map((m) => [m.segment_id, Number(m.entered_at)])) : new Map<string, number>();
  return { ...base, profile, consent, personalize, segments };
}

/**
 * What context conditions are checked against: the local time (the request's time zone, else — with consent — the
 * profile's), the viewed product's category, and the geofences the request's location is inside (read only when a
 * condition names geofences and the person consents).
 */
export async function contextFacts(
  deps: PersonContextDependencies,
  workspaceId: string,
  o: { readonly context: DecideContext; readonly person: Person; readonly product: CatalogEntry | undefined; readonly usesGeofences: boolean; readonly now: number },
): Promise<ContextFacts> {
  const { context, person } = o;
  const timezone = context.timezone ?? (person.personalize ? person.profile?.features.timezone : null) ?? null;
  const parts = timezone === null ? null : localTimeParts(timezone, o.now);
  let geofences: Set<string> | null = null;
  if (context.location !== undefined && person.personalize && o.usesGeofences) {
    const { latitude, longitude } = context.location;
    geofences = new Set([...(await deps.geofences.shapes(workspaceId))].filter(([, shape]) => insideShape(shape, latitude, longitude)).map(([key]) => key));
  }
  return {
    context,
    productCategory: o.product?.category ?? null,
    localTime: parts === null ? null : { minutes: parts.hour * 60 + parts.minute, weekday: weekdayOf(parts.weekday) },
    geofences,
    personalize: person.personalize,
  };
}

/** A person's contact preferences from their profile's traits (everything on, the shop's limit, when unset). */
export function contactPreferencesOf(traits: Readonly<Record<string, unknown>> | undefined): ContactPreferences {
  const raw = traits?.[PREFERENCES_TRAIT];
  const p = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const c = p['channels'] !== null && typeof p['channels'] === 'object' ? (p['channels'] as Record<string, unknown>) : {};
  const channels: ContactPreferences['channels'] = {};
  for (const k of contactChannels) if (typeof c[k] === 'boolean') channels[k] = c[k];
  const perDay = p['promotionalPerDay'];
  return { channels, promotionalPerDay: typeof perDay === 'number' && Number.isInteger(perDay) && perDay >= 0 ? perDay : null };
}
