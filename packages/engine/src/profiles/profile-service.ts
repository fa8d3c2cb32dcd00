import type { Clock } from '@rapport/core';
import type { EventFlag, ProfileSummaryView, ProfileView, StoredMessage } from '@rapport/contracts';
import type { Database, EventRow, IdentityRow, ProfileRow, Repositories } from '@rapport/storage';
import { decodeCursor, pageOf } from '../pagination/index.js';
import type { PrivacySubject } from '../privacy/index.js';
import type { WorkspaceService } from '../workspaces/index.js';
import { lifecycleStage } from './lifecycle.js';
import { profileFromRow } from './profile-state.js';
import { profileSummary, profileView } from './profile-views.js';

export const lookupKinds = ['any', 'userId', 'anonymousId', 'profileId'] as const;
export type LookupKind = (typeof lookupKinds)[number];

/** Everything held under one person's name: their live profile, profiles merged into it and every identifier. */
export type Subject = PrivacySubject;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A stored event as the API returns it: Segment's shape, plus flags when the server flagged it. */
export type TimelineEvent = StoredMessage & { flags?: EventFlag[] };

function timelineEvent(row: EventRow): TimelineEvent {
  const message = JSON.parse(row.payload) as StoredMessage;
  return row.flags === null ? message : { ...message, flags: row.flags.split(',') as EventFlag[] };
}

/** Reads of profiles for the admin API. */
export class ProfileService {
  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly workspaces: WorkspaceService,
    private readonly clock: Clock,
  ) {}

  /**
   * The live profile an id leads to: a userId, an anonymousId or a profile id (a merged profile's id leads to the
   * profile it was merged into). With `by: 'any'` they are tried in that order.
   */
  async find(workspaceId: string, id: string, by: LookupKind = 'any'): Promise<ProfileRow | undefined> {
    const db = this.database.kysely;
    // The identity and its profile in one query; a merged profile is followed to its survivor.
    const viaIdentity = async (kind: 'user' | 'anonymous') => {
      const row = await this.repos.profiles.findByIdentity(db, workspaceId, kind, id);
      return row === undefined || row.merged_into === null ? row : this.#live(workspaceId, row.merged_into);
    };
    if (by === 'userId') return viaIdentity('user');
    if (by === 'anonymousId') return viaIdentity('anonymous');
    if (by === 'profileId') return this.#live(workspaceId, id);
    return (await viaIdentity('user')) ?? (await viaIdentity('anonymous')) ?? (await this.#live(workspaceId, id));
  }

  async view(workspaceId: string, id: string, by: LookupKind = 'any'): Promise<ProfileView | undefined> {
    const row = await this.find(workspaceId, id, by);
    if (row === undefined) return undefined;
    const db = this.database.kysely;
    const identities = await this.repos.profiles.identitiesOf(db, workspaceId, [row.id]);
    const { settings } = await this.workspaces.get(workspaceId);
    const [score] = await this.repos.rfm.scoresOf(db, workspaceId, [row.id]);
    const rfm =
      score === undefined
        ? null
        : { r: score.r, f: score.f, m: score.m, segment: score.segment, recencyDays: score.recency_days, frequency: score.frequency, monetary: score.monetary, computedAt: new Date(score.computed_at).toISOString() };
    return profileView(row, identities, settings.purposes, { lifecycleStage: lifecycleStage(profileFromRow(row).features, this.clock.now(), settings.lifecycle), rfm });
  }

  /** The person behind an id, for export and erasure. */
  async subject(workspaceId: string, id: string, by: LookupKind = 'any'): Promise<Subject | undefined> {
    const row = await this.find(workspaceId, id, by);
    if (row === undefined) return undefined;
    const db = this.database.kysely;
    const tombstones = await this.repos.profiles.mergedInto(db, workspaceId, [row.id]);
    const identities = await this.repos.profiles.identitiesOf(db, workspaceId, [row.id]);
    return {
      workspaceId,
      profileId: row.id,
      profileIds: [row.id, ...tombstones],
      userIds: identities.filter((i) => i.kind === 'user').map((i) => i.value),
      anonymousIds: identities.filter((i) => i.kind === 'anonymous').map((i) => i.value),
    };
  }

  async list(workspaceId: string, query: { q?: string | undefined; limit?: number | undefined; cursor?: string | undefined }): Promise<Page<ProfileSummaryView>> {
    const limit = query.limit ?? 50;
    const beforeId = query.cursor === undefined ? undefined : decodeCursor<[string]>(query.cursor, ['string'])[0];
    const db = this.database.kysely;
    const rows = await this.repos.profiles.listProfiles(db, { workspaceId, q: query.q, limit: limit + 1, beforeId });
    const identities = await this.repos.profiles.identitiesOf(db, workspaceId, rows.slice(0, limit).map((r) => r.id));
    const byProfile = new Map<string, IdentityRow[]>();
    for (const i of identities) byProfile.set(i.profile_id, [...(byProfile.get(i.profile_id) ?? []), i]);
    return pageOf(rows, limit, (r) => profileSummary(r, byProfile.get(r.id) ?? []), (r) => [r.id]);
  }

  /** A person's events, newest first, in Segment's shape. */
  async timeline(
    workspaceId: string,
    profileId: string,
    query: { limit?: number | undefined; cursor?: string | undefined; event?: string | undefined; type?: string | undefined },
  ): Promise<Page<TimelineEvent>> {
    const limit = query.limit ?? 50;
    const before = query.cursor === undefined ? undefined : decodeCursor<[number, number]>(query.cursor, ['number', 'number']);
    const rows = await this.repos.events.timeline(this.database.kysely, {
      workspaceId,
      profileId,
      limit: limit + 1,
      before: before === undefined ? undefined : { timestamp: before[0], seq: before[1] },
      event: query.event,
      type: query.type,
    });
    return pageOf(rows, limit, timelineEvent, (r) => [r.timestamp, r.seq]);
  }

  async #live(workspaceId: string, profileId: string): Promise<ProfileRow | undefined> {
    let id = profileId;
    for (let hops = 0; hops < 10; hops++) {
      const [row] = await this.repos.profiles.findProfiles(this.database.kysely, workspaceId, [id]);
      if (row === undefined) return undefined;
      if (row.merged_into === null) return row;
      id = row.merged_into;
    }
    return undefined;
  }
}
