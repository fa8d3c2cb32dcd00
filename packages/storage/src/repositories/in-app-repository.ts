import type { Executor } from './executor.js';
import type { Row } from '../schema.js';

/** An in-app message as stored. */
export type InAppMessageRow = Row<'in_app_messages'>;
/** A geofence a person is inside. */
export type GeofencePresenceRow = Row<'geofence_presence'>;

/** In-app messages (a shop has tens of them: no pagination), and the geofences people are inside. */
export class InAppRepository {
  async insert(db: Executor, row: InAppMessageRow): Promise<void> {
    await db.insertInto('in_app_messages').values(row).execute();
  }

  async update(db: Executor, workspaceId: string, id: string, changes: Partial<Omit<InAppMessageRow, 'workspace_id' | 'id' | 'key' | 'created_at'>>): Promise<void> {
    await db.updateTable('in_app_messages').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  }

  /** A message by id or key. */
  async find(db: Executor, workspaceId: string, idOrKey: string): Promise<InAppMessageRow | undefined> {
    return db
      .selectFrom('in_app_messages')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', '=', idOrKey), eb('key', '=', idOrKey)]))
      .executeTakeFirst();
  }

  /** Every message of a workspace, by key (sorted here, by code unit, so that both databases agree). */
  async list(db: Executor, workspaceId: string): Promise<InAppMessageRow[]> {
    const rows = await db.selectFrom('in_app_messages').selectAll().where('workspace_id', '=', workspaceId).execute();
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async remove(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const r = await db.deleteFrom('in_app_messages').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The geofences some people are inside. */
  async presenceOf(db: Executor, workspaceId: string, persons: readonly string[]): Promise<GeofencePresenceRow[]> {
    if (persons.length === 0) return [];
    return db.selectFrom('geofence_presence').selectAll().where('workspace_id', '=', workspaceId).where('person', 'in', persons).execute();
  }

  async enter(db: Executor, row: GeofencePresenceRow): Promise<void> {
    await db
      .insertInto('geofence_presence')
      .values(row)
      .onConflict((oc) => oc.columns(['workspace_id', 'person', 'geofence_key']).doNothing())
      .execute();
  }

  async touch(db: Executor, workspaceId: string, person: string, geofenceKey: string, changes: { seen_at: number; dwelled?: number }): Promise<void> {
    await db.updateTable('geofence_presence').set(changes).where('workspace_id', '=', workspaceId).where('person', '=', person).where('geofence_key', '=', geofenceKey).execute();
  }

  async leave(db: Executor, workspaceId: string, person: string, geofenceKeys: readonly string[]): Promise<void> {
    if (geofenceKeys.length === 0) return;
    await db.deleteFrom('geofence_presence').where('workspace_id', '=', workspaceId).where('person', '=', person).where('geofence_key', 'in', geofenceKeys).execute();
  }

  /** Deletes where some people are; the number of rows. */
  async forgetPresence(db: Executor, workspaceId: string, persons: readonly string[]): Promise<number> {
    if (persons.length === 0) return 0;
    const r = await db.deleteFrom('geofence_presence').where('workspace_id', '=', workspaceId).where('person', 'in', persons).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
