import type { Executor } from './executor.js';
import type { Row } from '../schema.js';

export type WorkspaceRow = Row<'workspaces'>;

export class WorkspacesRepository {
  async insert(db: Executor, row: WorkspaceRow): Promise<void> {
    await db.insertInto('workspaces').values(row).execute();
  }

  async find(db: Executor, id: string): Promise<WorkspaceRow | undefined> {
    return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(db: Executor): Promise<WorkspaceRow[]> {
    return db.selectFrom('workspaces').selectAll().orderBy('created_at').execute();
  }

  async update(db: Executor, id: string, changes: { name?: string; settings?: string }): Promise<void> {
    await db.updateTable('workspaces').set(changes).where('id', '=', id).execute();
  }
}
