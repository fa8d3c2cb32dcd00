import type { FeatureName, LifecycleSettings, Purpose, SegmentRule } from '@rapport/contracts';
import type { ConsentRecord } from '../consent/index.js';
import type { GeofenceShape } from '../geofences/index.js';
import type { RfmScore } from '../rfm/index.js';
import type { Features } from '../profiles/index.js';

export type { GeofenceShape };

/** A segment as rules refer to it. */
export interface SegmentDefinition {
  readonly id: string;
  readonly name: string;
  readonly purpose: string | null;
  readonly rule: SegmentRule;
}


/** What a rule refers to outside itself, as of one workspace. */
export interface RuleContext {
  readonly segments: ReadonlyMap<string, SegmentDefinition>;
  /** Geofences by key. */
  readonly geofences: ReadonlyMap<string, GeofenceShape>;
  readonly purposes: readonly Purpose[];
  readonly lifecycle: LifecycleSettings;
}

/** An event as behaviour conditions see it. */
export interface FactEvent {
  readonly seq: number;
  /** The track event name, or `$page`, `$screen`, `$identify`, `$group`, `$alias`. */
  readonly name: string;
  readonly timestamp: number;
  /** The event's properties, when a property filter needs them (null otherwise). */
  readonly properties: Readonly<Record<string, unknown>> | null;
}

/** A person's scores in the workspace's latest RFM model. */
export type RfmFacts = RfmScore;

/** Everything a rule can read of one person. */
export interface PersonFacts {
  readonly profileId: string;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly features: Features;
  readonly consent: Readonly<Record<string, ConsentRecord>>;
  /** The person has a userId. */
  readonly identified: boolean;
  readonly rfm: RfmFacts | null;
  /** Their events that behaviour conditions read, by name, oldest first (by time, then seq). */
  readonly events: ReadonlyMap<string, readonly FactEvent[]>;
  /** Days (UTC, as Unix days) with at least one event, for engagement; null when not loaded. */
  readonly eventTimes: readonly number[] | null;
}

/** Where each feature is in the features document; `null` for those computed from others. */
export const featurePaths: Readonly<Record<FeatureName, readonly string[] | null>> = {
  orders: ['orders'],
  revenue: ['revenue'],
  refunds: ['refunds'],
  refundedRevenue: ['refundedRevenue'],
  netRevenue: null,
  averageOrderValue: null,
  sessions: ['sessions'],
  pageViews: ['pageViews'],
  screenViews: ['screenViews'],
  productsViewed: ['products', 'viewed'],
  productsAdded: ['products', 'added'],
  productsPurchased: ['products', 'purchased'],
  firstSeenAt: ['firstSeenAt'],
  lastSeenAt: ['lastSeenAt'],
  firstOrderAt: ['firstOrderAt'],
  lastOrderAt: ['lastOrderAt'],
  currency: ['currency'],
  locale: ['locale'],
  timezone: ['timezone'],
  platform: ['platform'],
  deviceType: ['device', 'type'],
  deviceManufacturer: ['device', 'manufacturer'],
  deviceModel: ['device', 'model'],
  osName: ['os', 'name'],
  osVersion: ['os', 'version'],
  browserName: ['browser', 'name'],
  browserVersion: ['browser', 'version'],
  appName: ['app', 'name'],
  appVersion: ['app', 'version'],
  appBuild: ['app', 'build'],
  identified: null,
};

/** Reads a path of own properties of objects (never the prototype's); undefined when absent. */
export function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A feature's value, as the rule language defines it. */
export function featureValue(facts: Pick<PersonFacts, 'features' | 'identified'>, name: FeatureName): unknown {
  const f = facts.features;
  switch (name) {
    case 'netRevenue':
      return f.revenue - f.refundedRevenue;
    case 'averageOrderValue':
      return f.orders > 0 ? f.revenue / f.orders : null;
    case 'identified':
      return facts.identified;
    default:
      return readPath(f, featurePaths[name]!);
  }
}

/** Location fields of a person: the last known location, else the address or country traits. */
export function locationOf(facts: Pick<PersonFacts, 'features' | 'traits'>): { latitude: number | null; longitude: number | null; country: string | null; city: string | null } {
  const loc = facts.features.location;
  const text = (...candidates: unknown[]): string | null => (candidates.find((c) => typeof c === 'string') as string | undefined) ?? null;
  return {
    latitude: typeof loc?.latitude === 'number' ? loc.latitude : null,
    longitude: typeof loc?.longitude === 'number' ? loc.longitude : null,
    country: text(loc?.country, readPath(facts.traits, ['address', 'country']), readPath(facts.traits, ['country'])),
    city: text(loc?.city, readPath(facts.traits, ['address', 'city']), readPath(facts.traits, ['city'])),
  };
}
