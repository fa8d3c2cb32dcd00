import type { Clock } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';
import { isGranted } from '../consent/index.js';
import type { PersonalDataStore } from '../privacy/index.js';
import { profileFromRow, type ProfileService } from '../profiles/index.js';
import type { WorkspaceService } from '../workspaces/index.js';
import { insideShape, type GeofenceService } from './geofence-service.js';

/** Inside a geofence this long, a person dwells there: Geofence Dwelled is sent once per visit. */
export const DWELL_MS = 10 * 60_000;

export interface PresenceServiceOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly workspaces: WorkspaceService;
  readonly profiles: ProfileService;
  readonly geofences: GeofenceService;
  /** Decimal places of latitude and longitude kept (2 ≈ 1.1 km). */
  readonly locationDecimals: number;
  /** Records events (Geofence Entered, Dwelled, Exited) as ingestion accepts them from the app. */
  readonly record: (workspaceId: string, messages: readonly object[]) => Promise<void>;
}

/** What a location update changed. */
export interface PresenceUpdate {
  /** False when the person does not consent to personalization: nothing was kept or sent. */
  readonly accepted: boolean;
  readonly inside: string[];
  readonly entered: string[];
  readonly dwelled: string[];
  readonly exited: string[];
}

/** "u:" + userId or "a:" + anonymousId: how a device names its person before there is a profile. */
export function presenceKey(ids: { readonly userId?: string | undefined; readonly anonymousId?: string | undefined }): string | null {
  return ids.userId !== undefined ? `u:${ids.userId}` : ids.anonymousId !== undefined ? `a:${ids.anonymousId}` : null;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * Where people are, against the workspace's geofences: each location update (from the SDK, with consent to
 * personalization) is coarsened, compared with the geofences the person was inside, and the changes are sent as
 * events — Geofence Entered, Geofence Dwelled (after 10 minutes inside) and Geofence Exited — which segments and
 * in-app message triggers use. Only the geofences a person is inside now are kept (table geofence_presence).
 */
export class PresenceService {
  constructor(private readonly o: PresenceServiceOptions) {}

  async update(workspaceId: string, ids: { readonly userId?: string | undefined; readonly anonymousId?: string | undefined }, point: { readonly latitude: number; readonly longitude: number }): Promise<PresenceUpdate> {
    const { database, repos, clock } = this.o;
    const person = presenceKey(ids);
    const none: PresenceUpdate = { accepted: false, inside: [], entered: [], dwelled: [], exited: [] };
    if (person === null || !(await this.#consents(workspaceId, ids))) return none;
    const now = clock.now();
    const latitude = round(point.latitude, this.o.locationDecimals);
    const longitude = round(point.longitude, this.o.locationDecimals);
    const shapes = await this.o.geofences.shapes(workspaceId);
    const inside = [...shapes].filter(([, shape]) => insideShape(shape, latitude, longitude)).map(([key]) => key);
    const db = database.kysely;
    const before = new Map((await repos.inApp.presenceOf(db, workspaceId, [person])).map((r) => [r.geofence_key, r]));
    const entered = inside.filter((k) => !before.has(k));
    const exited = [...before.keys()].filter((k) => !inside.includes(k));
    const dwelled: string[] = [];
    for (const key of entered) await repos.inApp.enter(db, { workspace_id: workspaceId, person, geofence_key: key, entered_at: now, seen_at: now, dwelled: 0 });
    for (const key of inside.filter((k) => before.has(k))) {
      const row = before.get(key)!;
      const dwells = row.dwelled === 0 && now - Number(row.entered_at) >= DWELL_MS;
      if (dwells) dwelled.push(key);
      await repos.inApp.touch(db, workspaceId, person, key, { seen_at: now, ...(dwells ? { dwelled: 1 } : {}) });
    }
    await repos.inApp.leave(db, workspaceId, person, exited);
    const event = (name: string, key: string) => ({
      type: 'track',
      event: name,
      ...(ids.userId === undefined ? {} : { userId: ids.userId }),
      ...(ids.anonymousId === undefined ? {} : { anonymousId: ids.anonymousId }),
      timestamp: new Date(now).toISOString(),
      properties: { geofence: key },
      context: { location: { latitude, longitude } },
    });
    const messages = [...exited.map((k) => event('Geofence Exited', k)), ...entered.map((k) => event('Geofence Entered', k)), ...dwelled.map((k) => event('Geofence Dwelled', k))];
    if (messages.length > 0) await this.o.record(workspaceId, messages);
    return { accepted: true, inside, entered, dwelled, exited };
  }

  /** Consent to personalization: the profile's, or the workspace's default for someone not known yet. */
  async #consents(workspaceId: string, ids: { readonly userId?: string | undefined; readonly anonymousId?: string | undefined }): Promise<boolean> {
    const row = (ids.userId === undefined ? undefined : await this.o.profiles.find(workspaceId, ids.userId, 'userId')) ?? (ids.anonymousId === undefined ? undefined : await this.o.profiles.find(workspaceId, ids.anonymousId, 'anonymousId'));
    const { purposes } = (await this.o.workspaces.get(workspaceId)).settings;
    return isGranted(row === undefined ? {} : profileFromRow(row).consent, 'personalization', purposes);
  }
}

/** The geofences a person is inside, for export and erasure (by every userId and anonymousId of the person). */
export function presencePrivacyStores(repos: Repositories): PersonalDataStore[] {
  const persons = (s: { readonly userIds: readonly string[]; readonly anonymousIds: readonly string[] }) => [...s.userIds.map((u) => `u:${u}`), ...s.anonymousIds.map((a) => `a:${a}`)];
  return [
    {
      name: 'geofence_presence',
      tables: ['geofence_presence'],
      async *exportRecords(db, s) {
        for (const r of await repos.inApp.presenceOf(db, s.workspaceId, persons(s))) {
          yield { geofence: r.geofence_key, enteredAt: new Date(Number(r.entered_at)).toISOString(), lastSeenAt: new Date(Number(r.seen_at)).toISOString() };
        }
      },
      erase: (db, s) => repos.inApp.forgetPresence(db, s.workspaceId, persons(s)),
    },
  ];
}
