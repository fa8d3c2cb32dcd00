import type { CreateInvitationBody, InvitationView, UpdateUserBody, UserView } from '@rapport/contracts';
import { err, ok, randomToken, sha256Hex, uuidv7, type Clock, type Result } from '@rapport/core';
import type { Database, InvitationRow, Repositories, UserRow } from '@rapport/storage';
import type { AccountFailure } from './account-failures.js';
import { invitationView, normalizeEmail, userView } from './account-views.js';

export interface TeamServiceDependencies {
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  /** How long an invitation can be accepted. */
  readonly invitationMs: number;
}

/** A change to a user, with the user before and after it (for the audit log). */
export interface UserChange {
  readonly before: UserView;
  readonly after: UserView;
}

/**
 * The people of a workspace: invitations, roles, removal and the transfer of ownership. A workspace has exactly one
 * owner once set up: the owner can be neither removed nor given another role, only replaced by a transfer.
 */
export class TeamService {
  constructor(private readonly d: TeamServiceDependencies) {}

  async list(workspaceId: string): Promise<UserView[]> {
    return (await this.d.repos.accounts.listUsers(this.d.database.kysely, workspaceId)).map(userView);
  }

  async get(workspaceId: string, id: string): Promise<UserView | undefined> {
    const row = await this.d.repos.accounts.findUser(this.d.database.kysely, workspaceId, id);
    return row === undefined ? undefined : userView(row);
  }

  /** Renames a user or gives them another role (never the owner's role, never ownership). */
  async update(
    workspaceId: string,
    id: string,
    changes: UpdateUserBody,
  ): Promise<Result<UserChange, AccountFailure>> {
    const { database, repos, clock } = this.d;
    return database.writeTransaction(async (trx) => {
      const user = await repos.accounts.findUser(trx, workspaceId, id);
      if (user === undefined) return err({ reason: 'user_not_found' } as const);
      if (changes.role !== undefined && user.role === 'owner')
        return err({ reason: 'owner_protected' } as const);
      const updated: UserRow = {
        ...user,
        name: changes.name?.trim() ?? user.name,
        role: changes.role ?? user.role,
        updated_at: clock.now(),
      };
      await repos.accounts.updateUser(trx, id, {
        name: updated.name,
        role: updated.role,
        updated_at: updated.updated_at,
      });
      return ok({ before: userView(user), after: userView(updated) });
    });
  }

  /** Removes a user (never the owner) and ends their sessions at once. */
  async remove(workspaceId: string, id: string): Promise<Result<UserView, AccountFailure>> {
    const { database, repos } = this.d;
    return database.writeTransaction(async (trx) => {
      const user = await repos.accounts.findUser(trx, workspaceId, id);
      if (user === undefined) return err({ reason: 'user_not_found' } as const);
      if (user.role === 'owner') return err({ reason: 'owner_protected' } as const);
      await repos.accounts.deleteUser(trx, id);
      return ok(userView(user));
    });
  }

  /** Makes another user the owner; the owner who gives it away becomes an admin. */
  async transferOwnership(
    workspaceId: string,
    ownerId: string,
    toId: string,
  ): Promise<Result<{ owner: UserView; previousOwner: UserView }, AccountFailure>> {
    const { database, repos, clock } = this.d;
    return database.writeTransaction(async (trx) => {
      const owner = await repos.accounts.findUser(trx, workspaceId, ownerId);
      const next = await repos.accounts.findUser(trx, workspaceId, toId);
      if (next === undefined || owner === undefined) return err({ reason: 'user_not_found' } as const);
      if (owner.role !== 'owner' || next.id === owner.id) return err({ reason: 'owner_protected' } as const);
      const now = clock.now();
      await repos.accounts.updateUser(trx, owner.id, { role: 'admin', updated_at: now });
      await repos.accounts.updateUser(trx, next.id, { role: 'owner', updated_at: now });
      return ok({
        owner: userView({ ...next, role: 'owner', updated_at: now }),
        previousOwner: userView({ ...owner, role: 'admin', updated_at: now }),
      });
    });
  }

  /**
   * Invites someone: the answer holds the token, shown this once. Inviting an address again replaces its pending
   * invitation (and its token).
   */
  async invite(
    workspaceId: string,
    body: CreateInvitationBody,
    invitedBy: string,
  ): Promise<Result<{ invitation: InvitationView; token: string }, AccountFailure>> {
    const { database, repos, clock } = this.d;
    const email = normalizeEmail(body.email);
    const token = randomToken('inv_');
    const now = clock.now();
    const row: InvitationRow = {
      id: uuidv7(now),
      workspace_id: workspaceId,
      email,
      role: body.role,
      token_hash: sha256Hex(token),
      invited_by: invitedBy,
      created_at: now,
      expires_at: now + this.d.invitationMs,
    };
    return database.writeTransaction(async (trx) => {
      if ((await repos.accounts.findUserByEmail(trx, email)) !== undefined)
        return err({ reason: 'email_taken' } as const);
      await repos.accounts.insertInvitation(trx, row);
      return ok({ invitation: invitationView(row), token });
    });
  }

  /** Invitations that can still be accepted, newest first. */
  async invitations(workspaceId: string): Promise<InvitationView[]> {
    return (
      await this.d.repos.accounts.listInvitations(this.d.database.kysely, workspaceId, this.d.clock.now())
    ).map(invitationView);
  }

  /** Withdraws an invitation: its link stops working. */
  async revokeInvitation(workspaceId: string, id: string): Promise<Result<void, AccountFailure>> {
    const deleted = await this.d.repos.accounts.deleteInvitation(this.d.database.kysely, workspaceId, id);
    return deleted ? ok(undefined) : err({ reason: 'invitation_not_found' });
  }
}
