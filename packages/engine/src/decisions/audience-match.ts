import { weekdays, type ContextConditions, type DecideContext, type Weekday } from '@rapport/contracts';

/** What context conditions are checked against, worked out once per request. */
export interface ContextFacts {
  readonly context: DecideContext;
  /** The category of the product viewed (from the catalog), when the context names one. */
  readonly productCategory: string | null;
  /** The person's local time: minutes since midnight and the weekday; null without a known time zone. */
  readonly localTime: { readonly minutes: number; readonly weekday: Weekday } | null;
  /** The keys of the geofences the request's location is inside; null without a location. */
  readonly geofences: ReadonlySet<string> | null;
  /** Consent to personalization: location conditions are checked only with it. */
  readonly personalize: boolean;
}

/** The outcome of an audience's context: the conditions that held, in words, or the first that did not, and why. */
export type ContextMatch = { readonly matched: true; readonly held: string[] } | { readonly matched: false; readonly why: string };

const dayNames: Readonly<Record<Weekday, string>> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** A page entry matches the page's name or path exactly, or as a prefix when it ends with `*` (no patterns beyond). */
export function pageMatches(entry: string, page: string): boolean {
  return entry.endsWith('*') ? page.startsWith(entry.slice(0, -1)) : page === entry;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `“${v}”`).join(' or ');
}

/** Within [from, to) minutes, across midnight when from > to; a missing bound is the start or end of the day. */
export function withinHours(minutes: number, from: string | undefined, to: string | undefined): boolean {
  const f = from === undefined ? 0 : minutesOf(from);
  const t = to === undefined ? 24 * 60 : minutesOf(to);
  return f <= t ? minutes >= f && minutes < t : minutes >= f || minutes < t;
}

/**
 * Checks an audience's context conditions. Every condition given must hold; each list holds when one of its values
 * matches. Conditions are checked in a fixed order and the first that fails is the reason.
 */
export function matchContext(conditions: ContextConditions, facts: ContextFacts): ContextMatch {
  const { context } = facts;
  const held: string[] = [];
  if (conditions.pages !== undefined) {
    const page = context.page;
    if (page === undefined || !conditions.pages.some((e) => pageMatches(e, page))) return { matched: false, why: `not on the page ${quoteList(conditions.pages)}` };
    held.push(`on the page “${page}”`);
  }
  if (conditions.productIds !== undefined) {
    const id = context.productId;
    if (id === undefined || !conditions.productIds.includes(id)) return { matched: false, why: `not viewing the product ${quoteList(conditions.productIds)}` };
    held.push(`viewing the product “${id}”`);
  }
  if (conditions.categories !== undefined) {
    const category = [context.category, facts.productCategory].find((c) => c != null && conditions.categories!.includes(c));
    if (category == null) return { matched: false, why: `not in the category ${quoteList(conditions.categories)}` };
    held.push(`in the category “${category}”`);
  }
  if (conditions.devices !== undefined) {
    if (context.device === undefined || !conditions.devices.includes(context.device)) return { matched: false, why: `not on a ${conditions.devices.join(' or ')} device` };
    held.push(`on a ${context.device}`);
  }
  if (conditions.platforms !== undefined) {
    const platform = context.platform?.toLowerCase();
    if (platform === undefined || !conditions.platforms.some((p) => p.toLowerCase() === platform)) return { matched: false, why: `not on ${conditions.platforms.join(' or ')}` };
    held.push(`on ${context.platform}`);
  }
  if (conditions.localTime !== undefined) {
    const { from, to, days } = conditions.localTime;
    const local = facts.localTime;
    if (local === null) return { matched: false, why: 'the local time is not known (no time zone)' };
    if (days !== undefined && !days.includes(local.weekday)) return { matched: false, why: `not ${days.map((d) => dayNames[d]).join(' or ')} in their time zone` };
    if (!withinHours(local.minutes, from, to)) return { matched: false, why: `not between ${from ?? '00:00'} and ${to ?? '24:00'} in their time zone` };
    held.push([days === undefined ? '' : `on ${dayNames[local.weekday]}`, from === undefined && to === undefined ? '' : `between ${from ?? '00:00'} and ${to ?? '24:00'} local time`].filter((s) => s !== '').join(', '));
  }
  if (conditions.countries !== undefined || conditions.geofences !== undefined) {
    if (!facts.personalize) return { matched: false, why: 'location is used only with consent to personalization' };
    if (conditions.countries !== undefined) {
      if (context.country === undefined || !conditions.countries.includes(context.country)) return { matched: false, why: `not in ${conditions.countries.join(' or ')}` };
      held.push(`in ${context.country}`);
    }
    if (conditions.geofences !== undefined) {
      const inside = conditions.geofences.find((g) => facts.geofences?.has(g) === true);
      if (inside === undefined) return { matched: false, why: `not at ${quoteList(conditions.geofences)}` };
      held.push(`at “${inside}”`);
    }
  }
  return { matched: true, held };
}

/** The ISO weekday (1 = Monday) as the contracts name it. */
export function weekdayOf(isoWeekday: number): Weekday {
  return weekdays[(isoWeekday - 1 + 7) % 7]!;
}

/**
 * An audience for a person: membership of its segment (used only with consent to personalization), then its context
 * conditions. The conditions that held, in words, or why the person is not in the audience.
 */
export function checkAudience(
  segment: { readonly id: string; readonly name: string } | null,
  conditions: ContextConditions | undefined,
  person: { readonly profile: object | null; readonly personalize: boolean; readonly segments: ReadonlyMap<string, number> },
  facts: ContextFacts,
): { held: string[] } | string {
  if (segment !== null) {
    if (person.profile !== null && !person.personalize) return 'a segment is used only with consent to personalization';
    if (!person.segments.has(segment.id)) return `not in the segment “${segment.name}”`;
  }
  if (conditions === undefined) return { held: [] };
  const match = matchContext(conditions, facts);
  return match.matched ? { held: match.held } : match.why;
}

/** Why a person is shown something, in words for them: the audience's segment, and the context that held. */
export function audienceSentence(segment: { readonly name: string } | null, held: readonly string[]): string {
  const where = held.length === 0 ? '' : ` ${held.join(', ')}`;
  return segment === null ? `Shown to everyone${where}.` : `You see this because you are in “${segment.name}”${held.length === 0 ? '' : `, and${where}`}.`;
}
