import type { Condition, EventMatch, SegmentRule } from '@rapport/contracts';
import type { BehaviourRow, Executor, Repositories } from '@rapport/storage';
import type { ConsentRecord } from '../consent/index.js';
import type { Features } from '../profiles/index.js';
import { durationMs } from './comparison.js';
import type { FactEvent, PersonFacts, RfmFacts, RuleContext } from './rule-context.js';
import { windowBounds } from './rule-evaluator.js';
import { forEachCondition } from './rule-walk.js';

/** What evaluating a set of rules needs to read of people's events, beyond their profile. */
export interface FactsNeeds {
  /** Event names behaviour conditions read; null: every event (engagement counts days with any event). */
  readonly names: ReadonlySet<string> | null;
  /** Names whose properties a filter reads. */
  readonly payloadFor: ReadonlySet<string>;
  /** The earliest event time any condition can read at `now`; null: all of them. */
  readonly since: number | null;
  /** Whether any condition reads events at all. */
  readonly events: boolean;
  /** Whether any condition reads the RFM scores. */
  readonly rfm: boolean;
  /** Whether any condition reads `identified`. */
  readonly identified: boolean;
}

/** Works out what the rules (and the segments they refer to) read, at `now`. */
export function collectNeeds(rules: Iterable<SegmentRule>, context: RuleContext, now: number): FactsNeeds {
  const names = new Set<string>();
  const payloadFor = new Set<string>();
  let all = false;
  let events = false;
  let since: number | null = Number.POSITIVE_INFINITY;
  let rfm = false;
  let identified = false;
  const bound = (from: number | null) => {
    since = since === null || from === null ? null : Math.min(since, from);
  };
  const match = (m: EventMatch) => {
    names.add(m.event);
    if ((m.where ?? []).length > 0) payloadFor.add(m.event);
  };
  const visit = (n: Condition): void => {
    switch (n.type) {
      case 'event':
        events = true;
        match(n);
        return bound(windowBounds(n.window, now).from);
      case 'sequence':
        events = true;
        match(n.first);
        match(n.then);
        return bound(windowBounds(n.window, now).from);
      case 'engagement':
        events = true;
        all = true;
        return bound(now - durationMs(n.window.last));
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
  return { names: all ? null : names, payloadFor, since: since === Number.POSITIVE_INFINITY ? null : since, events, rfm, identified };
}

/** The name behaviour conditions know an event by: its track name, or `$` and its type. */
export function eventName(row: Pick<BehaviourRow, 'type' | 'event'>): string {
  return row.event ?? `$${row.type}`;
}

/** Turns event rows (oldest first) into facts: grouped by name, properties parsed where a filter reads them. */
export function factEvents(rows: readonly BehaviourRow[], needs: FactsNeeds): { byName: Map<string, FactEvent[]>; times: number[] | null } {
  const byName = new Map<string, FactEvent[]>();
  const times: number[] | null = needs.names === null ? [] : null;
  for (const row of rows) {
    const name = eventName(row);
    times?.push(row.timestamp);
    if (needs.names !== null && !needs.names.has(name)) continue;
    let properties: Record<string, unknown> | null = null;
    if (row.payload !== null && needs.payloadFor.has(name)) {
      const props = (JSON.parse(row.payload) as { properties?: unknown }).properties;
      properties = props !== null && typeof props === 'object' && !Array.isArray(props) ? (props as Record<string, unknown>) : {};
    }
    const e: FactEvent = { seq: row.seq, name, timestamp: row.timestamp, properties };
    const list = byName.get(name);
    if (list === undefined) byName.set(name, [e]);
    else list.push(e);
  }
  return { byName, times };
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
}

/** Loads everything the rules need of some people: behaviour events, RFM scores and identity, in a few queries. */
export async function loadFacts(subjects: readonly FactsSubject[], o: LoadFactsOptions): Promise<Map<string, PersonFacts>> {
  const ids = subjects.map((s) => s.profileId);
  const mergedFrom = new Map<string, string[]>();
  for (const [from, to] of o.mergedInto ?? []) mergedFrom.set(to, [...(mergedFrom.get(to) ?? []), from]);
  const rows = new Map<string, BehaviourRow[]>();
  if (o.needs.events && ids.length > 0) {
    const all = [...ids, ...ids.flatMap((id) => mergedFrom.get(id) ?? [])];
    const found = await o.repos.events.behaviourOf(o.db, o.workspaceId, all, { since: o.needs.since, names: o.needs.names === null ? null : [...o.needs.names], payloadFor: [...o.needs.payloadFor] });
    for (const row of found) {
      const owner = o.mergedInto?.get(row.profile_id) ?? row.profile_id;
      const list = rows.get(owner);
      if (list === undefined) rows.set(owner, [row]);
      else list.push(row);
    }
    for (const [id, pending] of o.pending ?? []) {
      const since = o.needs.since;
      const kept = pending.filter((r) => since === null || r.timestamp >= since);
      if (kept.length > 0) rows.set(id, [...(rows.get(id) ?? []), ...kept]);
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
    const { byName, times } = factEvents(rows.get(s.profileId) ?? [], o.needs);
    facts.set(s.profileId, {
      profileId: s.profileId,
      traits: s.traits,
      features: s.features,
      consent: s.consent,
      identified: identified?.get(s.profileId) ?? false,
      rfm: rfm.get(s.profileId) ?? null,
      events: byName,
      eventTimes: times,
    });
  }
  return facts;
}
