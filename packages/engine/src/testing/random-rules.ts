import {
  featureNames,
  featureTypes,
  lifecycleStages,
  rfmSegmentNames,
  RULE_VERSION,
  type ComparisonOperator,
  type ComparisonValue,
  type Duration,
  type EventMatch,
  type FeatureName,
  type RuleNode,
  type SegmentRule,
  type Window,
} from '@rapport/contracts';

/** A small seeded PRNG (mulberry32), so that a failing case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  constructor(readonly random: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  some<T>(items: readonly T[], max = 3): T[] {
    const n = this.int(1, Math.min(max, items.length));
    return [...new Set(Array.from({ length: n }, () => this.pick(items)))];
  }
}

/** The vocabulary the random shop (random-shop.ts) uses, so that random rules hit real values. */
export const shopVocabulary = {
  events: ['Order Completed', 'Product Viewed', 'Product Added', 'Signed Up', '$page', '$screen', '$identify'],
  categories: ['Tea', 'Coffee', 'Cups', 'Gifts'],
  plans: ['gold', 'silver', 'bronze'],
  countries: ['United Kingdom', 'France', 'Germany'],
  cities: ['London', 'Paris', 'Berlin'],
  paths: ['/', '/sale', '/tea'],
  purposes: ['analytics', 'personalization', 'marketing'],
  geofences: ['london', 'paris-area'],
};

/** The geofences of the random shop, as the geofences API takes them. */
export const shopGeofences = [
  { key: 'london', name: 'London', shape: { kind: 'circle' as const, latitude: 51.5074, longitude: -0.1278, radiusKm: 25 } },
  {
    key: 'paris-area',
    name: 'Paris area',
    shape: {
      kind: 'polygon' as const,
      vertices: [
        [48.6, 2.0],
        [49.1, 2.1],
        [49.0, 2.7],
        [48.7, 2.6],
        [48.8, 2.3],
      ] as [number, number][],
    },
  },
];

const duration = (d: Dice): Duration => d.pick([{ amount: 7, unit: 'days' }, { amount: 30, unit: 'days' }, { amount: 90, unit: 'days' }, { amount: 36, unit: 'hours' }, { amount: 2, unit: 'weeks' }] as const);

function window(d: Dice, now: number): Window | undefined {
  const r = d.random();
  if (r < 0.3) return undefined;
  if (r < 0.75) return { last: duration(d) };
  const from = now - d.int(10, 120) * 86_400_000;
  return { from: new Date(from).toISOString(), to: new Date(from + d.int(5, 60) * 86_400_000).toISOString() };
}

/** A comparison on a value of the given kind; sometimes one that cannot hold (a type mismatch), on purpose. */
function comparison(d: Dice, kind: 'string' | 'number' | 'boolean' | 'date' | 'version' | 'any', values: readonly (string | number | boolean)[], now: number): { op: ComparisonOperator; value?: ComparisonValue } {
  const r = d.random();
  if (r < 0.1) return { op: d.pick(['exists', 'not_exists'] as const) };
  if (kind === 'date') {
    const at = new Date(now - d.int(0, 150) * 86_400_000).toISOString();
    return d.pick([{ op: 'before', value: at }, { op: 'after', value: at.slice(0, 10) }, { op: 'within_last', value: duration(d) }, { op: 'more_than_ago', value: duration(d) }] as const);
  }
  if (kind === 'version') {
    const v = d.pick(['2.3', '2.10.0', '10', '1.9.9']);
    return d.pick([{ op: 'gte', value: v }, { op: 'lt', value: v }, { op: 'eq', value: v }, { op: 'between', value: ['2', '3'] }] as const);
  }
  if (kind === 'number' || (kind === 'any' && typeof values[0] === 'number')) {
    const nums = values.filter((v): v is number => typeof v === 'number');
    const x = d.pick(nums.length > 0 ? nums : [1]);
    const y = x + d.int(0, 50);
    return d.pick([{ op: 'gt', value: x }, { op: 'gte', value: x }, { op: 'lt', value: x }, { op: 'lte', value: x }, { op: 'eq', value: x }, { op: 'neq', value: x }, { op: 'between', value: [x, y] }, { op: 'in', value: [x, y] }, { op: 'not_in', value: [x] }] as const);
  }
  if (kind === 'boolean') return { op: d.pick(['eq', 'neq'] as const), value: d.chance(0.5) };
  const strs = values.filter((v): v is string => typeof v === 'string');
  const s = d.pick(strs.length > 0 ? strs : ['x']);
  return d.pick([
    { op: 'eq', value: s },
    { op: 'neq', value: s },
    { op: 'in', value: d.some(strs.length > 0 ? strs : ['x']) },
    { op: 'not_in', value: [s] },
    { op: 'contains', value: s.slice(1, 3) || s },
    { op: 'not_contains', value: s.slice(0, 2) || s },
    { op: 'starts_with', value: s.slice(0, 2) || s },
    { op: 'ends_with', value: s.slice(-2) || s },
    // A number against a string value: can never hold (only for traits and properties, whose type the value decides).
    ...(kind === 'any' ? ([{ op: 'eq', value: 12 }] as const) : []),
  ] as const);
}

function eventMatch(d: Dice, now: number): EventMatch {
  const event = d.pick(shopVocabulary.events);
  if (!d.chance(0.5)) return { event };
  const filter = d.pick([
    () => ({ property: 'revenue', ...comparison(d, 'number', [20, 50, 120], now) }),
    () => ({ property: 'category', ...comparison(d, 'string', shopVocabulary.categories, now) }),
    () => ({ property: 'products[].category', ...comparison(d, 'string', shopVocabulary.categories, now) }),
    () => ({ property: 'price', ...comparison(d, 'any', [5, 12.5, 30], now) }),
    () => ({ property: 'path', ...comparison(d, 'string', shopVocabulary.paths, now) }),
    () => ({ property: 'plan', ...comparison(d, 'string', shopVocabulary.plans, now) }),
  ]);
  return { event, where: Array.from({ length: d.int(1, 2) }, () => filter()) };
}

const traitValues: Record<string, readonly (string | number | boolean)[]> = {
  plan: shopVocabulary.plans,
  age: [18, 30, 45, 65],
  vip: [true, false],
  email: ['ada@example.com', 'example', '.org'],
  score: ['12', 12],
  'address.country': shopVocabulary.countries,
};

/**
 * A random valid rule over the random shop's vocabulary: nested and / or / not and every kind of condition, with
 * operators that hold, that do not, and that can never hold (type mismatches). `segments` are ids rules may refer to.
 */
export function randomRule(d: Dice, now: number, segments: readonly string[]): SegmentRule {
  const node = (depth: number): RuleNode => {
    if (depth < 3 && d.chance(0.4)) {
      const kind = d.pick(['and', 'or', 'not'] as const);
      if (kind === 'not') return { type: 'not', condition: node(depth + 1) };
      return { type: kind, conditions: Array.from({ length: d.int(1, 3) }, () => node(depth + 1)) };
    }
    return condition();
  };
  const condition = (): RuleNode => {
    switch (d.int(0, 14)) {
      case 0:
      case 1: {
        const trait = d.pick([...Object.keys(traitValues), 'signup', 'app_version']);
        if (trait === 'signup') return { type: 'trait', trait, ...comparison(d, 'date', [], now) };
        if (trait === 'app_version') return { type: 'trait', trait, ...comparison(d, 'version', [], now) };
        const values = traitValues[trait]!;
        return { type: 'trait', trait, ...comparison(d, typeof values[0] === 'boolean' ? 'boolean' : 'any', values, now) };
      }
      case 2:
      case 3: {
        const feature: FeatureName = d.pick(featureNames);
        const type = featureTypes[feature];
        const values: Record<string, readonly (string | number | boolean)[]> = {
          number: [0, 1, 2, 3, 50, 120.5],
          string: ['GBP', 'en-GB', 'Europe/London', 'ios', 'web', 'Mobile Safari', 'Chrome', 'iOS', 'Rapport'],
          boolean: [true, false],
        };
        return { type: 'feature', feature, ...comparison(d, type, values[type] ?? [], now) };
      }
      case 4:
      case 5: {
        const counted = d.chance(0.6) ? { count: d.pick([{ op: 'gte', value: 1 }, { op: 'gte', value: 2 }, { op: 'eq', value: 0 }, { op: 'lt', value: 2 }, { op: 'lte', value: 1 }, { op: 'eq', value: 1 }, { op: 'neq', value: 0 }, { op: 'gt', value: 2 }] as const) } : {};
        const w = window(d, now);
        return { type: 'event', ...eventMatch(d, now), ...counted, ...(w === undefined ? {} : { window: w }) };
      }
      case 6: {
        const w = window(d, now);
        return { type: 'sequence', first: eventMatch(d, now), then: eventMatch(d, now), within: duration(d), ...(w === undefined ? {} : { window: w }) };
      }
      case 7:
        return d.chance(0.5)
          ? { type: 'rfm', segments: d.some(rfmSegmentNames) }
          : d.chance(0.7)
            ? { type: 'rfm', score: d.pick(['r', 'f', 'm'] as const), op: d.pick(['gte', 'lt', 'eq', 'neq'] as const), value: d.int(1, 5) }
            : { type: 'rfm', score: d.pick(['r', 'f', 'm'] as const), op: 'between', value: [2, 4] };
      case 8:
        return { type: 'lifecycle', stages: d.some(lifecycleStages) };
      case 9:
        return { type: 'engagement', activeDays: d.pick([{ op: 'gte', value: 2 }, { op: 'lt', value: 3 }, { op: 'eq', value: 0 }] as const), window: { last: duration(d) } };
      case 10: {
        const category = d.pick(shopVocabulary.categories);
        const r = d.random();
        return r < 0.33 ? { type: 'affinity', category, topK: d.int(1, 2) } : r < 0.66 ? { type: 'affinity', category, minShare: d.pick([0.1, 0.25, 0.5]) } : { type: 'affinity', category, topK: 2, minShare: 0.2 };
      }
      case 11: {
        const r = d.random();
        if (r < 0.25) return { type: 'location', country: d.some(shopVocabulary.countries) };
        if (r < 0.5) return { type: 'location', city: d.some(shopVocabulary.cities) };
        if (r < 0.75) return { type: 'location', geofence: d.pick(shopVocabulary.geofences) };
        return { type: 'location', near: { latitude: 51.5, longitude: d.pick([-0.12, 2.35]), radiusKm: d.pick([5, 50, 400]) } };
      }
      case 12:
        return d.chance(0.5)
          ? { type: 'local_time', part: 'hour', ...comparison(d, 'number', [0, 8, 12, 18, 23], now) }
          : { type: 'local_time', part: 'weekday', ...d.pick([{ op: 'in', value: [1, 2, 3] }, { op: 'gte', value: 6 }, { op: 'eq', value: 4 }] as const) };
      case 13:
        return d.chance(0.5) ? { type: 'consent', purpose: d.pick(shopVocabulary.purposes), granted: d.chance(0.6) } : segments.length > 0 ? { type: 'segment', segment: d.pick(segments), member: d.chance(0.7) } : { type: 'consent', purpose: 'marketing', granted: true };
      default: {
        const from = d.pick([0, 10, 33.33, 50]);
        return { type: 'bucket', seed: d.pick(['holdout', 'test-b']), from, to: Math.min(100, from + d.pick([10, 25, 50])) };
      }
    }
  };
  return { version: RULE_VERSION, root: node(1) };
}
