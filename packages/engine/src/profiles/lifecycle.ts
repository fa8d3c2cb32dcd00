import type { LifecycleSettings, LifecycleStage } from '@rapport/contracts';
import type { Features } from './features.js';

const DAY_MS = 86_400_000;

/**
 * The lifecycle stage at `now`: from days without events (at risk, lapsed, churned, with the workspace's
 * thresholds), else new when first seen within `newDays`, else active. Null for a profile never seen.
 */
export function lifecycleStage(features: Pick<Features, 'firstSeenAt' | 'lastSeenAt'>, now: number, settings: LifecycleSettings): LifecycleStage | null {
  if (features.lastSeenAt === null || features.firstSeenAt === null) return null;
  const inactive = now - features.lastSeenAt;
  if (inactive > settings.churnedDays * DAY_MS) return 'churned';
  if (inactive > settings.lapsedDays * DAY_MS) return 'lapsed';
  if (inactive > settings.atRiskDays * DAY_MS) return 'at_risk';
  if (now - features.firstSeenAt <= settings.newDays * DAY_MS) return 'new';
  return 'active';
}
