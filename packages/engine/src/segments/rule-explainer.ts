import { featureTypes, type ComparisonOperator, type ComparisonValue, type CountComparison, type Duration, type EventMatch, type ExplanationNode, type RuleNode, type Window } from '@rapport/contracts';
import type { Outcome } from './rule-evaluator.js';
import type { RuleContext } from './rule-context.js';

const quote = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : v === null || v === undefined ? 'not set' : JSON.stringify(v));
const duration = (d: Duration): string => `${d.amount} ${d.amount === 1 ? d.unit.replace(/s$/, '') : d.unit}`;
const list = (items: readonly unknown[]): string => items.map(quote).join(', ');
const iso = (ms: unknown): string => (typeof ms === 'number' ? new Date(ms).toISOString() : 'never');

/** An operator and its value in words: "at least 2", "one of "gold", "silver"", "within the last 30 days". */
export function comparisonWords(op: ComparisonOperator | CountComparison['op'], value: ComparisonValue | undefined): string {
  const v = value;
  switch (op) {
    case 'eq':
      return `equal to ${quote(v)}`;
    case 'neq':
      return `not equal to ${quote(v)}`;
    case 'gt':
      return `more than ${quote(v)}`;
    case 'gte':
      return `at least ${quote(v)}`;
    case 'lt':
      return `less than ${quote(v)}`;
    case 'lte':
      return `at most ${quote(v)}`;
    case 'between':
      return Array.isArray(v) ? `between ${quote(v[0])} and ${quote(v[1])}` : `between ${quote(v)}`;
    case 'in':
      return `one of ${Array.isArray(v) ? list(v) : quote(v)}`;
    case 'not_in':
      return `none of ${Array.isArray(v) ? list(v) : quote(v)}`;
    case 'contains':
      return `containing ${quote(v)}`;
    case 'not_contains':
      return `not containing ${quote(v)}`;
    case 'starts_with':
      return `starting with ${quote(v)}`;
    case 'ends_with':
      return `ending with ${quote(v)}`;
    case 'exists':
      return 'set';
    case 'not_exists':
      return 'not set';
    case 'before':
      return `before ${quote(v)}`;
    case 'after':
      return `after ${quote(v)}`;
    case 'within_last':
      return `within the last ${duration(v as Duration)}`;
    case 'more_than_ago':
      return `more than ${duration(v as Duration)} ago`;
  }
}

function windowWords(w: Window | undefined): string {
  if (w === undefined) return 'ever';
  if ('last' in w) return `in the last ${duration(w.last)}`;
  return `between ${w.from} and ${w.to}`;
}

function eventWords(m: EventMatch): string {
  const filters = (m.where ?? []).map((f) => `${f.property} ${comparisonWords(f.op, f.value)}`);
  const name = m.event.startsWith('$') ? `a ${m.event.slice(1)} event` : m.event;
  return filters.length === 0 ? name : `${name} (${filters.join(', ')})`;
}

const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

/** The sentence of one condition, from its definition and what it found. */
function sentence(node: RuleNode, o: Outcome, context: RuleContext): string {
  const v = o.values;
  switch (node.type) {
    case 'and':
      return o.matched ? 'All of these hold' : `Not all of these hold: ${o.children?.filter((c) => c.matched).length ?? 0} of ${node.conditions.length} do`;
    case 'or':
      return o.matched ? `At least one of these holds: ${o.children?.filter((c) => c.matched).length ?? 0} of ${node.conditions.length} do` : 'None of these holds';
    case 'not':
      return o.matched ? 'The condition below does not hold, as required' : 'The condition below holds, and it must not';
    case 'trait':
      return `Trait ${node.trait} is ${quote(v['value'])}; needed ${comparisonWords(node.op, node.value)}`;
    case 'feature': {
      const value = featureTypes[node.feature] === 'date' ? (v['value'] === null ? 'never' : iso(v['value'])) : quote(v['value']);
      return `${node.feature} is ${value}; needed ${comparisonWords(node.op, node.value)}`;
    }
    case 'event': {
      const count = node.count ?? { op: 'gte', value: 1 };
      return `Did ${eventWords(node)} ${times(v['count'] as number)} ${windowWords(node.window)}; needed ${comparisonWords(count.op, count.value)}`;
    }
    case 'sequence':
      return o.matched
        ? `Did ${eventWords(node.first)} at ${iso(v['firstAt'])}, then ${eventWords(node.then)} at ${iso(v['thenAt'])}, within ${duration(node.within)}`
        : `Never did ${eventWords(node.first)} (${windowWords(node.window)}) followed by ${eventWords(node.then)} within ${duration(node.within)}`;
    case 'rfm': {
      if (v['rfm'] === null) return 'Has no RFM score (not an identified customer with an order when the model was last refreshed)';
      const now = `RFM segment ${quote(v['segment'])} (R ${String(v['r'])}, F ${String(v['f'])}, M ${String(v['m'])})`;
      return node.segments !== undefined ? `${now}; needed one of ${list(node.segments)}` : `${now}; needed ${node.score!.toUpperCase()} ${comparisonWords(node.op!, node.value)}`;
    }
    case 'lifecycle':
      return `Lifecycle stage is ${v['stage'] === null ? 'unknown (never seen)' : quote(v['stage'])}; needed one of ${list(node.stages)}`;
    case 'engagement':
      return `Active on ${String(v['activeDays'])} days in the last ${duration(node.window.last)}; needed ${comparisonWords(node.activeDays.op, node.activeDays.value)}`;
    case 'affinity': {
      const share = `${Math.round((v['share'] as number) * 1000) / 10}%`;
      const rank = v['rank'] === null ? 'no interest yet' : `rank ${String(v['rank'])}`;
      const needed = [node.topK === undefined ? null : `among the top ${node.topK}`, node.minShare === undefined ? null : `at least ${Math.round(node.minShare * 1000) / 10}%`].filter((x) => x !== null);
      return `${node.category} is ${share} of their interest (${rank}); needed ${needed.join(' and ')}`;
    }
    case 'location':
      if (node.country !== undefined) return `Country is ${quote(v['country'])}; needed one of ${list(node.country)}`;
      if (node.city !== undefined) return `City is ${quote(v['city'])}; needed one of ${list(node.city)}`;
      if (v['latitude'] === null) return 'No known location (none shared, or no consent to personalization)';
      if (node.near !== undefined) return `Last known location is ${String(v['distanceKm'])} km from (${node.near.latitude}, ${node.near.longitude}); needed within ${node.near.radiusKm} km`;
      return o.matched ? `Last known location is inside the geofence ${quote(node.geofence)}` : `Last known location is outside the geofence ${quote(node.geofence)}${context.geofences.has(node.geofence!) ? '' : ' (it no longer exists)'}`;
    case 'local_time':
      return v['timezone'] === null || v[node.part] === null
        ? 'Local time unknown (no valid time zone)'
        : `Local ${node.part} is ${String(v[node.part])} (${String(v['timezone'])}); needed ${comparisonWords(node.op, node.value)}`;
    case 'consent':
      return `${v['granted'] ? 'Consents' : 'Does not consent'} to ${node.purpose}; needed: ${node.granted ? 'consents' : 'does not consent'}`;
    case 'segment': {
      const name = context.segments.get(node.segment)?.name ?? node.segment;
      return `${v['member'] ? 'Is' : 'Is not'} in the segment ${quote(name)}; needed: ${(node.member ?? true) ? 'is in it' : 'is not in it'}`;
    }
    case 'bucket':
      return `Holdout position ${String(v['position'])} for seed ${quote(node.seed)}; needed from ${node.from} to (not including) ${node.to}`;
  }
}

/** Turns a rule and its outcome for one person into explanation nodes: each condition, whether it held, why. */
export function explain(node: RuleNode, outcome: Outcome, context: RuleContext, path = '/root'): ExplanationNode {
  const children: ExplanationNode[] = [];
  if (node.type === 'and' || node.type === 'or') node.conditions.forEach((c, i) => children.push(explain(c, outcome.children![i]!, context, `${path}/conditions/${i}`)));
  else if (node.type === 'not') children.push(explain(node.condition, outcome.children![0]!, context, `${path}/condition`));
  else if (node.type === 'segment' && outcome.children?.[0] !== undefined) {
    const def = context.segments.get(node.segment);
    const inner = outcome.children[0].children?.[0];
    if (def !== undefined && inner !== undefined) children.push(explain(def.rule.root, inner, context, `${path}/segment/root`));
  }
  return {
    type: node.type,
    path,
    matched: outcome.matched,
    sentence: sentence(node, outcome, context),
    values: outcome.values,
    ...(children.length > 0 ? { children } : {}),
  };
}
