import type { Executor } from './executor.js';
import type { Row } from '../schema.js';

export type UserRow = Row<'users'>;
export type InvitationRow = Row<'invitations'>;
export type SessionRow = Row<'sessions'>;

/** Staff accounts: users, pending invitations, sessions and first-run setup tokens. */
export class AccountsRepository {
  async insertUser(db: Executor, row: UserRow): Promise<void> {
    await db.insertInto('users').values(row).execute();
  }

  async findUser(db: Executor, workspaceId: string, id: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('users')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The user with this (lower-cased) address, in any workspace. */
  async findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  /** A workspace's users, oldest first (a team has tens of people: no pagination). */
  async listUsers(db: Executor, workspaceId: string): Promise<UserRow[]> {
    return db
      .selectFrom('users')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** True when the workspace (any workspace, without one) has an owner. */
  async hasOwner(db: Executor, workspaceId?: string): Promise<boolean> {
    let q = db.selectFrom('users').select('id').where('role', '=', 'owner');
    if (workspaceId !== undefined) q = q.where('workspace_id', '=', workspaceId);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }

  async updateUser(
    db: Executor,
    id: string,
    changes: Partial<Pick<UserRow, 'name' | 'role' | 'password_hash' | 'updated_at' | 'last_login_at'>>,
  ): Promise<void> {
    await db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  /** Deletes a user and their sessions. */
  async deleteUser(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('sessions').where('user_id', '=', id).execute();
    await db.deleteFrom('users').where('id', '=', id).execute();
  }

  async insertInvitation(db: Executor, row: InvitationRow): Promise<void> {
    await db
      .deleteFrom('invitations')
      .where('workspace_id', '=', row.workspace_id)
      .where('email', '=', row.email)
      .execute();
    await db.insertInto('invitations').values(row).execute();
  }

  async findInvitationByHash(db: Executor, tokenHash: string): Promise<InvitationRow | undefined> {
    return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Pending invitations that have not expired at `now`, newest first. */
  async listInvitations(db: Executor, workspaceId: string, now: number): Promise<InvitationRow[]> {
    return db
      .selectFrom('invitations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .execute();
  }

  /** False when no invitation of the workspace has this id. */
  async deleteInvitation(db: Executor, workspaceId: string, id: string): Promise<boolean> {
    const r = await db
      .deleteFrom('invitations')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async insertSession(db: Executor, row: SessionRow): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  }

  /** A session with its user, in one read: every request signed in by cookie makes it. */
  async findSession(
    db: Executor,
    idHash: string,
  ): Promise<{ session: SessionRow; user: UserRow } | undefined> {
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select([
        'sessions.id_hash',
        'sessions.created_at as session_created_at',
        'sessions.expires_at',
        'sessions.last_seen_at',
      ])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const { id_hash, session_created_at, expires_at, last_seen_at, ...user } = row;
    return {
      session: {
        id_hash,
        user_id: user.id,
        workspace_id: user.workspace_id,
        created_at: session_created_at,
        expires_at,
        last_seen_at,
      },
      user,
    };
  }

  async touchSession(db: Executor, idHash: string, at: number): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
  }

  async deleteSession(db: Executor, idHash: string): Promise<void> {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** Ends every session of a user but `except` (the one that changed the password). */
  async deleteSessionsOf(db: Executor, userId: string, except?: string): Promise<void> {
    let q = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (except !== undefined) q = q.where('id_hash', '!=', except);
    await q.execute();
  }

  async insertSetupToken(db: Executor, row: Row<'setup_tokens'>): Promise<void> {
    await db.insertInto('setup_tokens').values(row).execute();
  }

  async findSetupToken(db: Executor, tokenHash: string): Promise<Row<'setup_tokens'> | undefined> {
    return db.selectFrom('setup_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async deleteSetupTokens(db: Executor, workspaceId: string): Promise<void> {
    await db.deleteFrom('setup_tokens').where('workspace_id', '=', workspaceId).execute();
  }

  /** Deletes sessions past their end (absolute, or idle since `idleBefore`) and expired invitations; returns how many. */
  async pruneExpired(db: Executor, now: number, idleBefore: number): Promise<number> {
    const sessions = await db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
      .executeTakeFirst();
    const invitations = await db.deleteFrom('invitations').where('expires_at', '<=', now).executeTakeFirst();
    return Number(sessions.numDeletedRows) + Number(invitations.numDeletedRows);
  }
}
