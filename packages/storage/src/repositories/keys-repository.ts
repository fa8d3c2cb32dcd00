import type { Executor } from './executor.js';
import type { Row } from '../schema.js';

export type ApiKeyRow = Row<'api_keys'>;

export class KeysRepository {
  async insert(db: Executor, row: ApiKeyRow): Promise<void> {
    await db.insertInto('api_keys').values(row).execute();
  }

  async findByHash(db: Executor, keyHash: string): Promise<ApiKeyRow | undefined> {
    return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
  }

  async find(db: Executor, workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
    return db.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  }

  async list(db: Executor, workspaceId: string): Promise<ApiKeyRow[]> {
    return db.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
  }

  async revoke(db: Executor, workspaceId: string, id: string, at: number): Promise<void> {
    await db.updateTable('api_keys').set({ revoked_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
  }

  async touch(db: Executor, ids: readonly string[], at: number): Promise<void> {
    if (ids.length === 0) return;
    await db.updateTable('api_keys').set({ last_used_at: at }).where('id', 'in', ids).execute();
  }
}
