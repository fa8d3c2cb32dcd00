import type { Executor } from './executor.js';
import type { Row } from '../schema.js';

/** A geofence as stored; `shape` is JSON text (the engine's GeofenceShape). */
export type GeofenceRow = Row<'geofences'>;

/** Named places (circles and polygons) that segment rules and the SDK refer to by key. */
export class GeofencesRepository {
  async insert(db: Executor, row: GeofenceRow): Promise<void> {
    await db.insertInto('geofences').values(row).execute();
  }

  /** Changes some columns; false when no geofence of the workspace has this id. */
  async update(
    db: Executor,
    workspaceId: string,
    id: string,
    changes: Partial<Omit<GeofenceRow, 'workspace_id' | 'id' | 'created_at'>>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('geofences')
      .set(changes)
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async find(db: Executor, workspaceId: string, id: string): Promise<GeofenceRow | undefined> {
    return db
      .selectFrom('geofences')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findByKey(db: Executor, workspaceId: string, key: string): Promise<GeofenceRow | undefined> {
    return db
      .selectFrom('geofences')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  /** Every geofence of a workspace, by key (a shop has tens of them, not thousands: no pagination). */
  async list(db: Executor, workspaceId: string): Promise<GeofenceRow[]> {
    const rows = await db
      .selectFrom('geofences')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .execute();
    // Sorted here, by code unit, rather than by ORDER BY: a PostgreSQL database with a linguistic collation (en_US)
    // would put "store-b" and "store_a" in another order than SQLite does.
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Deletes a geofence; false when no geofence of the workspace has this id. */
  async remove(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const r = await db
      .deleteFrom('geofences')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
