import { chunksOf, type Executor } from './executor.js';
import type { Row } from '../schema.js';

export type ConsentChangeRow = Row<'consent_changes'>;

/** The history of every consent change, per person and purpose. */
export class ConsentRepository {
  async insertMany(db: Executor, rows: readonly ConsentChangeRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 9)) await db.insertInto('consent_changes').values(chunk).execute();
  }

  async ofProfiles(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<ConsentChangeRow[]> {
    if (profileIds.length === 0) return [];
    return db
      .selectFrom('consent_changes')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('profile_id', 'in', profileIds)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  async reassign(db: Executor, workspaceId: string, from: string, to: string): Promise<void> {
    await db.updateTable('consent_changes').set({ profile_id: to }).where('workspace_id', '=', workspaceId).where('profile_id', '=', from).execute();
  }

  async deleteOfProfiles(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    if (profileIds.length === 0) return 0;
    const r = await db.deleteFrom('consent_changes').where('workspace_id', '=', workspaceId).where('profile_id', 'in', profileIds).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
