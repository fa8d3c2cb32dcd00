import type { Executor } from './executor.js';
import type { Row } from '../schema.js';

export type AuditRow = Row<'audit_log'>;

/** Filters of the audit log; every one is optional. Times are Unix milliseconds, `until` excluded. */
export interface AuditFilter {
  readonly actorId?: string | undefined;
  /** Any of these target ids. */
  readonly targetIds?: readonly string[] | undefined;
  readonly route?: string | undefined;
  readonly method?: string | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
}

/** The audit log of changes made through the dashboard and the admin API. */
export class AuditRepository {
  async insert(db: Executor, row: AuditRow): Promise<void> {
    await db.insertInto('audit_log').values(row).execute();
  }

  /** Entries newest first, `limit` of them, older than the entry `beforeId` when given. */
  async list(
    db: Executor,
    workspaceId: string,
    filter: AuditFilter,
    limit: number,
    beforeId?: string,
  ): Promise<AuditRow[]> {
    let q = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId);
    if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
    if (filter.targetIds !== undefined) q = q.where('target_id', 'in', filter.targetIds);
    if (filter.route !== undefined) q = q.where('route', '=', filter.route);
    if (filter.method !== undefined) q = q.where('method', '=', filter.method);
    if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
    if (filter.until !== undefined) q = q.where('at', '<', filter.until);
    if (beforeId !== undefined) q = q.where('id', '<', beforeId);
    return q.orderBy('id', 'desc').limit(limit).execute();
  }

  /** Deletes entries older than `before`; returns how many. */
  async prune(db: Executor, before: number): Promise<number> {
    const r = await db.deleteFrom('audit_log').where('at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
