import { sql, type Expression, type SqlBool } from 'kysely';
import { chunksOf, pushAll, type Executor } from './executor.js';
import { preparedQuery } from './prepared-query.js';
import type { NewRow, Row } from '../schema.js';

export type SegmentRow = Row<'segments'>;
export type SegmentMemberRow = Row<'segment_members'>;
export type SegmentChangeRow = Row<'segment_changes'>;
export type NewSegmentChange = NewRow<'segment_changes'>;

/** A compiled rule, over the profiles table aliased `p`. */
export type ProfileCondition = Expression<SqlBool>;

/** The segments one person is in. */
const membershipsOfOne = preparedQuery((db: Executor, workspaceId: string, profileId: string) =>
  db.selectFrom('segment_members').selectAll().where('workspace_id', '=', workspaceId).where('profile_id', '=', profileId),
);

/** Segment definitions, their members, the stream of membership changes and daily sizes. */
export class SegmentsRepository {
  async insert(db: Executor, row: SegmentRow): Promise<void> {
    await db.insertInto('segments').values(row).execute();
  }

  async update(db: Executor, workspaceId: string, id: string, changes: Partial<Omit<SegmentRow, 'workspace_id' | 'id'>>): Promise<void> {
    await db.updateTable('segments').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  }

  async find(db: Executor, workspaceId: string, id: string): Promise<SegmentRow | undefined> {
    return db.selectFrom('segments').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  async findByName(db: Executor, workspaceId: string, name: string): Promise<SegmentRow | undefined> {
    return db.selectFrom('segments').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).where('deleted_at', 'is', null).executeTakeFirst();
  }

  /** Segments of a workspace (deleted ones too with `withDeleted`, for the processor that removes their members). */
  async list(db: Executor, workspaceId: string, options: { withDeleted?: boolean } = {}): Promise<SegmentRow[]> {
    let q = db.selectFrom('segments').selectAll().where('workspace_id', '=', workspaceId);
    if (!options.withDeleted) q = q.where('deleted_at', 'is', null);
    return q.orderBy('created_at').orderBy('id').execute();
  }

  /** Every workspace with segments whose membership does not follow their definition yet. */
  async unbuilt(db: Executor): Promise<SegmentRow[]> {
    return db
      .selectFrom('segments')
      .selectAll()
      .where((eb) => eb.or([eb('built_version', '<', eb.ref('version')), eb('deleted_at', 'is not', null)]))
      .orderBy('updated_at')
      .execute();
  }

  async remove(db: Executor, workspaceId: string, id: string): Promise<void> {
    await db.deleteFrom('segments').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    await db.deleteFrom('segment_sizes').where('workspace_id', '=', workspaceId).where('segment_id', '=', id).execute();
  }

  // ---- evaluation ----

  /** Profiles (merged ones aside) that satisfy `condition`, counted. */
  async countMatching(db: Executor, workspaceId: string, condition: ProfileCondition): Promise<number> {
    const row = await db
      .selectFrom('profiles as p')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('p.workspace_id', '=', workspaceId)
      .where('p.merged_into', 'is', null)
      .where(condition)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Profiles (merged ones aside) that satisfy `condition`, and how many of them also satisfy `also` — in one pass, so
   * that a preview evaluates a rule once.
   */
  async countMatchingBoth(db: Executor, workspaceId: string, condition: ProfileCondition, also: ProfileCondition): Promise<{ matched: number; both: number }> {
    const row = await db
      .selectFrom('profiles as p')
      .select((eb) => [eb.fn.countAll<number>().as('matched'), sql<number>`coalesce(sum(CASE WHEN ${also} THEN 1 ELSE 0 END), 0)`.as('both')])
      .where('p.workspace_id', '=', workspaceId)
      .where('p.merged_into', 'is', null)
      .where(condition)
      .executeTakeFirst();
    return { matched: Number(row?.matched ?? 0), both: Number(row?.both ?? 0) };
  }

  /** Ids of profiles that satisfy `condition`, in id order, `limit` after `afterId`. */
  async idsMatching(db: Executor, workspaceId: string, condition: ProfileCondition, options: { limit: number; afterId?: string; only?: readonly string[] }): Promise<string[]> {
    let q = db.selectFrom('profiles as p').select('p.id').where('p.workspace_id', '=', workspaceId).where('p.merged_into', 'is', null).where(condition);
    if (options.afterId !== undefined) q = q.where('p.id', '>', options.afterId);
    if (options.only !== undefined) q = q.where('p.id', 'in', options.only.length === 0 ? [''] : options.only);
    const rows = await q.orderBy('p.id').limit(options.limit).execute();
    return rows.map((r) => r.id);
  }

  /** Whole profile rows (merged ones aside) in id order, `limit` after `afterId`: for evaluating rules in JavaScript. */
  async profileRows(db: Executor, workspaceId: string, options: { limit: number; afterId?: string }): Promise<Row<'profiles'>[]> {
    let q = db.selectFrom('profiles').selectAll().where('workspace_id', '=', workspaceId).where('merged_into', 'is', null);
    if (options.afterId !== undefined) q = q.where('id', '>', options.afterId);
    return q.orderBy('id').limit(options.limit).execute();
  }

  /** Profiles that satisfy `condition` and are not members of the segment yet (one evaluation of the condition). */
  async idsToAdd(db: Executor, workspaceId: string, segmentId: string, condition: ProfileCondition): Promise<string[]> {
    const rows = await db
      .selectFrom('profiles as p')
      .select('p.id')
      .where('p.workspace_id', '=', workspaceId)
      .where('p.merged_into', 'is', null)
      .where(condition)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('segment_members as m').select('m.profile_id').whereRef('m.workspace_id', '=', 'p.workspace_id').where('m.segment_id', '=', segmentId).whereRef('m.profile_id', '=', 'p.id'))),
      )
      .orderBy('p.id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Members of the segment whose profile no longer satisfies `condition` (or no longer exists). */
  async idsToRemove(db: Executor, workspaceId: string, segmentId: string, condition: ProfileCondition): Promise<string[]> {
    const rows = await db
      .selectFrom('segment_members as m')
      .leftJoin('profiles as p', (j) => j.onRef('p.workspace_id', '=', 'm.workspace_id').onRef('p.id', '=', 'm.profile_id'))
      .select('m.profile_id')
      .where('m.workspace_id', '=', workspaceId)
      .where('m.segment_id', '=', segmentId)
      .where((eb) => eb.or([eb('p.id', 'is', null), eb('p.merged_into', 'is not', null), eb.not(condition)]))
      .orderBy('m.profile_id')
      .execute();
    return rows.map((r) => r.profile_id);
  }

  /** Of these ids, those of live profiles (not merged, not erased). */
  async liveProfileIds(db: Executor, workspaceId: string, ids: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    for (const chunk of chunksOf(ids, 1)) {
      const rows = await db.selectFrom('profiles').select('id').where('workspace_id', '=', workspaceId).where('merged_into', 'is', null).where('id', 'in', chunk).execute();
      for (const r of rows) found.push(r.id);
    }
    return found;
  }

  /** Workspaces that have segments (deleted ones included, until their members are gone). */
  async workspaceIds(db: Executor): Promise<string[]> {
    return (await db.selectFrom('segments').select('workspace_id').distinct().execute()).map((r) => r.workspace_id);
  }

  /** Profiles of the workspace, merged ones aside. */
  async countProfiles(db: Executor, workspaceId: string): Promise<number> {
    const row = await db
      .selectFrom('profiles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  // ---- members ----

  /** Member ids of a segment in id order, `limit` after `afterId`. */
  async memberIds(db: Executor, workspaceId: string, segmentId: string, options: { limit: number; afterId?: string }): Promise<string[]> {
    let q = db.selectFrom('segment_members').select('profile_id').where('workspace_id', '=', workspaceId).where('segment_id', '=', segmentId);
    if (options.afterId !== undefined) q = q.where('profile_id', '>', options.afterId);
    const rows = await q.orderBy('profile_id').limit(options.limit).execute();
    return rows.map((r) => r.profile_id);
  }

  async members(db: Executor, workspaceId: string, segmentId: string, options: { limit: number; afterId?: string }): Promise<SegmentMemberRow[]> {
    let q = db.selectFrom('segment_members').selectAll().where('workspace_id', '=', workspaceId).where('segment_id', '=', segmentId);
    if (options.afterId !== undefined) q = q.where('profile_id', '>', options.afterId);
    return q.orderBy('profile_id').limit(options.limit).execute();
  }

  async countMembers(db: Executor, workspaceId: string, segmentId: string): Promise<number> {
    const row = await db
      .selectFrom('segment_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('segment_id', '=', segmentId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The memberships of some profiles. */
  async membershipsOf(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<SegmentMemberRow[]> {
    // One person (a decision, on every request): a prepared query.
    if (profileIds.length === 1) return membershipsOfOne(db, workspaceId, profileIds[0]!);
    const found: SegmentMemberRow[] = [];
    for (const chunk of chunksOf([...new Set(profileIds)], 1)) {
      pushAll(found, await db.selectFrom('segment_members').selectAll().where('workspace_id', '=', workspaceId).where('profile_id', 'in', chunk).execute());
    }
    return found;
  }

  async addMembers(db: Executor, rows: readonly SegmentMemberRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 4)) {
      await db
        .insertInto('segment_members')
        .values(chunk)
        .onConflict((oc) => oc.columns(['workspace_id', 'segment_id', 'profile_id']).doNothing())
        .execute();
    }
  }

  async removeMembers(db: Executor, workspaceId: string, segmentId: string, profileIds: readonly string[]): Promise<void> {
    for (const chunk of chunksOf(profileIds, 1)) {
      await db.deleteFrom('segment_members').where('workspace_id', '=', workspaceId).where('segment_id', '=', segmentId).where('profile_id', 'in', chunk).execute();
    }
  }

  /** Deletes some profiles' memberships (erasure, merge); returns how many. */
  async removeMembershipsOf(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    let n = 0;
    for (const chunk of chunksOf(profileIds, 1)) {
      const r = await db.deleteFrom('segment_members').where('workspace_id', '=', workspaceId).where('profile_id', 'in', chunk).executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    return n;
  }

  /** Adds to the member counts of segments. */
  async adjustSizes(db: Executor, workspaceId: string, deltas: ReadonlyMap<string, number>): Promise<void> {
    for (const [id, delta] of deltas) {
      if (delta === 0) continue;
      await db
        .updateTable('segments')
        .set((eb) => ({ size: eb('size', '+', delta) }))
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    }
  }

  /** `id:version` of every segment of a workspace (deleted ones aside), in the order `list` gives. */
  async versions(db: Executor, workspaceId: string): Promise<{ id: string; version: number }[]> {
    return db.selectFrom('segments').select(['id', 'version']).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute();
  }

  /** Sets the member count of segments from their member rows. */
  async refreshSizes(db: Executor, workspaceId: string, segmentIds: readonly string[]): Promise<void> {
    for (const id of segmentIds) {
      await db
        .updateTable('segments')
        .set({ size: sql<number>`(SELECT count(*) FROM segment_members m WHERE m.workspace_id = ${workspaceId} AND m.segment_id = ${id})` })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    }
  }

  // ---- changes (history and signals) ----

  async addChanges(db: Executor, rows: readonly NewSegmentChange[]): Promise<void> {
    for (const chunk of chunksOf(rows, 6)) await db.insertInto('segment_changes').values(chunk).execute();
  }

  async changesOfProfiles(db: Executor, workspaceId: string, profileIds: readonly string[], options: { limit: number; beforeSeq?: number }): Promise<SegmentChangeRow[]> {
    if (profileIds.length === 0) return [];
    let q = db.selectFrom('segment_changes').selectAll().where('workspace_id', '=', workspaceId).where('profile_id', 'in', profileIds);
    if (options.beforeSeq !== undefined) q = q.where('seq', '<', options.beforeSeq);
    return q.orderBy('seq', 'desc').limit(options.limit).execute();
  }

  async changesAfter(db: Executor, workspaceId: string, options: { afterSeq: number; limit: number; segmentId?: string }): Promise<SegmentChangeRow[]> {
    let q = db.selectFrom('segment_changes').selectAll().where('workspace_id', '=', workspaceId).where('seq', '>', options.afterSeq);
    if (options.segmentId !== undefined) q = q.where('segment_id', '=', options.segmentId);
    return q.orderBy('seq').limit(options.limit).execute();
  }

  async reassignChanges(db: Executor, workspaceId: string, from: string, to: string): Promise<void> {
    await db.updateTable('segment_changes').set({ profile_id: to }).where('workspace_id', '=', workspaceId).where('profile_id', '=', from).execute();
  }

  async deleteChangesOf(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    let n = 0;
    for (const chunk of chunksOf(profileIds, 1)) {
      const r = await db.deleteFrom('segment_changes').where('workspace_id', '=', workspaceId).where('profile_id', 'in', chunk).executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    return n;
  }

  // ---- sizes over time ----

  /** Records today's size of every live segment of a workspace (one row per segment and UTC day). */
  async recordSizes(db: Executor, workspaceId: string, day: string): Promise<void> {
    const segments = await db.selectFrom('segments').select(['id', 'size']).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).execute();
    if (segments.length === 0) return;
    await db
      .insertInto('segment_sizes')
      .values(segments.map((s) => ({ workspace_id: workspaceId, segment_id: s.id, day, size: s.size })))
      .onConflict((oc) => oc.columns(['workspace_id', 'segment_id', 'day']).doUpdateSet({ size: (eb) => eb.ref('excluded.size') }))
      .execute();
  }

  async sizes(db: Executor, workspaceId: string, segmentId: string, fromDay: string): Promise<{ day: string; size: number }[]> {
    return db
      .selectFrom('segment_sizes')
      .select(['day', 'size'])
      .where('workspace_id', '=', workspaceId)
      .where('segment_id', '=', segmentId)
      .where('day', '>=', fromDay)
      .orderBy('day')
      .execute();
  }
}
