import type { ProfileFeaturesView, ProfileSummaryView, ProfileView, Purpose } from '@rapport/contracts';
import type { IdentityRow, ProfileRow } from '@rapport/storage';
import { consentView } from '../consent/index.js';
import { affinityShares, type Features } from './features.js';
import { profileFromRow } from './profile-state.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const round2 = (n: number) => Math.round(n * 100) / 100;

export function featuresView(f: Features): ProfileFeaturesView {
  return {
    firstSeenAt: iso(f.firstSeenAt),
    lastSeenAt: iso(f.lastSeenAt),
    eventCounts: f.eventCounts,
    pageViews: f.pageViews,
    screenViews: f.screenViews,
    sessions: f.sessions,
    orders: f.orders,
    revenue: round2(f.revenue),
    refunds: f.refunds,
    refundedRevenue: round2(f.refundedRevenue),
    netRevenue: round2(f.revenue - f.refundedRevenue),
    averageOrderValue: f.orders === 0 ? null : round2(f.revenue / f.orders),
    firstOrderAt: iso(f.firstOrderAt),
    lastOrderAt: iso(f.lastOrderAt),
    currency: f.currency,
    device: f.device,
    os: f.os,
    browser: f.browser,
    app: f.app,
    platform: f.platform,
    locale: f.locale,
    timezone: f.timezone,
    products: f.products,
    categories: f.categories,
    categoryAffinity: affinityShares(f.affinity),
    location: f.location === null ? null : { ...f.location, at: new Date(f.location.at).toISOString() },
  };
}

function idsOf(identities: readonly IdentityRow[]): { userIds: string[]; anonymousIds: string[] } {
  return {
    userIds: identities.filter((i) => i.kind === 'user').map((i) => i.value),
    anonymousIds: identities.filter((i) => i.kind === 'anonymous').map((i) => i.value),
  };
}

export function profileView(
  row: ProfileRow,
  identities: readonly IdentityRow[],
  purposes: readonly Purpose[],
  extra: Pick<ProfileView, 'lifecycleStage' | 'rfm'> = { lifecycleStage: null, rfm: null },
): ProfileView {
  const p = profileFromRow(row);
  return {
    id: p.id,
    ...idsOf(identities),
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
    traits: p.traits,
    groups: Object.fromEntries(Object.entries(p.groups).map(([id, g]) => [id, g.traits])),
    features: featuresView(p.features),
    consent: consentView(p.consent, purposes),
    ...extra,
  };
}

export function profileSummary(row: ProfileRow, identities: readonly IdentityRow[]): ProfileSummaryView {
  const p = profileFromRow(row);
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: p.id,
    ...idsOf(identities),
    email: text(p.traits['email']),
    name: text(p.traits['name']) ?? ([text(p.traits['firstName']), text(p.traits['lastName'])].filter(Boolean).join(' ') || null),
    lastSeenAt: iso(p.features.lastSeenAt),
    createdAt: new Date(p.createdAt).toISOString(),
  };
}
