/**
 * Features computed from a person's events as they are processed (see ProfileFeaturesSchema for the API shape).
 * Times are Unix milliseconds here and ISO strings in the API. Two groups serve two purposes: `analytics` (activity,
 * orders, device) and `personalization` (products, categories, affinity, location); a group is only updated while
 * the person consents to its purpose, and emptied when they withdraw.
 */
export interface Features {
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  eventCounts: Record<string, number>;
  pageViews: number;
  screenViews: number;
  sessions: number;
  orders: number;
  revenue: number;
  refunds: number;
  refundedRevenue: number;
  firstOrderAt: number | null;
  lastOrderAt: number | null;
  currency: string | null;
  device: { type: string | null; manufacturer: string | null; model: string | null } | null;
  os: { name: string | null; version: string | null } | null;
  browser: { name: string | null; version: string | null } | null;
  app: { name: string | null; version: string | null; build: string | null } | null;
  platform: string | null;
  locale: string | null;
  timezone: string | null;
  /** Event time of the context the device fields come from: later context wins. */
  contextAt: number | null;
  products: { viewed: number; added: number; purchased: number };
  categories: { viewed: Record<string, number>; added: Record<string, number>; purchased: Record<string, number> };
  /** Recency-weighted interest per category, decayed to `at`. */
  affinity: { scores: Record<string, number>; at: number | null };
  location: { country: string | null; region: string | null; city: string | null; latitude: number | null; longitude: number | null; at: number } | null;
}

export function emptyFeatures(): Features {
  return {
    ...emptyAnalytics(),
    ...emptyPersonalization(),
  };
}

export function emptyAnalytics(): Omit<Features, keyof ReturnType<typeof emptyPersonalization>> {
  return {
    firstSeenAt: null,
    lastSeenAt: null,
    eventCounts: {},
    pageViews: 0,
    screenViews: 0,
    sessions: 0,
    orders: 0,
    revenue: 0,
    refunds: 0,
    refundedRevenue: 0,
    firstOrderAt: null,
    lastOrderAt: null,
    currency: null,
    device: null,
    os: null,
    browser: null,
    app: null,
    platform: null,
    locale: null,
    timezone: null,
    contextAt: null,
  };
}

export function emptyPersonalization(): Pick<Features, 'products' | 'categories' | 'affinity' | 'location'> {
  return {
    products: { viewed: 0, added: 0, purchased: 0 },
    categories: { viewed: {}, added: {}, purchased: {} },
    affinity: { scores: {}, at: null },
    location: null,
  };
}

/** Affinity halves every 30 days without new interest. */
export const AFFINITY_HALF_LIFE_MS = 30 * 24 * 3600 * 1000;
/** Weights of interest: a purchase says more than a view. */
export const AFFINITY_WEIGHTS = { view: 1, add: 3, purchase: 5 } as const;
/** Categories kept per person; the weakest go first. */
export const MAX_AFFINITY_CATEGORIES = 100;
/** A gap without events that ends a session. */
export const SESSION_GAP_MS = 30 * 60 * 1000;

const decay = (ms: number) => Math.pow(0.5, ms / AFFINITY_HALF_LIFE_MS);

/** Adds interest `weight` in `category` at time `t`, decaying what was there. Late events add their decayed weight. */
export function addAffinity(affinity: Features['affinity'], category: string, weight: number, t: number): void {
  if (affinity.at === null || t >= affinity.at) {
    if (affinity.at !== null && t > affinity.at) {
      const f = decay(t - affinity.at);
      for (const c of Object.keys(affinity.scores)) affinity.scores[c] = affinity.scores[c]! * f;
    }
    affinity.at = t;
    affinity.scores[category] = (affinity.scores[category] ?? 0) + weight;
  } else {
    affinity.scores[category] = (affinity.scores[category] ?? 0) + weight * decay(affinity.at - t);
  }
  const keys = Object.keys(affinity.scores);
  if (keys.length > MAX_AFFINITY_CATEGORIES) {
    keys.sort((a, b) => affinity.scores[a]! - affinity.scores[b]!);
    for (const c of keys.slice(0, keys.length - MAX_AFFINITY_CATEGORIES)) delete affinity.scores[c];
  }
}

/**
 * Share of interest per category, strongest first, summing to 1. Every category decays by the same factor, so shares
 * do not change with time alone.
 */
export function affinityShares(affinity: Features['affinity']): Record<string, number> {
  const entries = Object.entries(affinity.scores).filter(([, s]) => s > 0);
  const total = entries.reduce((sum, [, s]) => sum + s, 0);
  if (total === 0) return {};
  return Object.fromEntries(entries.sort((a, b) => b[1] - a[1]).map(([c, s]) => [c, Math.round((s / total) * 1e6) / 1e6]));
}
