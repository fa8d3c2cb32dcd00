import type { SegmentRule } from '@rapport/contracts';
import type { RuleContext } from './rule-context.js';
import { forEachCondition } from './rule-walk.js';

/**
 * What can change a segment's result for a person, besides time (the sweep) and merges: `profile` when its rule reads
 * anything of their profile (traits, features, consent, RFM, location…) — any change to the person may change it;
 * otherwise only their new events of `names` (null: of any name, for engagement).
 */
export type SegmentInputs = { readonly kind: 'profile' } | { readonly kind: 'events'; readonly names: ReadonlySet<string> | null };

const PROFILE: SegmentInputs = { kind: 'profile' };

/** The inputs of a segment: `purpose` makes it read consent, so the profile. */
export function segmentInputs(def: { readonly rule: SegmentRule; readonly purpose: string | null }, context: RuleContext): SegmentInputs {
  if (def.purpose !== null) return PROFILE;
  const names = new Set<string>();
  let any = false;
  let profile = false;
  forEachCondition(def.rule.root, context, (c) => {
    switch (c.type) {
      case 'event':
        names.add(c.event);
        return;
      case 'sequence':
        names.add(c.first.event).add(c.then.event);
        return;
      case 'engagement':
        any = true;
        return;
      case 'segment':
        // The segment it names is walked too; its purpose is a consent it reads.
        if ((context.segments.get(c.segment)?.purpose ?? null) !== null) profile = true;
        return;
      default:
        profile = true;
        return;
    }
  });
  if (profile || (!any && names.size === 0)) return PROFILE;
  return { kind: 'events', names: any ? null : names };
}

/** Whether new events of `names` (the names of a person's events in a slice) can change a segment with these inputs. */
export function touchedBy(inputs: SegmentInputs, names: ReadonlySet<string>): boolean {
  if (inputs.kind === 'profile') return true;
  if (inputs.names === null) return names.size > 0;
  for (const n of names) if (inputs.names.has(n)) return true;
  return false;
}
