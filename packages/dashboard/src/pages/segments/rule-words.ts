import type { ComparisonValue, Condition, CountComparison, Duration, EventMatch, PropertyFilter, Window } from '@rapport/contracts';
import { operatorLabels } from './rule-model.js';

/** A rule in plain words, condition by condition (the groups are drawn by the page). */

const duration = (d: Duration) => `${d.amount} ${d.amount === 1 ? d.unit.replace(/s$/, '') : d.unit}`;

function valueWords(value: ComparisonValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => JSON.stringify(v)).join(', ');
  if (typeof value === 'object') return duration(value);
  return JSON.stringify(value);
}

function comparisonWords(c: { op: PropertyFilter['op']; value?: ComparisonValue | undefined }): string {
  if (c.op === 'between' && Array.isArray(c.value)) return `is between ${JSON.stringify(c.value[0])} and ${JSON.stringify(c.value[1])}`;
  if (c.op === 'more_than_ago') return `is more than ${valueWords(c.value)} ago`;
  return `${operatorLabels[c.op]} ${valueWords(c.value)}`.trim();
}

const countWords: Record<CountComparison['op'], string> = { gte: 'at least', eq: 'exactly', gt: 'more than', lt: 'fewer than', lte: 'at most', neq: 'not exactly' };

function timesWords(count: CountComparison | undefined): string {
  if (count === undefined) return 'at least once';
  if (count.op === 'eq' && count.value === 0) return 'never';
  return `${countWords[count.op]} ${count.value} ${count.value === 1 ? 'time' : 'times'}`;
}

function windowWords(window: Window | undefined): string {
  if (window === undefined) return 'ever';
  if ('last' in window) return `in the last ${duration(window.last)}`;
  return `between ${window.from.slice(0, 10)} and ${window.to.slice(0, 10)}`;
}

function matchWords(m: EventMatch): string {
  const filters = (m.where ?? []).map((f) => `${f.property} ${comparisonWords(f)}`);
  return filters.length === 0 ? m.event : `${m.event} (where ${filters.join(' and ')})`;
}

/** One condition in a sentence; `segmentName` names the segments a rule refers to. */
export function conditionWords(c: Condition, segmentName: (id: string) => string): string {
  switch (c.type) {
    case 'trait':
      return `Trait ${c.trait} ${comparisonWords(c)}`;
    case 'feature':
      return `${c.feature} ${comparisonWords(c)}`;
    case 'event':
      return `Did ${matchWords(c)} ${timesWords(c.count)} ${windowWords(c.window)}`;
    case 'sequence':
      return `Did ${matchWords(c.first)}, then ${matchWords(c.then)} within ${duration(c.within)} (${windowWords(c.window)})`;
    case 'rfm':
      return c.segments !== undefined ? `In the RFM group ${c.segments.join(' or ')}` : `RFM score ${(c.score ?? 'r').toUpperCase()} ${comparisonWords({ op: c.op ?? 'eq', value: c.value })}`;
    case 'lifecycle':
      return `Lifecycle stage is ${c.stages.map((s) => s.replace('_', ' ')).join(' or ')}`;
    case 'engagement':
      return `Active on ${countWords[c.activeDays.op]} ${c.activeDays.value} days in the last ${duration(c.window.last)}`;
    case 'affinity':
      return `Likes ${c.category}${c.topK === undefined ? '' : ` (among their top ${c.topK} categories)`}${c.minShare === undefined ? '' : ` (at least ${Math.round(c.minShare * 100)} % of their interest)`}`;
    case 'location':
      if (c.near !== undefined) return `Within ${c.near.radiusKm} km of ${c.near.latitude}, ${c.near.longitude}`;
      if (c.geofence !== undefined) return `Inside the geofence ${c.geofence}`;
      if (c.city !== undefined) return `City is ${c.city.join(' or ')}`;
      return `Country is ${(c.country ?? []).join(' or ')}`;
    case 'local_time':
      return `Their local ${c.part} ${comparisonWords(c)}`;
    case 'consent':
      return `${c.granted ? 'Agrees' : 'Does not agree'} to ${c.purpose}`;
    case 'segment':
      return `${c.member === false ? 'Not in' : 'In'} the segment "${segmentName(c.segment)}"`;
    case 'bucket':
      return `In the random share ${c.from} % to ${c.to} % of "${c.seed}"`;
  }
}
