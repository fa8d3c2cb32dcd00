import type { Condition, EventMatch, SegmentRule } from '@rapport/contracts';
import type { BehaviourRow, EventNameRead, Executor, Repositories } from '@rapport/storage';
import type { ConsentRecord } from '../consent/index.js';
import type { PeopleCache } from './people-cache.js';
import type { Features } from '../profiles/index.js';
import { durationMs } from './comparison.js';
import { mergeTrees, parseProperty, treeOf, type PropertyTree } from './property-path.js';
import type { FactEvent, PersonFacts, RfmFacts, RuleContext } from './rule-context.js';
import { windowBounds } from './rule-evaluator.js';
import { forEachCondition } from './rule-walk.js';

/** What evaluating a set of rules needs to read of people's events, beyond their profile. */
export interface FactsNeeds {
  /**
   * Per event name that behaviour conditions read: the earliest time any of them reads it at (null: ever), and the
   * earliest time a property filter reads its properties at (null: ever; undefined: no filter on it). Each name keeps
   * its own window: "bought shoes, ever" does not make every page view of a person's history worth reading.
   */
  readonly names: ReadonlyMap<string, EventNameRead>;
  /** Per event name that property filters read: the parts of its properties they read. */
  readonly properties: ReadonlyMap<string, PropertyTree>;
  /** `properties` as text: equal for equal trees. */
  readonly propertiesKey: string;
  /** Engagement counts days with any event: the times of every event from then on (null: ever; undefined: none). */
  readonly anyEventSince?: number | null;
  /** Whether any condition reads events at all. */
  readonly events: boolean;
  /** Whether any condition reads the RFM scores. */
  readonly rfm: boolean;
  /** Whether any condition reads `identified`. */
  readonly identified: boolean;
}

/** The earlier of two instants, where null is "ever" (earlier than any) and undefined is "not read". */
export function earliest<B extends number | null | undefined>(a: number | null | undefined, b: B): number | null | B {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a === null || b === null ? null : Math.min(a, b);
}

/** Works out what the rules (and the segments they refer to) read, at `now`. */
export function collectNeeds(rules: Iterable<SegmentRule>, context: RuleContext, now: number): FactsNeeds {
  const names = new Map<string, EventNameRead>();
  let anyEventSince: number | null | undefined;
  let events = false;
  let rfm = false;
  let identified = false;
  const properties = new Map<string, PropertyTree>();
  const match = (m: EventMatch, from: number | null) => {
    const before = names.get(m.event);
    const filtered = (m.where ?? []).length > 0;
    for (const f of m.where ?? []) properties.set(m.event, mergeTrees(properties.get(m.event), treeOf(parseProperty(f.property)!)));
    const propertiesSince = filtered ? earliest(before?.propertiesSince, from) : before?.propertiesSince;
    names.set(m.event, { name: m.event, since: earliest(before?.since, from), ...(propertiesSince === undefined ? {} : { propertiesSince }) });
  };
  const visit = (n: Condition): void => {
    switch (n.type) {
      case 'event':
        events = true;
        return match(n, windowBounds(n.window, now).from);
      case 'sequence': {
        events = true;
        // The second event comes after the first, so inside the same window.
        const from = windowBounds(n.window, now).from;
        match(n.first, from);
        return match(n.then, from);
      }
      case 'engagement':
        events = true;
        anyEventSince = earliest(anyEventSince, now - durationMs(n.window.last));
        return;
      case 'rfm':
        rfm = true;
        return;
      case 'feature':
        if (n.feature === 'identified') identified = true;
        return;
      default:
        return;
    }
  };
  for (const rule of rules) forEachCondition(rule.root, context, visit);
  const propertiesKey = JSON.stringify([...properties].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { names, properties, propertiesKey, ...(anyEventSince === undefined ? {} : { anyEventSince }), events, rfm, identified };
}

/** The name behaviour conditions know an event by: its track name, or `$` and its type. */
export function eventName(row: Pick<BehaviourRow, 'type' | 'event'>): string {
  return row.event ?? `$${row.type}`;
}

/** Whether `t` is at or after `since` (null: ever; undefined: never). */
export function from(since: number | null | undefined, t: number): boolean {
  return since !== undefined && (since === null || t >= since);
}

/**
 * Turns a person's event rows (oldest first) into facts: grouped by name, each name within its window, properties
 * parsed where a filter reads them; and the times of every event engagement counts. `kept`: facts of their stored
 * events already (oldest first, from the cache), before the rows.
 */
export function factEvents(
  rows: readonly BehaviourRow[],
  times: readonly number[] | null,
  needs: FactsNeeds,
  kept: readonly FactEvent[] = [],
): { byName: Map<string, FactEvent[]>; times: readonly number[] | null } {
  const byName = new Map<string, FactEvent[]>();
  const add = (e: FactEvent) => {
    const list = byName.get(e.name);
    if (list === undefined) byName.set(e.name, [e]);
    else list.push(e);
  };
  for (const e of kept) {
    const read = needs.names.get(e.name);
    if (read !== undefined && from(read.since, e.timestamp)) add(e);
  }
  for (const row of rows) {
    const name = eventName(row);
    const read = needs.names.get(name);
    if (read === undefined || !from(read.since, row.timestamp)) continue;
    const properties = row.payload !== null && from(read.propertiesSince, row.timestamp) ? propertiesOf(row.payload) : null;
    add({ seq: row.seq, name, timestamp: row.timestamp, properties });
  }
  if (kept.length > 0 && rows.length > 0) for (const list of byName.values()) if (!isOrdered(list)) list.sort(byTimeThenSeq);
  return { byName, times: needs.anyEventSince === undefined ? null : (times ?? []) };
}

function isOrdered(list: readonly FactEvent[]): boolean {
  for (let i = 1; i < list.length; i++) if (byTimeThenSeq(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}

/** The properties of a stored event's payload (an object; `{}` when it has none). */
export function propertiesOf(payload: string): Record<string, unknown> {
  const props = (JSON.parse(payload) as { properties?: unknown }).properties;
  return props !== null && typeof props === 'object' && !Array.isArray(props) ? (props as Record<string, unknown>) : {};
}

/** Oldest first, by time then seq: the order behaviour conditions read events in. */
export function byTimeThenSeq(a: Pick<BehaviourRow, 'timestamp' | 'seq'>, b: Pick<BehaviourRow, 'timestamp' | 'seq'>): number {
  return a.timestamp - b.timestamp || a.seq - b.seq;
}

/** A person as the facts loader starts from: their profile. */
export interface FactsSubject {
  readonly profileId: string;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly features: Features;
  readonly consent: Readonly<Record<string, ConsentRecord>>;
}

/** Reads people's RFM scores (the RFM module). */
export type RfmLookup = (db: Executor, workspaceId: string, profileIds: readonly string[]) => Promise<Map<string, RfmFacts>>;

export interface LoadFactsOptions {
  readonly db: Executor;
  readonly repos: Repositories;
  readonly workspaceId: string;
  readonly needs: FactsNeeds;
  readonly rfm: RfmLookup;
  /** Whether each person has a userId, when the caller knows; otherwise read when a rule needs it. */
  readonly identified?: ReadonlyMap<string, boolean>;
  /** Events not in the database yet (a slice being processed), by profile. */
  readonly pending?: ReadonlyMap<string, readonly BehaviourRow[]>;
  /** Profiles merged into another during a slice: their stored events count for the one they were merged into. */
  readonly mergedInto?: ReadonlyMap<string, string>;
  /**
   * People's stored events kept between reads (the processor's); absent: read from the database. People it does not
   * keep yet are read for `wideNeeds` as well (what all the workspace's segments read), for later reads.
   */
  readonly cache?: PeopleCache | undefined;
  readonly wideNeeds?: FactsNeeds;
}

/** Loads everything the rules need of some people: behaviour events, RFM scores and identity, in a few queries. */
export async function loadFacts(subjects: readonly FactsSubject[], o: LoadFactsOptions): Promise<Map<string, PersonFacts>> {
  const ids = subjects.map((s) => s.profileId);
  const mergedFrom = new Map<string, string[]>();
  for (const [merged, into] of o.mergedInto ?? []) mergedFrom.set(into, [...(mergedFrom.get(into) ?? []), merged]);
  const rows = new Map<string, BehaviourRow[]>();
  const times = new Map<string, number[]>();
  /** Stored events kept by the cache, as facts. */
  const kept = new Map<string, readonly FactEvent[]>();
  const append = <T>(into: Map<string, T[]>, id: string, item: T) => {
    const list = into.get(id);
    if (list === undefined) into.set(id, [item]);
    else list.push(item);
  };
  if (o.needs.events && ids.length > 0) {
    const anySince = o.needs.anyEventSince;
    // People another was merged into are read afresh, with the events of those merged into them.
    const cached = o.cache === undefined ? [] : ids.filter((id) => !mergedFrom.has(id));
    const direct = o.cache === undefined ? ids : ids.filter((id) => mergedFrom.has(id));
    if (cached.length > 0) {
      for (const [id, stored] of await o.cache!.read(o.db, o.repos, o.workspaceId, cached, o.needs, o.wideNeeds)) {
        kept.set(id, stored.events);
        if (anySince !== undefined) times.set(id, [...stored.times]);
      }
    }
    if (direct.length > 0) {
      const all = [...direct, ...direct.flatMap((id) => mergedFrom.get(id) ?? [])];
      const owner = (profileId: string) => o.mergedInto?.get(profileId) ?? profileId;
      for (const row of await o.repos.events.behaviourOf(o.db, o.workspaceId, all, [...o.needs.names.values()])) append(rows, owner(row.profile_id), row);
      if (anySince !== undefined) for (const row of await o.repos.events.timesOf(o.db, o.workspaceId, all, anySince)) append(times, owner(row.profile_id), row.timestamp);
    }
    // The slice's events of these people (not of everyone in the slice: a slice evaluates people in groups).
    const pending = o.pending ?? new Map<string, readonly BehaviourRow[]>();
    for (const id of ids) {
      for (const r of pending.get(id) ?? []) {
        const read = o.needs.names.get(eventName(r));
        if (read !== undefined && from(read.since, r.timestamp)) append(rows, id, r);
        if (from(anySince, r.timestamp)) append(times, id, r.timestamp);
      }
    }
    if (mergedFrom.size > 0 || o.pending !== undefined) for (const list of rows.values()) list.sort(byTimeThenSeq);
  }
  const rfm = o.needs.rfm ? await o.rfm(o.db, o.workspaceId, ids) : new Map<string, RfmFacts>();
  let identified = o.identified;
  if (identified === undefined && o.needs.identified) {
    const withUser = new Set((await o.repos.profiles.identitiesOf(o.db, o.workspaceId, ids)).filter((i) => i.kind === 'user').map((i) => i.profile_id));
    identified = new Map(ids.map((id) => [id, withUser.has(id)]));
  }
  const facts = new Map<string, PersonFacts>();
  for (const s of subjects) {
    const { byName, times: eventTimes } = factEvents(rows.get(s.profileId) ?? [], times.get(s.profileId) ?? null, o.needs, kept.get(s.profileId));
    facts.set(s.profileId, {
      profileId: s.profileId,
      traits: s.traits,
      features: s.features,
      consent: s.consent,
      identified: identified?.get(s.profileId) ?? false,
      rfm: rfm.get(s.profileId) ?? null,
      events: byName,
      eventTimes,
    });
  }
  return facts;
}
