import { chunksOf, type Executor } from './executor.js';
import type { Row } from '../schema.js';

export type SuppressionRow = Row<'suppressions'>;
export type PrivacyRequestRow = Row<'privacy_requests'>;

/** Suppressions (hashed identifiers of erased people) and the log of privacy requests. */
export class PrivacyRepository {
  async suppress(db: Executor, rows: readonly SuppressionRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 4)) await db.insertInto('suppressions').values(chunk).onConflict((oc) => oc.doNothing()).execute();
  }

  async findSuppressed(db: Executor, workspaceId: string, hashes: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const chunk of chunksOf([...new Set(hashes)], 1)) {
      const rows = await db.selectFrom('suppressions').select('id_hash').where('workspace_id', '=', workspaceId).where('id_hash', 'in', chunk).execute();
      for (const r of rows) found.add(r.id_hash);
    }
    return found;
  }

  async allSuppressed(db: Executor): Promise<SuppressionRow[]> {
    return db.selectFrom('suppressions').selectAll().execute();
  }

  /**
   * A workspace's suppressions, newest first, after the `(created_at, id_hash)` of the last one seen. Read without an
   * index by time: the list grows by a few rows per erased person, and erasures are rare.
   */
  async listSuppressions(db: Executor, workspaceId: string, limit: number, after?: { createdAt: number; idHash: string }): Promise<SuppressionRow[]> {
    let q = db.selectFrom('suppressions').selectAll().where('workspace_id', '=', workspaceId);
    if (after !== undefined) {
      q = q.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id_hash', '<', after.idHash)])]));
    }
    return q.orderBy('created_at', 'desc').orderBy('id_hash', 'desc').limit(limit).execute();
  }

  async insertRequest(db: Executor, row: PrivacyRequestRow): Promise<void> {
    await db.insertInto('privacy_requests').values(row).execute();
  }

  async updateRequest(db: Executor, id: string, changes: Partial<Pick<PrivacyRequestRow, 'status' | 'report' | 'completed_at'>>): Promise<void> {
    await db.updateTable('privacy_requests').set(changes).where('id', '=', id).execute();
  }

  async findRequest(db: Executor, workspaceId: string, id: string): Promise<PrivacyRequestRow | undefined> {
    return db.selectFrom('privacy_requests').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  async listRequests(db: Executor, workspaceId: string, limit: number, beforeId?: string): Promise<PrivacyRequestRow[]> {
    let q = db.selectFrom('privacy_requests').selectAll().where('workspace_id', '=', workspaceId);
    if (beforeId !== undefined) q = q.where('id', '<', beforeId);
    return q.orderBy('id', 'desc').limit(limit).execute();
  }

  /** Rejected payloads that carry one of these identifiers. */
  async deleteRejectedOf(db: Executor, workspaceId: string, ids: { userIds: readonly string[]; anonymousIds: readonly string[] }): Promise<number> {
    let n = 0;
    for (const chunk of chunksOf(ids.userIds, 1)) {
      n += Number((await db.deleteFrom('rejected_events').where('workspace_id', '=', workspaceId).where('user_id', 'in', chunk).executeTakeFirst()).numDeletedRows);
    }
    for (const chunk of chunksOf(ids.anonymousIds, 1)) {
      n += Number((await db.deleteFrom('rejected_events').where('workspace_id', '=', workspaceId).where('anonymous_id', 'in', chunk).executeTakeFirst()).numDeletedRows);
    }
    return n;
  }

  async rejectedOf(db: Executor, workspaceId: string, ids: { userIds: readonly string[]; anonymousIds: readonly string[] }): Promise<Row<'rejected_events'>[]> {
    if (ids.userIds.length === 0 && ids.anonymousIds.length === 0) return [];
    return db
      .selectFrom('rejected_events')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => {
        const terms = [];
        if (ids.userIds.length > 0) terms.push(eb('user_id', 'in', ids.userIds));
        if (ids.anonymousIds.length > 0) terms.push(eb('anonymous_id', 'in', ids.anonymousIds));
        return eb.or(terms);
      })
      .orderBy('received_at')
      .execute();
  }
}
