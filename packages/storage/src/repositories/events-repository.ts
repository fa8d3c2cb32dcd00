import { sql, type AliasableExpression, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { chunksOf, pushAll, type Executor } from './executor.js';
import type { Row, Tables } from '../schema.js';

export type EventRow = Row<'events'>;

/** An event as behaviour conditions read it: its payload only when a property filter needs it. */
export interface BehaviourRow {
  readonly profile_id: string;
  readonly seq: number;
  readonly type: string;
  readonly event: string | null;
  readonly timestamp: number;
  readonly payload: string | null;
}

/**
 * The condition that an event is one of `names`: track event names, or `$page`-style types (for events that are not
 * track events). A name list with neither is a condition no event meets.
 */
function isNamed(eb: ExpressionBuilder<Tables, 'events'>, names: readonly string[]): Expression<SqlBool> {
  const tracks = names.filter((n) => !n.startsWith('$'));
  const types = names.filter((n) => n.startsWith('$')).map((n) => n.slice(1));
  const parts: Expression<SqlBool>[] = [];
  if (tracks.length > 0) parts.push(eb('event', 'in', tracks));
  if (types.length > 0) parts.push(eb.and([eb('event', 'is', null), eb('type', 'in', types)]));
  return parts.length === 0 ? sql<SqlBool>`1 = 0` : eb.or(parts);
}

/** What behaviour conditions read of one event name: its events since a time, their properties since another. */
export interface EventNameRead {
  /** A track event name, or `$` and a type (`$page`) for events that are not track events. */
  readonly name: string;
  /** The earliest time read (Unix ms); null: ever. */
  readonly since: number | null;
  /** The earliest time whose payload is read; null: ever; undefined: never. */
  readonly propertiesSince?: number | null;
}

/** Events of one name in [from, until) (null: unbounded), with or without their payload. */
interface NameRange {
  readonly name: string;
  readonly from: number | null;
  readonly until: number | null;
  readonly payload: boolean;
}

/**
 * The ranges a read takes: its events without a payload, and those whose properties a filter reads (from
 * `propertiesSince` on) with it. A range without the payload is read from the `events_profile_event` index alone (it
 * holds seq too), without a look at the table's rows.
 */
function rangesOf(r: EventNameRead): NameRange[] {
  const { name, since } = r;
  if (r.propertiesSince === undefined) return [{ name, from: since, until: null, payload: false }];
  if (r.propertiesSince === null || (since !== null && r.propertiesSince <= since)) return [{ name, from: since, until: null, payload: true }];
  return [
    { name, from: since, until: r.propertiesSince, payload: false },
    { name, from: r.propertiesSince, until: null, payload: true },
  ];
}

/** The condition that an event has the range's name (see isNamed) and a time in the range. */
function inRange(eb: ExpressionBuilder<Tables, 'events'>, range: NameRange): Expression<SqlBool> {
  const parts = [isNamed(eb, [range.name])];
  if (range.from !== null) parts.push(eb('timestamp', '>=', range.from));
  if (range.until !== null) parts.push(eb('timestamp', '<', range.until));
  return eb.and(parts);
}

/** Processed events, attributed to profiles. */
export class EventsRepository {
  /**
   * The payload column's NULL, typed: PostgreSQL types a bare NULL of UNION ALL branches as text, which then cannot be
   * unioned with a later branch's jsonb payload.
   */
  readonly #noPayload: RawBuilder<string | null>;

  constructor(dialect: DialectName) {
    this.#noPayload = dialect === 'postgres' ? sql<string | null>`null::jsonb` : sql<string | null>`null`;
  }

  async insertMany(db: Executor, rows: readonly EventRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 13)) await db.insertInto('events').values(chunk).execute();
  }

  async reassignProfile(db: Executor, workspaceId: string, from: string, to: string): Promise<void> {
    await db.updateTable('events').set({ profile_id: to }).where('workspace_id', '=', workspaceId).where('profile_id', '=', from).execute();
  }

  /** A profile's events, newest first; `before` is the (timestamp, seq) of the last event of the previous page. */
  async timeline(
    db: Executor,
    options: {
      workspaceId: string;
      profileId: string;
      limit: number;
      before?: { timestamp: number; seq: number } | undefined;
      event?: string | undefined;
      type?: string | undefined;
    },
  ): Promise<EventRow[]> {
    let q = db.selectFrom('events').selectAll().where('workspace_id', '=', options.workspaceId).where('profile_id', '=', options.profileId);
    if (options.event !== undefined) q = q.where('event', '=', options.event);
    if (options.type !== undefined) q = q.where('type', '=', options.type);
    const before = options.before;
    if (before !== undefined) {
      q = q.where((eb) => eb.or([eb('timestamp', '<', before.timestamp), eb.and([eb('timestamp', '=', before.timestamp), eb('seq', '<', before.seq)])]));
    }
    return q.orderBy('timestamp', 'desc').orderBy('seq', 'desc').limit(options.limit).execute();
  }

  /** All events of some profiles, oldest first, `limit` at a time after `afterSeq` (for exports). */
  async ofProfiles(db: Executor, workspaceId: string, profileIds: readonly string[], afterSeq: number, limit: number): Promise<EventRow[]> {
    if (profileIds.length === 0) return [];
    return db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('profile_id', 'in', profileIds)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  async deleteOfProfiles(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    if (profileIds.length === 0) return 0;
    const r = await db.deleteFrom('events').where('workspace_id', '=', workspaceId).where('profile_id', 'in', profileIds).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Deletes events older than `before` (event time) of one workspace, at most `limit`; returns their seqs. */
  async purgeOlderThan(db: Executor, workspaceId: string, before: number, limit: number): Promise<number[]> {
    const victims = await db
      .selectFrom('events')
      .select('seq')
      .where('workspace_id', '=', workspaceId)
      .where('timestamp', '<', before)
      .orderBy('timestamp')
      .limit(limit)
      .execute();
    const seqs = victims.map((v) => v.seq);
    for (const chunk of chunksOf(seqs, 1)) await db.deleteFrom('events').where('seq', 'in', chunk).execute();
    return seqs;
  }

  /**
   * The events of some profiles that behaviour conditions read, oldest first: of each name (a track name, or a
   * `$page`-style type), those since its own time (null: ever). The payload is read only where a property filter needs
   * it (from `propertiesSince`; undefined: never), to save reading and parsing the others. Each name of each person is a
   * range of the `events_profile_event` index: an active person's whole history is not walked for the few events a
   * name and its window keep, and the rows of events whose payload is not needed are not read at all.
   */
  async behaviourOf(db: Executor, workspaceId: string, profileIds: readonly string[], reads: readonly EventNameRead[]): Promise<BehaviourRow[]> {
    const found: BehaviourRow[] = [];
    if (reads.length === 0) return found;
    // A branch a range, each `profile_id IN (…)`: SQLite does not split an OR of names into ranges of the index itself.
    const ranges = reads.flatMap(rangesOf);
    for (const chunk of chunksOf([...new Set(profileIds)], ranges.length)) {
      const branches = ranges.map((range) =>
        db
          .selectFrom('events')
          .select((eb) => [
            'profile_id',
            'seq',
            // The branch's name says the type (`$page`: page; a track name: track), so that the index alone answers.
            eb.val(range.name.startsWith('$') ? range.name.slice(1) : 'track').as('type'),
            'event',
            'timestamp',
            (range.payload ? (eb.ref('payload') as AliasableExpression<string | null>) : this.#noPayload).as('payload'),
          ])
          .where('workspace_id', '=', workspaceId)
          .where('profile_id', 'in', chunk)
          .where((eb) => inRange(eb, range)),
      );
      const rows = (await branches.slice(1).reduce((q, b) => q.unionAll(b), branches[0]!).execute()) as BehaviourRow[];
      rows.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
      pushAll(found, rows);
    }
    return found;
  }

  /** The times of every event of some profiles since a time (null: ever), oldest first: engagement counts their days. */
  async timesOf(db: Executor, workspaceId: string, profileIds: readonly string[], since: number | null): Promise<{ profile_id: string; timestamp: number }[]> {
    const found: { profile_id: string; timestamp: number }[] = [];
    for (const chunk of chunksOf([...new Set(profileIds)], 1)) {
      let q = db.selectFrom('events').select(['profile_id', 'timestamp']).where('workspace_id', '=', workspaceId).where('profile_id', 'in', chunk);
      if (since !== null) q = q.where('timestamp', '>=', since);
      pushAll(found, await q.orderBy('profile_id').orderBy('timestamp').execute());
    }
    return found;
  }

  /**
   * Profiles with an event (of one of `names`, null for any) whose time is in [from, to): the people whose windows an
   * event left or entered as time went from one instant to another.
   */
  async profilesWithEventsBetween(db: Executor, workspaceId: string, options: { names: readonly string[] | null; from: number; to: number }): Promise<string[]> {
    let q = db.selectFrom('events').select('profile_id').distinct().where('workspace_id', '=', workspaceId).where('timestamp', '>=', options.from).where('timestamp', '<', options.to);
    const names = options.names;
    if (names !== null) q = q.where((eb) => isNamed(eb, names));
    return (await q.execute()).map((r) => r.profile_id);
  }

  /** Events with seq in (afterSeq, upToSeq] of the given names (track events), in seq order, at most `limit`. */
  async namedAfter(db: Executor, o: { afterSeq: number; upToSeq: number; names: readonly string[]; limit: number }): Promise<Pick<EventRow, 'seq' | 'workspace_id' | 'profile_id' | 'event' | 'timestamp' | 'payload'>[]> {
    return db
      .selectFrom('events')
      .select(['seq', 'workspace_id', 'profile_id', 'event', 'timestamp', 'payload'])
      .where('seq', '>', o.afterSeq)
      .where('seq', '<=', o.upToSeq)
      .where('event', 'in', o.names)
      .orderBy('seq')
      .limit(o.limit)
      .execute();
  }

  /** The newest seq among processed events (0 when there are none). */
  async lastSeq(db: Executor): Promise<number> {
    const row = await db.selectFrom('events').select((eb) => eb.fn.max<number>('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /**
   * The latest views of products by some profiles from `from` on and before the event at `beforeSeq`: at most
   * `perProfile` of each profile, oldest first (sessions of product views).
   */
  async viewsOf(
    db: Executor,
    workspaceId: string,
    profileIds: readonly string[],
    o: { from: number; beforeSeq: number; event: string; perProfile: number },
  ): Promise<{ profile_id: string; timestamp: number; payload: string }[]> {
    const found: { profile_id: string; timestamp: number; payload: string }[] = [];
    for (const chunk of chunksOf([...new Set(profileIds)], 1)) {
      pushAll(
        found,
        await db
          .selectFrom((eb) =>
            eb
              .selectFrom('events')
              .select(['profile_id', 'timestamp', 'seq', 'payload'])
              .select(sql<number>`row_number() over (partition by profile_id order by timestamp desc, seq desc)`.as('latest'))
              .where('workspace_id', '=', workspaceId)
              .where('profile_id', 'in', chunk)
              .where('event', '=', o.event)
              .where('timestamp', '>=', o.from)
              .where('seq', '<', o.beforeSeq)
              .as('views'),
          )
          .select(['profile_id', 'timestamp', 'payload'])
          .where('latest', '<=', o.perProfile)
          .orderBy('timestamp')
          .orderBy('seq')
          .execute(),
      );
    }
    return found;
  }

  async countOfProfiles(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    if (profileIds.length === 0) return 0;
    const row = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('profile_id', 'in', profileIds)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
