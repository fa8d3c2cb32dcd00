import { addAffinity, emptyFeatures, type Features } from './features.js';
import type { ProfileState } from './profile-state.js';

function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
function latest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}
function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/**
 * Features of one person known under two profiles. Counts add, first times take the earlier, last ones the later;
 * device and location come from whichever saw them last. Sessions add up, which counts two interleaved sessions
 * twice (docs/profiles.md); distinct product counts are recounted from the merged rows by the caller.
 */
export function mergeFeatures(a: Features, b: Features): Features {
  const out: Features = structuredClone(a);
  out.firstSeenAt = earliest(a.firstSeenAt, b.firstSeenAt);
  out.lastSeenAt = latest(a.lastSeenAt, b.lastSeenAt);
  addCounts(out.eventCounts, b.eventCounts);
  out.pageViews += b.pageViews;
  out.screenViews += b.screenViews;
  out.sessions += b.sessions;
  out.orders += b.orders;
  out.revenue += b.revenue;
  out.refunds += b.refunds;
  out.refundedRevenue += b.refundedRevenue;
  out.firstOrderAt = earliest(a.firstOrderAt, b.firstOrderAt);
  out.lastOrderAt = latest(a.lastOrderAt, b.lastOrderAt);
  if ((b.lastOrderAt ?? -Infinity) > (a.lastOrderAt ?? -Infinity) && b.currency !== null) out.currency = b.currency;
  if ((b.contextAt ?? -Infinity) > (a.contextAt ?? -Infinity)) {
    Object.assign(out, { device: b.device, os: b.os, browser: b.browser, app: b.app, platform: b.platform, locale: b.locale, timezone: b.timezone, contextAt: b.contextAt });
  }
  addCounts(out.categories.viewed, b.categories.viewed);
  addCounts(out.categories.added, b.categories.added);
  addCounts(out.categories.purchased, b.categories.purchased);
  if (b.affinity.at !== null) {
    for (const [category, score] of Object.entries(b.affinity.scores)) addAffinity(out.affinity, category, score, b.affinity.at);
  }
  if (b.location !== null && (out.location === null || b.location.at > out.location.at)) out.location = b.location;
  return out;
}

/** Folds `loser` into `winner` (in place) and empties `loser` into a tombstone that points at `winner`. */
export function mergeProfiles(winner: ProfileState, loser: ProfileState, now: number): void {
  for (const [key, value] of Object.entries(loser.traits)) {
    const t = loser.traitTimes[key] ?? 0;
    if (winner.traitTimes[key] === undefined || t > winner.traitTimes[key]!) {
      winner.traits[key] = value;
      winner.traitTimes[key] = t;
    }
  }
  for (const [purpose, record] of Object.entries(loser.consent)) {
    const current = winner.consent[purpose];
    if (current === undefined || record.at > current.at) winner.consent[purpose] = record;
  }
  for (const [groupId, group] of Object.entries(loser.groups)) {
    const current = winner.groups[groupId];
    if (current === undefined || group.at > current.at) winner.groups[groupId] = group;
  }
  winner.features = mergeFeatures(winner.features, loser.features);
  winner.createdAt = Math.min(winner.createdAt, loser.createdAt);
  winner.updatedAt = now;
  Object.assign(loser, { mergedInto: winner.id, traits: {}, traitTimes: {}, features: emptyFeatures(), consent: {}, groups: {}, updatedAt: now });
}
