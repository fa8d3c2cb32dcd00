import type { Purpose, StatsConsent, StatsDay, StatsOverview } from '@rapport/contracts';
import { err, ok, type Clock, type Result } from '@rapport/core';
import type { Database, DayRange, Repositories } from '@rapport/storage';
import { EVENTS_CURSOR, type ProcessorControl } from '../processor/index.js';
import type { WorkspaceService } from '../workspaces/index.js';

const DAY_MS = 86_400_000;
/** The rolling windows of `profiles.activeLast…`, in days. */
const ACTIVE_WINDOWS = [1, 7, 30] as const;
/** The longest series the overview answers: a year of days. */
export const MAX_STATS_DAYS = 365;

export interface StatsServiceDependencies {
  readonly database: Database;
  readonly repos: Repositories;
  readonly workspaces: WorkspaceService;
  /** Where the processor is, as this process last heard (its database cursor is read too). */
  readonly processor: Pick<ProcessorControl, 'cursor'>;
  readonly clock: Clock;
}

/** Why an overview was not computed: the query parameter at fault. */
export interface StatsFailure {
  readonly field: 'days' | 'until';
  readonly message: string;
}

/** Midnight UTC of a `YYYY-MM-DD` day, or undefined when it is no such day (2026-02-30). */
function parseDay(day: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const t = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day ? undefined : t;
}

const dayText = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** Per purpose: who chose either way, and the rate of those it is granted for, by choice or by default. */
function consentFigures(purposes: readonly Purpose[], counted: { profiles: number; purposes: readonly { chosen: number; granted: number }[] }): StatsConsent[] {
  return purposes.map((p, i) => {
    const c = counted.purposes[i] ?? { chosen: 0, granted: 0 };
    const unknown = Math.max(0, counted.profiles - c.chosen);
    const effective = c.granted + (p.default === 'granted' ? unknown : 0);
    return {
      purpose: p.id,
      default: p.default,
      granted: c.granted,
      denied: c.chosen - c.granted,
      unknown,
      grantedRate: counted.profiles === 0 ? null : effective / counted.profiles,
    };
  });
}

/**
 * The figures of the dashboard's overview (docs/statistics.md): per UTC day of a range, events, active and new people,
 * rejected payloads; totals of people now; consent per purpose; the processor's backlog. Every figure is one aggregate
 * query in the database; nothing is kept in memory between calls.
 */
export class StatsService {
  constructor(private readonly o: StatsServiceDependencies) {}

  /** The overview of `days` UTC days ending with `until` (`YYYY-MM-DD`; today by default). */
  async overview(workspaceId: string, options: { days: number; until?: string | undefined }): Promise<Result<StatsOverview, StatsFailure>> {
    const { database, repos, clock } = this.o;
    const db = database.kysely;
    if (!Number.isInteger(options.days) || options.days < 1 || options.days > MAX_STATS_DAYS) return err({ field: 'days', message: `days must be a whole number from 1 to ${MAX_STATS_DAYS}` });
    const now = clock.now();
    const last = options.until === undefined ? Math.floor(now / DAY_MS) * DAY_MS : parseDay(options.until);
    if (last === undefined) return err({ field: 'until', message: 'until must be a day of the calendar, YYYY-MM-DD' });
    const range: DayRange = { from: last - (options.days - 1) * DAY_MS, days: options.days };
    const workspace = await this.o.workspaces.get(workspaceId);
    const purposes = workspace.settings.purposes;
    const cursor = Math.max(this.o.processor.cursor, await repos.processor.cursor(db, EVENTS_CURSOR));

    const [events, created, rejected, totals, active, consent, backlog] = await Promise.all([
      repos.stats.eventsPerDay(db, workspaceId, range),
      repos.stats.newProfilesPerDay(db, workspaceId, range),
      repos.stats.rejectedPerDay(db, workspaceId, range),
      repos.stats.profileTotals(db, workspaceId),
      repos.stats.activeProfilesSince(db, workspaceId, ACTIVE_WINDOWS.map((d) => now - d * DAY_MS), now),
      repos.stats.consentCounts(db, workspaceId, purposes.map((p) => p.id)),
      repos.stats.unprocessed(database.log, workspaceId, cursor),
    ]);

    const days: StatsDay[] = Array.from({ length: range.days }, (_, i) => ({ day: dayText(range.from + i * DAY_MS), events: 0, activeProfiles: 0, newProfiles: 0, rejected: 0 }));
    for (const e of events) {
      const d = days[e.day];
      if (d !== undefined) Object.assign(d, { events: e.events, activeProfiles: e.profiles });
    }
    for (const c of created) {
      const d = days[c.day];
      if (d !== undefined) d.newProfiles = c.count;
    }
    const byCode = new Map<string, number>();
    for (const r of rejected) {
      const d = days[r.day];
      if (d !== undefined) d.rejected += r.count;
      byCode.set(r.code, (byCode.get(r.code) ?? 0) + r.count);
    }
    const [active1 = 0, active7 = 0, active30 = 0] = active;

    return ok({
      from: dayText(range.from),
      until: dayText(last),
      generatedAt: new Date(now).toISOString(),
      days,
      profiles: {
        total: totals.profiles,
        identified: totals.identified,
        identifiedShare: totals.profiles === 0 ? null : Math.min(1, totals.identified / totals.profiles),
        activeLast1Day: active1,
        activeLast7Days: active7,
        activeLast30Days: active30,
      },
      consent: consentFigures(purposes, consent),
      ingestion: {
        events: days.reduce((n, d) => n + d.events, 0),
        rejected: days.reduce((n, d) => n + d.rejected, 0),
        rejectedByCode: [...byCode].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
        unprocessed: backlog.events,
        oldestUnprocessedSeconds: backlog.oldestReceivedAt === null ? 0 : Math.max(0, (now - backlog.oldestReceivedAt) / 1000),
      },
    });
  }
}
