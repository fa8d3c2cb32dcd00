import type { NewSegmentChange, SegmentMemberRow } from '@rapport/storage';
import { isGranted } from '../consent/index.js';
import type { PersonFacts, RuleContext } from './rule-context.js';
import type { Outcome } from './rule-evaluator.js';
import type { LiveSegment, WorkspaceSegments } from './segment-catalog.js';

export type ChangeReason = 'event' | 'time' | 'rebuild' | 'rfm';

/** Whether a person is in a segment: the rule holds and, for a segment with a purpose, they consent to it. */
export interface Membership {
  readonly member: boolean;
  readonly matched: boolean;
  /** Null for a segment without a purpose. */
  readonly consented: boolean | null;
  readonly outcome: Outcome;
}

/** Whether the person consents to the segment's purpose; null for a segment without one. */
function consentOf(segment: Pick<LiveSegment, 'purpose'>, facts: PersonFacts, context: RuleContext): boolean | null {
  return segment.purpose === null ? null : isGranted(facts.consent, segment.purpose, context.purposes);
}

export function membershipOf(segment: Pick<LiveSegment, 'compiled' | 'purpose'>, facts: PersonFacts, now: number, context: RuleContext): Membership {
  const outcome = segment.compiled.evaluate(facts, now);
  const consented = consentOf(segment, facts, context);
  return { member: outcome.matched && consented !== false, matched: outcome.matched, consented, outcome };
}

/** Whether a person is in a segment: `membershipOf(…).member`, without the outcome (the live path, for many people). */
export function isMember(segment: Pick<LiveSegment, 'compiled' | 'purpose'>, facts: PersonFacts, now: number, context: RuleContext): boolean {
  return segment.compiled.matches(facts, now) && consentOf(segment, facts, context) !== false;
}

/** Memberships as stored: profile → segment → entered at. */
export type StoredMemberships = Map<string, ReadonlyMap<string, number>>;

export function storedMemberships(rows: readonly SegmentMemberRow[]): StoredMemberships {
  const m = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let own = m.get(r.profile_id);
    if (own === undefined) m.set(r.profile_id, (own = new Map()));
    own.set(r.segment_id, r.entered_at);
  }
  return m;
}

/** What to write so that stored membership follows the rules. */
export interface MembershipDiff {
  readonly add: SegmentMemberRow[];
  readonly remove: { segmentId: string; profileId: string }[];
  readonly changes: NewSegmentChange[];
  /** Change of each segment's size, the rows of merged profiles included (their rows go with the merge). */
  readonly sizeDelta: Map<string, number>;
}

export function emptyDiff(): MembershipDiff {
  return { add: [], remove: [], changes: [], sizeDelta: new Map() };
}

export interface DiffOptions {
  readonly now: number;
  readonly reason: ChangeReason;
  /** Only these segments (all when absent). */
  readonly only?: ReadonlySet<string>;
  /** For the people it names, only these segments (those their new events can change); the others stay as stored. */
  readonly onlyFor?: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * Memberships of profiles merged into these people in this slice: their rows are deleted with the merge, and the
   * person keeps each membership (with its time) that their rules still give them.
   */
  readonly inherited?: StoredMemberships;
}

/**
 * Evaluates segments for some people and compares with what is stored: entering records `entered`, leaving records
 * `exited`, a membership the rules still give is left alone.
 */
export function diffMemberships(ws: WorkspaceSegments, facts: ReadonlyMap<string, PersonFacts>, stored: StoredMemberships, o: DiffOptions, into: MembershipDiff = emptyDiff()): MembershipDiff {
  const bump = (segmentId: string, by: number) => into.sizeDelta.set(segmentId, (into.sizeDelta.get(segmentId) ?? 0) + by);
  const change = (segmentId: string, profileId: string, kind: 'entered' | 'exited') =>
    into.changes.push({ workspace_id: ws.workspaceId, segment_id: segmentId, profile_id: profileId, kind, reason: o.reason, at: o.now });
  for (const [profileId, person] of facts) {
    const own = stored.get(profileId);
    const inherited = o.inherited?.get(profileId);
    const theirs = o.onlyFor?.get(profileId);
    const selected = (segmentId: string) => (o.only === undefined || o.only.has(segmentId)) && (theirs === undefined || theirs.has(segmentId));
    for (const [segmentId] of inherited ?? []) if (selected(segmentId)) bump(segmentId, -1);
    for (const segment of ws.segments) {
      if (!selected(segment.id)) continue;
      const member = isMember(segment, person, o.now, ws.context);
      const ownSince = own?.get(segment.id);
      const inheritedSince = inherited?.get(segment.id);
      if (member && ownSince === undefined) {
        into.add.push({ workspace_id: ws.workspaceId, segment_id: segment.id, profile_id: profileId, entered_at: inheritedSince ?? o.now });
        bump(segment.id, 1);
        if (inheritedSince === undefined) change(segment.id, profileId, 'entered');
      } else if (!member && ownSince !== undefined) {
        into.remove.push({ segmentId: segment.id, profileId });
        bump(segment.id, -1);
        change(segment.id, profileId, 'exited');
      } else if (!member && inheritedSince !== undefined) {
        change(segment.id, profileId, 'exited');
      }
    }
  }
  return into;
}
