import type { BehaviourRow, Executor, Repositories } from '@rapport/storage';
import { diffMemberships, emptyDiff, storedMemberships, type ChangeReason, type MembershipDiff, type StoredMemberships } from './membership-diff.js';
import { loadFacts, type FactsSubject, type RfmLookup } from './person-facts.js';
import type { WorkspaceSegments } from './segment-catalog.js';

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
  /** Their events not stored yet (the slice's), by profile. */
  readonly pending?: ReadonlyMap<string, readonly BehaviourRow[]>;
  /** Profiles merged into one of the subjects by the caller's writes (merged → subject). */
  readonly mergedInto?: ReadonlyMap<string, string>;
  /** Only these segments. */
  readonly only?: ReadonlySet<string>;
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
  const rows = await o.repos.segments.membershipsOf(o.db, o.segments.workspaceId, [...ids, ...merged]);
  const all = storedMemberships(rows);
  const own: StoredMemberships = new Map(ids.map((id) => [id, all.get(id) ?? new Map()]));
  let inherited: StoredMemberships | undefined;
  if (merged.length > 0) {
    inherited = new Map();
    for (const [from, to] of o.mergedInto!) {
      const theirs = all.get(from);
      if (theirs === undefined) continue;
      const into = inherited.get(to) ?? new Map<string, number>();
      for (const [segmentId, at] of theirs) into.set(segmentId, Math.min(at, into.get(segmentId) ?? at));
      inherited.set(to, into);
    }
  }
  const needs = o.segments.needs(o.now);
  const facts = await loadFacts(o.subjects, {
    db: o.db,
    repos: o.repos,
    workspaceId: o.segments.workspaceId,
    needs,
    rfm: o.rfm,
    ...(o.identified === undefined ? {} : { identified: o.identified }),
    ...(o.pending === undefined ? {} : { pending: o.pending }),
    ...(o.mergedInto === undefined ? {} : { mergedInto: o.mergedInto }),
  });
  return { diff: () => diffMemberships(o.segments, facts, own, { now: o.now, reason: o.reason, ...(o.only === undefined ? {} : { only: o.only }), ...(inherited === undefined ? {} : { inherited }) }) };
}
