import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { ruleSqlDialect, type JsonDoc, type RuleSqlDialect } from '../segments/rule-sql-dialect.js';
import type { Executor } from './executor.js';

const DAY_MS = 86_400_000;

/** A range of whole UTC days: times in [from, from + days × 24 h). `from` is a UTC midnight, in Unix milliseconds. */
export interface DayRange {
  readonly from: number;
  readonly days: number;
}

/** Counts of one day of a range; `day` is its index in the range (0: the first day). */
export interface DayEventCounts {
  readonly day: number;
  readonly events: number;
  readonly profiles: number;
}

export interface DayCount {
  readonly day: number;
  readonly count: number;
}

export interface DayCodeCount {
  readonly day: number;
  readonly code: string;
  readonly count: number;
}

/** People who chose, per purpose: `chosen` made a choice either way, `granted` of them granted. */
export interface ConsentCounts {
  readonly profiles: number;
  readonly purposes: readonly { readonly purpose: string; readonly chosen: number; readonly granted: number }[];
}

/**
 * The day of `column` in a range starting at `from`: `(column − from) / 86,400,000`. Both operands are integers in
 * both dialects (SQLite INTEGER, PostgreSQL BIGINT), so the division truncates, and the WHERE clause keeps
 * `column ≥ from`, so truncation is the floor: the same day number everywhere. `from` is written as a literal so that
 * the same expression can appear in GROUP BY on PostgreSQL (two bound parameters would be two expressions to it).
 */
function dayIndex(column: string, from: number): RawBuilder<number> {
  if (!Number.isSafeInteger(from)) throw new RangeError(`not a time in milliseconds: ${from}`);
  return sql<number>`((${sql.ref(column)} - ${sql.lit(from)}) / ${sql.lit(DAY_MS)})`;
}

const toNumber = (v: unknown): number => Number(v ?? 0);

/**
 * The figures of the overview (docs/statistics.md), each one aggregate query computed in the database: per-day counts
 * are grouped in SQL over index range scans (events by time and profile, profiles by creation time, rejected payloads
 * by receipt time), so that a year of a busy shop is never read into memory.
 */
export class StatsRepository {
  readonly #json: RuleSqlDialect;

  constructor(dialect: DialectName) {
    this.#json = ruleSqlDialect(dialect);
  }

  /** Events per day of the range by event time, and the distinct profiles they belong to. Days without events are absent. */
  async eventsPerDay(db: Executor, workspaceId: string, range: DayRange): Promise<DayEventCounts[]> {
    const rows = await db
      .selectFrom('events')
      .select((eb) => [dayIndex('timestamp', range.from).as('day'), eb.fn.countAll().as('events'), eb.fn.count('profile_id').distinct().as('profiles')])
      .where('workspace_id', '=', workspaceId)
      .where('timestamp', '>=', range.from)
      .where('timestamp', '<', range.from + range.days * DAY_MS)
      .groupBy(sql`day`)
      .execute();
    return rows.map((r) => ({ day: toNumber(r.day), events: toNumber(r.events), profiles: toNumber(r.profiles) }));
  }

  /**
   * Distinct profiles with an event whose time is in [since, until], for each `since` (one scan, from the earliest).
   * Answers in the order of `since`.
   */
  async activeProfilesSince(db: Executor, workspaceId: string, since: readonly number[], until: number): Promise<number[]> {
    if (since.length === 0) return [];
    const row = await db
      .selectFrom('events')
      .select((eb) => since.map((t, i) => eb.fn.count(eb.case().when('timestamp', '>=', t).then(eb.ref('profile_id')).end()).distinct().as(`since_${i}`)))
      .where('workspace_id', '=', workspaceId)
      .where('timestamp', '>=', Math.min(...since))
      .where('timestamp', '<=', until)
      .executeTakeFirst();
    const found = (row ?? {}) as Record<string, unknown>;
    return since.map((_, i) => toNumber(found[`since_${i}`]));
  }

  /** Profiles created per day of the range that are not merged into another. Days without any are absent. */
  async newProfilesPerDay(db: Executor, workspaceId: string, range: DayRange): Promise<DayCount[]> {
    const rows = await db
      .selectFrom('profiles')
      .select((eb) => [dayIndex('created_at', range.from).as('day'), eb.fn.countAll().as('count')])
      .where('workspace_id', '=', workspaceId)
      .where('created_at', '>=', range.from)
      .where('created_at', '<', range.from + range.days * DAY_MS)
      .where('merged_into', 'is', null)
      .groupBy(sql`day`)
      .execute();
    return rows.map((r) => ({ day: toNumber(r.day), count: toNumber(r.count) }));
  }

  /** Kept rejected payloads per day of the range (by receipt) and reason code. */
  async rejectedPerDay(db: Executor, workspaceId: string, range: DayRange): Promise<DayCodeCount[]> {
    const rows = await db
      .selectFrom('rejected_events')
      .select((eb) => [dayIndex('received_at', range.from).as('day'), 'code', eb.fn.countAll().as('count')])
      .where('workspace_id', '=', workspaceId)
      .where('received_at', '>=', range.from)
      .where('received_at', '<', range.from + range.days * DAY_MS)
      .groupBy([sql`day`, 'code'])
      .execute();
    return rows.map((r) => ({ day: toNumber(r.day), code: r.code, count: toNumber(r.count) }));
  }

  /** Live profiles (not merged into another), and how many of them have a userId. */
  async profileTotals(db: Executor, workspaceId: string): Promise<{ profiles: number; identified: number }> {
    const [profiles, identified] = await Promise.all([
      db.selectFrom('profiles').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).where('merged_into', 'is', null).executeTakeFirst(),
      // Identities follow merges to the surviving profile and are deleted with an erased one: each names a live profile.
      db.selectFrom('identities').select((eb) => eb.fn.count('profile_id').distinct().as('n')).where('workspace_id', '=', workspaceId).where('kind', '=', 'user').executeTakeFirst(),
    ]);
    return { profiles: toNumber(profiles?.n), identified: toNumber(identified?.n) };
  }

  /**
   * Per purpose, how many live profiles made a choice and how many of those granted it, read from each profile's
   * current consent (`{ "<purpose>": { "granted": true|false, … } }`) in one scan of the workspace's profiles.
   */
  async consentCounts(db: Executor, workspaceId: string, purposes: readonly string[]): Promise<ConsentCounts> {
    const consent: JsonDoc = { expr: sql.ref('consent') };
    const counted = (condition: RawBuilder<SqlBool>) => sql<number>`sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
    const row = await db
      .selectFrom('profiles')
      .select((eb) => [
        eb.fn.countAll().as('profiles'),
        ...purposes.flatMap((purpose, i) => [
          counted(this.#json.jsonIs(consent, [purpose, 'granted'], 'boolean')).as(`chosen_${i}`),
          counted(this.#json.jsonTrue(consent, [purpose, 'granted'])).as(`granted_${i}`),
        ]),
      ])
      .where('workspace_id', '=', workspaceId)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    const found = (row ?? {}) as Record<string, unknown>;
    return {
      profiles: toNumber(found['profiles']),
      purposes: purposes.map((purpose, i) => ({ purpose, chosen: toNumber(found[`chosen_${i}`]), granted: toNumber(found[`granted_${i}`]) })),
    };
  }

  /**
   * Events of the workspace appended to the log after `cursor` (the processor's position), and the receipt time of the
   * oldest of them (null when there are none). The log is read from the cursor on, by its primary key.
   */
  async unprocessed(db: Executor, workspaceId: string, cursor: number): Promise<{ events: number; oldestReceivedAt: number | null }> {
    const row = await db
      .selectFrom('event_log')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('received_at').as('oldest')])
      .where('seq', '>', cursor)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return { events: toNumber(row?.n), oldestReceivedAt: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) };
  }
}
