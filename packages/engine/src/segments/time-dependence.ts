import { ecommerceEvents, featureTypes, type Condition, type SegmentRule } from '@rapport/contracts';
import { durationMs, resolveComparison, type Comparison } from './comparison.js';
import type { RuleContext } from './rule-context.js';
import { forEachCondition } from './rule-walk.js';

const DAY_MS = 86_400_000;

/**
 * Time alone changes a result when an event leaves (or, dated ahead, enters) a window measured from now. A trigger
 * names such events: the people with an event of `names` (null: any) whose time crossed `now − windowMs` or `now`
 * between two sweeps are the only ones whose membership can have changed.
 */
export interface TimeTrigger {
  readonly names: readonly string[] | null;
  readonly windowMs: number;
}

/** How a rule depends on time passing. */
export interface TimeDependence {
  readonly triggers: readonly TimeTrigger[];
  /**
   * The rule reads something that changes with time but is not tied to one event (a relative date in a trait, the
   * local time): such a segment is evaluated again in full every minute.
   */
  readonly full: boolean;
}

export const timeIndependent: TimeDependence = { triggers: [], full: false };

/**
 * The processor's mark (in `processor_state`) of the latest time of a workspace's events processed before their time
 * (dated ahead of the processor's clock): only such events can enter a window as time passes. Every other event was
 * evaluated at or after its time, when it was processed.
 */
export function eventsAheadMark(workspaceId: string): string {
  return `segment-events-ahead:${workspaceId}`;
}

export function isTimeDependent(t: TimeDependence): boolean {
  return t.full || t.triggers.length > 0;
}

/**
 * Works out how a rule (and the segments it refers to) depends on time. `eventsKeptDays` is the workspace's event
 * retention: a trigger on the first event a person had only works while that event is kept, so a rule on
 * `firstSeenAt` or a lifecycle threshold longer than the retention needs a full evaluation instead.
 */
export function timeDependence(rule: SegmentRule, context: RuleContext, eventsKeptDays: number | null): TimeDependence {
  const triggers: TimeTrigger[] = [];
  let full = false;
  const kept = (ms: number) => eventsKeptDays === null || ms < eventsKeptDays * DAY_MS;
  const firstEventTrigger = (names: readonly string[] | null, ms: number) => {
    if (kept(ms)) triggers.push({ names, windowMs: ms });
    else full = true;
  };
  const relative = (c: Comparison): number | null => (c.kind === 'recent' ? c.ms : null);
  const visit = (n: Condition): void => {
    switch (n.type) {
      case 'event':
        if (n.window !== undefined && 'last' in n.window) triggers.push({ names: [n.event], windowMs: durationMs(n.window.last) });
        return;
      case 'sequence':
        if (n.window !== undefined && 'last' in n.window) triggers.push({ names: [n.first.event], windowMs: durationMs(n.window.last) });
        return;
      case 'engagement':
        triggers.push({ names: null, windowMs: durationMs(n.window.last) });
        return;
      case 'trait': {
        if (relative(resolveComparison(n.op, n.value, 'any') as Comparison) !== null) full = true;
        return;
      }
      case 'feature': {
        if (featureTypes[n.feature] !== 'date') return;
        const ms = relative(resolveComparison(n.op, n.value, 'date') as Comparison);
        if (ms === null) return;
        if (n.feature === 'lastSeenAt') triggers.push({ names: null, windowMs: ms });
        else if (n.feature === 'lastOrderAt') triggers.push({ names: [ecommerceEvents.orderCompleted], windowMs: ms });
        else firstEventTrigger(n.feature === 'firstSeenAt' ? null : [ecommerceEvents.orderCompleted], ms);
        return;
      }
      case 'lifecycle': {
        const s = context.lifecycle;
        for (const days of [s.atRiskDays, s.lapsedDays, s.churnedDays]) triggers.push({ names: null, windowMs: days * DAY_MS });
        firstEventTrigger(null, s.newDays * DAY_MS);
        return;
      }
      case 'local_time':
        full = true;
        return;
      default:
        return;
    }
  };
  forEachCondition(rule.root, context, visit);
  return { triggers, full };
}
