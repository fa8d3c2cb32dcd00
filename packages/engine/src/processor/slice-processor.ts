import { ecommerceEvents, type ConsentSource, type StoredMessage } from '@rapport/contracts';
import { uuidv7 } from '@rapport/core';
import type { BehaviourRow, Executor, IdentityKind, LogRow, Repositories } from '@rapport/storage';
import { applyConsentPreferences, isGranted } from '../consent/index.js';
import { hashesOf } from '../privacy/index.js';
import {
  applyGroup,
  applyTraits,
  emptyAnalytics,
  emptyPersonalization,
  mergeProfiles,
  newProfile,
  orderRevenue,
  profileFromRow,
  reduceEvent,
  type ProfileState,
  type UserAgentParser,
} from '../profiles/index.js';
import { eventsAheadMark, prepareEvaluation, segmentSignature, type PeopleCache, type RfmLookup, type SegmentCatalog } from '../segments/index.js';
import type { Workspace } from '../workspaces/index.js';
import { resolveProfile, type IdentityStore } from './slice-identity.js';
import { SliceWrites } from './slice-writes.js';

export interface SliceContext {
  /** Where the slice reads: the database, outside any transaction (only the processor writes what it reads). */
  readonly db: Executor;
  readonly repos: Repositories;
  readonly workspace: Workspace;
  readonly now: number;
  readonly userAgents: UserAgentParser;
  readonly locationDecimals: number;
  /** Live segment membership: evaluated for every person the slice changes. */
  readonly segments?: { readonly catalog: SegmentCatalog; readonly rfm: RfmLookup; readonly cache?: PeopleCache | undefined } | undefined;
}

export interface SliceOutcome {
  processed: number;
  duplicates: number;
  conflicts: number;
  suppressed: number;
}

interface Parsed {
  readonly row: LogRow;
  readonly msg: StoredMessage;
}

const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const key = (a: string, b: string) => `${a}\u0000${b}`;

function consentSourceOf(row: LogRow): ConsentSource {
  return row.source === 'admin' ? 'api' : row.source === 'import' ? 'import' : 'event';
}

/** The revenue of an order or a refund (a refund's as a positive amount), stored with the event for RFM. */
function revenueOf(msg: StoredMessage): number | null {
  if (msg.type !== 'track') return null;
  if (msg.event === ecommerceEvents.orderCompleted) return orderRevenue(obj(msg.properties));
  if (msg.event === ecommerceEvents.orderRefunded) return Math.abs(orderRevenue(obj(msg.properties)));
  return null;
}

/** Products an event names without a category: their category comes from the catalog. */
function productIdsWithoutCategory(msg: StoredMessage): string[] {
  if (msg.type !== 'track') return [];
  const props = obj(msg.properties);
  const list = Array.isArray(props['products']) ? props['products'].map(obj) : [props];
  return list.filter((p) => typeof p['category'] !== 'string').map((p) => p['product_id'] ?? p['sku'] ?? p['id']).filter((id): id is string => typeof id === 'string');
}

/**
 * Processes the events of one workspace in one slice of the log, in log order: drops those of erased people,
 * deduplicates by messageId, resolves identity, applies consent, traits and features, and stores the event. Reads are
 * batched up front and writes at the end, all inside the caller's transaction.
 */
export class SliceProcessor implements IdentityStore {
  readonly #c: SliceContext;
  readonly #ws: string;
  readonly #identities = new Map<string, string>();
  readonly #profiles = new Map<string, ProfileState>();
  readonly #dirty = new Set<string>();
  /** Profiles this slice creates: every segment is evaluated for them (nothing is stored to leave as it is). */
  readonly #created = new Set<string>();
  readonly #sliceUserIds = new Map<string, Set<string>>();
  readonly #hasUserInDb = new Map<string, boolean>();
  readonly #redirect = new Map<string, string>();
  readonly #known = new Map<string, string>();
  #suppressed = new Set<string>();
  readonly #categories = new Map<string, string | null>();
  readonly #writes: SliceWrites;
  #segmentSignature: string | undefined;
  /** The events the slice stores, by the profile they end up with (as the segments' cache is told once committed). */
  readonly #pending = new Map<string, BehaviourRow[]>();
  /** Profiles merged in the slice, and those they were merged into. */
  readonly #merged = new Set<string>();
  /** The latest time of the slice's events dated ahead of now (0: none). */
  #aheadUntil = 0;

  constructor(context: SliceContext) {
    this.#c = context;
    this.#ws = context.workspace.id;
    this.#writes = new SliceWrites(context.workspace.id);
  }

  /** Reads what the events touch and works out every change, without writing anything. */
  async prepare(rows: readonly LogRow[]): Promise<SliceOutcome> {
    const parsed = rows.map((row) => ({ row, msg: JSON.parse(row.payload) as StoredMessage }));
    await this.#preload(parsed);
    const outcome: SliceOutcome = { processed: 0, duplicates: 0, conflicts: 0, suppressed: 0 };
    for (const p of parsed) await this.#process(p, outcome);
    await this.#prepareSegments();
    return outcome;
  }

  /** False when segment definitions changed since `prepare` read them: the slice must be prepared again. */
  async isCurrent(trx: Executor): Promise<boolean> {
    if (this.#segmentSignature === undefined) return true;
    return segmentSignature(await this.#c.repos.segments.versions(trx, this.#ws)) === this.#segmentSignature;
  }

  /** Writes the changes `prepare` worked out, inside the caller's transaction. */
  async write(trx: Executor): Promise<void> {
    await this.#writes.flush(trx, this.#c.repos, this.#profiles, this.#dirty, (id) => this.#resolveId(id));
    if (this.#aheadUntil > 0) {
      // Events dated ahead of now enter windows as time passes: the segments' time sweep looks for them.
      const mark = eventsAheadMark(this.#ws);
      if (this.#aheadUntil > (await this.#c.repos.processor.cursor(trx, mark))) await this.#c.repos.processor.setCursor(trx, mark, this.#aheadUntil, this.#c.now);
    }
  }

  /** Once the caller's transaction committed: the events and memberships written join what the segments' cache keeps. */
  committed(): void {
    const cache = this.#c.segments?.cache;
    if (cache === undefined) return;
    cache.committed(this.#pending, this.#merged);
    if (this.#writes.membershipDiff !== undefined) cache.membershipsWritten(this.#writes.membershipDiff);
  }

  // ---- identity store (used by resolveProfile) ----

  lookup(kind: IdentityKind, value: string): ProfileState | undefined {
    const id = this.#identities.get(key(kind, value));
    return id === undefined ? undefined : this.#profiles.get(this.#resolveId(id));
  }

  link(kind: IdentityKind, value: string, profile: ProfileState): void {
    this.#identities.set(key(kind, value), profile.id);
    this.#writes.links.push({ workspace_id: this.#ws, kind, value, profile_id: profile.id, created_at: this.#c.now });
    if (kind === 'user') this.#userIdsOf(profile.id).add(value);
  }

  create(): ProfileState {
    const p = newProfile(this.#ws, uuidv7(this.#c.now), this.#c.now);
    this.#profiles.set(p.id, p);
    this.#dirty.add(p.id);
    this.#created.add(p.id);
    this.#hasUserInDb.set(p.id, false);
    return p;
  }

  async hasUserId(profile: ProfileState): Promise<boolean> {
    if (this.#userIdsOf(profile.id).size > 0) return true;
    let inDb = this.#hasUserInDb.get(profile.id);
    if (inDb === undefined) {
      inDb = (await this.#c.repos.profiles.identitiesOf(this.#c.db, this.#ws, [profile.id])).some((i) => i.kind === 'user');
      this.#hasUserInDb.set(profile.id, inDb);
    }
    return inDb;
  }

  async merge(winner: ProfileState, loser: ProfileState): Promise<void> {
    // Known before the merge, so that the merged profile knows whether it has a userId.
    const loserHasUser = await this.hasUserId(loser);
    mergeProfiles(winner, loser, this.#c.now);
    this.#dirty.add(winner.id).add(loser.id);
    this.#writes.merge(loser.id, winner.id);
    this.#redirect.set(loser.id, winner.id);
    for (const [k, v] of this.#identities) if (v === loser.id) this.#identities.set(k, winner.id);
    for (const u of this.#userIdsOf(loser.id)) this.#userIdsOf(winner.id).add(u);
    if (loserHasUser) this.#hasUserInDb.set(winner.id, true);
  }

  // ---- processing ----

  /** Evaluates the segments of every person the slice changed, as they will be once it is written. */
  async #prepareSegments(): Promise<void> {
    const live = this.#c.segments;
    if (live === undefined) return;
    const segments = await live.catalog.get(this.#ws);
    this.#segmentSignature = segments.signature;
    const mergedInto = new Map([...this.#redirect.keys()].map((id) => [id, this.#resolveId(id)]));
    const pending = this.#pending;
    for (const e of this.#writes.events) {
      const id = this.#resolveId(e.profile_id);
      const list = pending.get(id) ?? [];
      list.push({ profile_id: id, seq: e.seq, type: e.type, event: e.event, timestamp: e.timestamp, payload: e.payload });
      pending.set(id, list);
    }
    // Kept people whose events move to another: read afresh from now on.
    for (const [from, to] of mergedInto) this.#merged.add(from).add(to);
    if (segments.segments.length === 0) return;
    const people = [...this.#dirty].map((id) => this.#profiles.get(id)).filter((p): p is ProfileState => p !== undefined && p.mergedInto === null);
    const identified = new Map<string, boolean>();
    if (segments.needs(this.#c.now).identified) {
      // One query for everyone whose identities this slice has not read yet, rather than one a person.
      const unknown = people.filter((p) => this.#userIdsOf(p.id).size === 0 && !this.#hasUserInDb.has(p.id)).map((p) => p.id);
      const withUser = new Set((await this.#c.repos.profiles.identitiesOf(this.#c.db, this.#ws, unknown)).filter((i) => i.kind === 'user').map((i) => i.profile_id));
      for (const id of unknown) this.#hasUserInDb.set(id, withUser.has(id));
      for (const p of people) identified.set(p.id, await this.hasUserId(p));
    }
    this.#writes.segments = await prepareEvaluation({
      db: this.#c.db,
      repos: this.#c.repos,
      segments,
      rfm: live.rfm,
      now: this.#c.now,
      reason: 'event',
      subjects: people.map((p) => ({ profileId: p.id, traits: p.traits, features: p.features, consent: p.consent })),
      identified,
      pending,
      created: this.#created,
      mergedInto,
      cache: live.cache,
    });
  }

  async #preload(parsed: readonly Parsed[]): Promise<void> {
    const { db, repos } = this.#c;
    const hashes: string[] = [];
    const userValues: string[] = [];
    const anonymousValues: string[] = [];
    const productIds: string[] = [];
    for (const { msg } of parsed) {
      const previousId = msg.type === 'alias' ? msg.previousId : undefined;
      hashes.push(...hashesOf({ userId: msg.userId, anonymousId: msg.anonymousId, previousId }));
      if (msg.userId) userValues.push(msg.userId);
      if (msg.anonymousId) anonymousValues.push(msg.anonymousId);
      if (previousId) {
        userValues.push(previousId);
        anonymousValues.push(previousId);
      }
      productIds.push(...productIdsWithoutCategory(msg));
    }
    this.#suppressed = await repos.privacy.findSuppressed(db, this.#ws, hashes);
    for (const m of await repos.ingest.findMessageIds(db, this.#ws, parsed.map((p) => p.row.message_id))) this.#known.set(m.message_id, m.payload_hash);
    const identities = [
      ...(await repos.profiles.findIdentities(db, this.#ws, 'user', userValues)),
      ...(await repos.profiles.findIdentities(db, this.#ws, 'anonymous', anonymousValues)),
    ];
    for (const i of identities) this.#identities.set(key(i.kind, i.value), i.profile_id);
    for (const row of await repos.profiles.findProfiles(db, this.#ws, identities.map((i) => i.profile_id))) {
      this.#profiles.set(row.id, profileFromRow(row));
    }
    for (const id of productIds) this.#categories.set(id, null);
    for (const p of await repos.catalog.findMany(db, this.#ws, productIds)) this.#categories.set(p.id, p.category);
  }

  async #process({ row, msg }: Parsed, outcome: SliceOutcome): Promise<void> {
    const previousId = msg.type === 'alias' ? msg.previousId : undefined;
    if (hashesOf({ userId: msg.userId, anonymousId: msg.anonymousId, previousId }).some((h) => this.#suppressed.has(h))) {
      outcome.suppressed++;
      return;
    }
    const prior = this.#known.get(row.message_id);
    if (prior !== undefined) {
      if (prior === row.payload_hash) outcome.duplicates++;
      else {
        outcome.conflicts++;
        this.#keepConflict(row, msg);
      }
      return;
    }
    this.#known.set(row.message_id, row.payload_hash);
    this.#writes.messageIds.push({ workspace_id: this.#ws, message_id: row.message_id, payload_hash: row.payload_hash, seq: row.seq, received_at: row.received_at, keep: row.source === 'import' ? 1 : 0 });

    const profile = await resolveProfile(msg, this);
    const timestamp = Date.parse(msg.timestamp);
    if (timestamp > this.#c.now) this.#aheadUntil = Math.max(this.#aheadUntil, timestamp);
    // An event dated in the future is stored as sent, but counts as of its arrival.
    const t = row.flags?.includes('future_timestamp') ? row.received_at : timestamp;
    await this.#apply(profile, row, msg, t);
    this.#writes.events.push({
      seq: row.seq,
      workspace_id: this.#ws,
      profile_id: profile.id,
      message_id: row.message_id,
      type: msg.type,
      event: msg.type === 'track' ? (msg.event ?? null) : null,
      user_id: msg.userId ?? null,
      anonymous_id: msg.anonymousId ?? null,
      timestamp,
      received_at: row.received_at,
      source: row.source,
      payload: row.payload,
      flags: row.flags,
      revenue: revenueOf(msg),
    });
    outcome.processed++;
  }

  async #apply(profile: ProfileState, row: LogRow, msg: StoredMessage, t: number): Promise<void> {
    const { purposes } = this.#c.workspace.settings;
    const context = obj(msg.context);
    const before = { analytics: isGranted(profile.consent, 'analytics', purposes), personalization: isGranted(profile.consent, 'personalization', purposes) };
    const changes = applyConsentPreferences(profile.consent, obj(context['consent'])['categoryPreferences'], { at: t, source: consentSourceOf(row), purposes });
    for (const c of changes) {
      this.#writes.consent.push({ id: uuidv7(this.#c.now), workspace_id: this.#ws, profile_id: profile.id, purpose: c.purpose, granted: c.granted ? 1 : 0, source: c.source, at: c.at, recorded_at: this.#c.now, message_id: row.message_id });
    }
    const analytics = isGranted(profile.consent, 'analytics', purposes);
    const personalization = isGranted(profile.consent, 'personalization', purposes);
    if (before.analytics && !analytics) Object.assign(profile.features, emptyAnalytics());
    if (before.personalization && !personalization) this.#forgetPersonalization(profile);

    if (msg.type === 'identify') applyTraits(profile, obj(msg.traits), t);
    if (msg.type === 'group' && msg.groupId !== undefined) applyGroup(profile, msg.groupId, obj(msg.traits), t);
    const touches = reduceEvent(
      profile.features,
      { type: msg.type, event: msg.event, properties: obj(msg.properties), context, t },
      {
        analytics,
        personalization,
        categoryOf: (id) => this.#categories.get(id) ?? null,
        userAgents: this.#c.userAgents,
        locationDecimals: this.#c.locationDecimals,
      },
    );
    for (const touch of touches) this.#writes.touch(profile.id, touch);
    profile.updatedAt = this.#c.now;
    this.#dirty.add(profile.id);
  }

  /** Withdrawn consent to personalization: what served it is deleted, not only no longer updated. */
  #forgetPersonalization(profile: ProfileState): void {
    Object.assign(profile.features, emptyPersonalization());
    this.#writes.forget(profile.id);
  }

  #keepConflict(row: LogRow, msg: StoredMessage): void {
    const message = 'this messageId was already used for a different payload; the event was kept aside and not processed';
    this.#writes.rejected.push({
      id: uuidv7(this.#c.now),
      workspace_id: this.#ws,
      received_at: row.received_at,
      endpoint: 'processor',
      code: 'ERR_INGEST_MESSAGE_ID_CONFLICT',
      message,
      details: JSON.stringify([{ path: '/messageId', message }]),
      content_type: 'application/json',
      body: Buffer.from(row.payload, 'utf8'),
      body_bytes: Buffer.byteLength(row.payload),
      truncated: 0,
      message_id: row.message_id,
      user_id: msg.userId ?? null,
      anonymous_id: msg.anonymousId ?? null,
    });
  }

  #resolveId(id: string): string {
    let current = id;
    for (let next = this.#redirect.get(current); next !== undefined; next = this.#redirect.get(current)) current = next;
    return current;
  }

  #userIdsOf(profileId: string): Set<string> {
    let set = this.#sliceUserIds.get(profileId);
    if (set === undefined) {
      set = new Set();
      this.#sliceUserIds.set(profileId, set);
    }
    return set;
  }
}
