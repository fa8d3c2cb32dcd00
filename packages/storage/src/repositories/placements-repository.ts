import type { Executor } from './executor.js';
import type { Row } from '../schema.js';

/** A placement as stored; `experiences` and `default_content` are JSON text. */
export type PlacementRow = Row<'placements'>;

/** Named slots of apps and sites with the experiences they show (a shop has tens of them: no pagination). */
export class PlacementsRepository {
  async insert(db: Executor, row: PlacementRow): Promise<void> {
    await db.insertInto('placements').values(row).execute();
  }

  /** Changes some columns; false when no placement of the workspace has this id. */
  async update(db: Executor, workspaceId: string, id: string, changes: Partial<Omit<PlacementRow, 'workspace_id' | 'id' | 'key' | 'created_at'>>): Promise<boolean> {
    const r = await db.updateTable('placements').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** A placement by id or key. */
  async find(db: Executor, workspaceId: string, idOrKey: string): Promise<PlacementRow | undefined> {
    return db
      .selectFrom('placements')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', '=', idOrKey), eb('key', '=', idOrKey)]))
      .executeTakeFirst();
  }

  /** Every placement of a workspace, by key (sorted here, by code unit, so that both databases agree). */
  async list(db: Executor, workspaceId: string): Promise<PlacementRow[]> {
    const rows = await db.selectFrom('placements').selectAll().where('workspace_id', '=', workspaceId).execute();
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async remove(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const r = await db.deleteFrom('placements').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
