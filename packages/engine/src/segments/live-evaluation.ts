import type { BehaviourRow, Executor, Repositories } from '@rapport/storage';
import type { PeopleCache } from './people-cache.js';
import { diffMemberships, emptyDiff, storedMemberships, type ChangeReason, type MembershipDiff, type StoredMemberships } from './membership-diff.js';
import { touchedBy } from './event-inputs.js';
import { collectNeeds, eventName, loadFacts, type FactsNeeds, type FactsSubject, type RfmLookup } from './person-facts.js';
import type { PersonFacts, RfmFacts } from './rule-context.js';
import type { LiveSegment, WorkspaceSegments } from './segment-catalog.js';

export interface EvaluatePeopleOptions {
  /** Where to read: outside any transaction (the processor prepares, then writes in a short transaction). */
  readonly db: Executor;
  readonly repos: Repositories;
  readonly segments: WorkspaceSegments;
  readonly rfm: RfmLookup;
  readonly now: number;
  readonly reason: ChangeReason;
  /** The people to evaluate: live profiles, as they will be once the caller's writes are made. */
  readonly subjects: readonly FactsSubject[];
  /** Whether each person has a userId, when the caller knows it better than the database (a slice in progress). */
  readonly identified?: ReadonlyMap<string, boolean>;
  /**
   * Their events not stored yet (the slice's), by profile. When given, a person is evaluated only for the segments
   * these events (or a change to their profile) can change; see evaluationPlan.
   */
  readonly pending?: ReadonlyMap<string, readonly BehaviourRow[]>;
  /** Profiles the caller's writes create: evaluated for every segment. */
  readonly created?: ReadonlySet<string>;
  /** Profiles merged into one of the subjects by the caller's writes (merged → subject). */
  readonly mergedInto?: ReadonlyMap<string, string>;
  /** Only these segments. */
  readonly only?: ReadonlySet<string>;
  /** People's stored events kept between evaluations (the processor's; see PeopleCache). */
  readonly cache?: PeopleCache | undefined;
}

/** People's facts, read; `diff` evaluates their segments (pure computation, no I/O). */
export interface PreparedEvaluation {
  diff(): MembershipDiff;
}

/**
 * The live path: evaluates every segment (or `only` some) for some people, from their profiles and the events their
 * rules read, and returns how stored membership must change. Reads in a few queries for all the people at once.
 */
export async function evaluatePeople(o: EvaluatePeopleOptions): Promise<MembershipDiff> {
  return (await prepareEvaluation(o)).diff();
}

/**
 * Reads what evaluating some people needs, and returns the evaluation to run later: the subjects' profile objects
 * are read when `diff` runs, so that changes made to them meanwhile (a slice's distinct product counts, known only
 * once its writes are made) count.
 */
export async function prepareEvaluation(o: EvaluatePeopleOptions): Promise<PreparedEvaluation> {
  if (o.segments.segments.length === 0 || o.subjects.length === 0) return { diff: emptyDiff };
  const ids = o.subjects.map((s) => s.profileId);
  const merged = [...(o.mergedInto?.keys() ?? [])];
  // People merged in this slice, and those they were merged into, are read from the database; the others may be kept.
  const mergedWith = new Set([...merged, ...(o.mergedInto?.values() ?? [])]);
  const kept = o.cache === undefined ? new Map<string, ReadonlyMap<string, number>>() : await o.cache.memberships(o.db, o.repos, o.segments.workspaceId, ids.filter((id) => !mergedWith.has(id)));
  const rows = await o.repos.segments.membershipsOf(o.db, o.segments.workspaceId, [...ids.filter((id) => !kept.has(id)), ...merged]);
  const all = storedMemberships(rows);
  const own: StoredMemberships = new Map(ids.map((id) => [id, kept.get(id) ?? all.get(id) ?? new Map()]));
  let inherited: StoredMemberships | undefined;
  if (merged.length > 0) {
    const merging = new Map<string, Map<string, number>>();
    for (const [from, to] of o.mergedInto!) {
      const theirs = all.get(from);
      if (theirs === undefined) continue;
      const into = merging.get(to) ?? new Map<string, number>();
      for (const [segmentId, at] of theirs) into.set(segmentId, Math.min(at, into.get(segmentId) ?? at));
      merging.set(to, into);
    }
    inherited = merging;
  }
  const plan = evaluationPlan(o);
  const wideNeeds = o.segments.needs(o.now);
  if (o.cache !== undefined && wideNeeds.events) {
    // Everyone the cache does not keep yet is read in one go, for every segment, rather than group by group.
    const readers = plan.groups.filter((g) => g.needs.events).flatMap((g) => g.subjects.map((s) => s.profileId).filter((id) => !mergedWith.has(id)));
    if (readers.length > 0) await o.cache.read(o.db, o.repos, o.segments.workspaceId, readers, wideNeeds);
  }
  // RFM scores in one query for everyone, rather than one a group.
  const rfm: RfmLookup = wideNeeds.rfm ? readOnce(await o.rfm(o.db, o.segments.workspaceId, ids)) : o.rfm;
  const facts = new Map<string, PersonFacts>();
  for (const group of plan.groups) {
    const loaded = await loadFacts(group.subjects, {
      db: o.db,
      repos: o.repos,
      workspaceId: o.segments.workspaceId,
      needs: group.needs,
      rfm,
      ...(o.identified === undefined ? {} : { identified: o.identified }),
      ...(o.pending === undefined ? {} : { pending: o.pending }),
      ...(o.mergedInto === undefined ? {} : { mergedInto: o.mergedInto }),
      cache: o.cache,
      wideNeeds,
    });
    for (const [id, f] of loaded) facts.set(id, f);
  }
  return { diff: () => diffMemberships(o.segments, facts, own, { now: o.now, reason: o.reason, onlyFor: plan.onlyFor, ...(o.only === undefined ? {} : { only: o.only }), ...(inherited === undefined ? {} : { inherited }) }) };
}

/** A lookup that answers from scores read already (a superset of the people asked for). */
function readOnce(scores: Map<string, RfmFacts>): RfmLookup {
  return () => Promise.resolve(scores);
}

interface EvaluationGroup {
  readonly subjects: FactsSubject[];
  readonly needs: FactsNeeds;
}

/**
 * Which segments each person needs evaluating, and what to read for it. With the slice's events at hand (`pending`),
 * a segment whose rule reads nothing but events (no profile fact, no purpose) can only have changed for a person whose
 * new events include a name it reads (time passing is the sweep's work): the others are left as stored, and their
 * events are not read. A new person, and one another was merged into, is evaluated in full (a rule may hold for
 * someone without events: "no order in 7 days"). People evaluated for the same segments share one read
 * plan.
 */
function evaluationPlan(o: EvaluatePeopleOptions): { groups: EvaluationGroup[]; onlyFor: Map<string, ReadonlySet<string>> } {
  const all = o.segments.segments;
  const wanted = o.only === undefined ? all : all.filter((s) => o.only!.has(s.id));
  const inFull = new Set([...(o.mergedInto?.values() ?? []), ...(o.created ?? [])]);
  const onlyFor = new Map<string, ReadonlySet<string>>();
  const groups = new Map<string, { subjects: FactsSubject[]; segments: readonly LiveSegment[] }>();
  // People whose new events have the same names are evaluated for the same segments: chosen once per set of names.
  type Choice = { readonly key: string; readonly segments: readonly LiveSegment[]; readonly ids: ReadonlySet<string> | undefined };
  const everything: Choice = { key: wanted.map((s) => s.id).join(','), segments: wanted, ids: undefined };
  const byNames = new Map<string, Choice>();
  for (const subject of o.subjects) {
    let choice = everything;
    if (o.pending !== undefined && !inFull.has(subject.profileId)) {
      const names = new Set((o.pending.get(subject.profileId) ?? []).map(eventName));
      const namesKey = [...names].sort().join('\u0000');
      let found = byNames.get(namesKey);
      if (found === undefined) {
        const chosen = wanted.filter((s) => touchedBy(s.inputs, names));
        found = chosen.length < wanted.length ? { key: chosen.map((s) => s.id).join(','), segments: chosen, ids: new Set(chosen.map((s) => s.id)) } : everything;
        byNames.set(namesKey, found);
      }
      choice = found;
      if (found.ids !== undefined) onlyFor.set(subject.profileId, found.ids);
    }
    const group = groups.get(choice.key);
    if (group === undefined) groups.set(choice.key, { subjects: [subject], segments: choice.segments });
    else group.subjects.push(subject);
  }
  return {
    groups: [...groups.values()].map((g) => ({
      subjects: g.subjects,
      needs: g.segments.length === all.length ? o.segments.needs(o.now) : collectNeeds(g.segments.map((s) => s.rule), o.segments.context, o.now),
    })),
    onlyFor,
  };
}
