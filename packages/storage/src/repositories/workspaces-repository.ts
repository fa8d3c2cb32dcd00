import type { Executor } from './executor.js';
import type { Row } from '../schema.js';

export type WorkspaceRow = Row<'workspaces'>;

export class WorkspacesRepository {
  async insert(db: Executor, row: Omit<WorkspaceRow, 'identity_secret' | 'identity_secret_at'>): Promise<void> {
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

  /** Sets the identity secret; with `onlyIfMissing`, keeps one already set (two first readers at once agree). */
  async setIdentitySecret(db: Executor, id: string, secret: string, at: number, onlyIfMissing: boolean): Promise<void> {
    let q = db.updateTable('workspaces').set({ identity_secret: secret, identity_secret_at: at }).where('id', '=', id);
    if (onlyIfMissing) q = q.where('identity_secret', 'is', null);
    await q.execute();
  }
}
