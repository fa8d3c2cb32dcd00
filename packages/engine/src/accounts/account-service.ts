import {
  passwordProblems,
  type AcceptInvitationBody,
  type ChangePasswordBody,
  type LoginBody,
  type Role,
  type SetupBody,
} from '@rapport/contracts';
import { err, ok, randomToken, sha256Hex, uuidv7, type Clock, type Result } from '@rapport/core';
import type { Database, Executor, Repositories, UserRow } from '@rapport/storage';
import type { AccountFailure } from './account-failures.js';
import { normalizeEmail } from './account-views.js';
import { LoginThrottle, type ThrottleLimit } from './login-throttle.js';
import { hashPassword, verifyPassword, type ScryptCost } from './password-hash.js';
import type { ActiveSession, SessionService, SignedIn } from './session-service.js';

export interface AccountServiceDependencies {
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly sessions: SessionService;
  readonly scrypt: ScryptCost;
  /** Failed logins allowed per e-mail address and client address (a client address alone gets ten times as many). */
  readonly loginLimit: ThrottleLimit;
}

/** A new user's details, once their token and password were checked. */
interface NewUser {
  readonly workspaceId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string;
}

/**
 * How people get in: the first-run setup of the owner, logins, accepted invitations and password changes. Each that
 * succeeds opens a session. Passwords are hashed with scrypt before any transaction opens: a hash takes a fraction
 * of a second, which must not be spent holding the database's write lock.
 */
export class AccountService {
  readonly #d: AccountServiceDependencies;
  readonly #perAccount: LoginThrottle;
  readonly #perClient: LoginThrottle;
  /** A hash checked when nobody has the address, so that the answer takes as long as for a real user. */
  #decoy: Promise<string> | undefined;

  constructor(deps: AccountServiceDependencies) {
    this.#d = deps;
    this.#perAccount = new LoginThrottle(deps.clock, deps.loginLimit);
    this.#perClient = new LoginThrottle(deps.clock, {
      ...deps.loginLimit,
      maxFailures: deps.loginLimit.maxFailures * 10,
    });
  }

  /**
   * A new one-time setup token for the workspace's owner account, or undefined when it has an owner. Every token made
   * before the owner exists stays valid; the first one used creates the owner and invalidates the others.
   */
  async setupToken(workspaceId: string): Promise<string | undefined> {
    const { database, repos, clock } = this.#d;
    if (await repos.accounts.hasOwner(database.kysely, workspaceId)) return undefined;
    const token = randomToken('setup_');
    await repos.accounts.insertSetupToken(database.kysely, {
      token_hash: sha256Hex(token),
      workspace_id: workspaceId,
      created_at: clock.now(),
    });
    return token;
  }

  /** Creates the owner with a setup token, and signs them in. */
  async setup(body: SetupBody): Promise<Result<SignedIn, AccountFailure>> {
    const email = normalizeEmail(body.email);
    const weak = this.#weak(body.password, email, body.name, '/password');
    if (weak !== undefined) return err(weak);
    const passwordHash = await hashPassword(body.password, this.#d.scrypt);
    const { repos } = this.#d;
    return this.#d.database.writeTransaction(async (trx) => {
      const token = await repos.accounts.findSetupToken(trx, sha256Hex(body.token));
      // Tokens are deleted when the owner is created: an unknown token after that means the setup was done.
      if (token === undefined)
        return err(
          (await repos.accounts.hasOwner(trx))
            ? ({ reason: 'setup_done' } as const)
            : ({ reason: 'invalid_token', path: '/token' } as const),
        );
      if (await repos.accounts.hasOwner(trx, token.workspace_id))
        return err({ reason: 'setup_done' } as const);
      const created = await this.#createUser(trx, {
        workspaceId: token.workspace_id,
        email,
        name: body.name,
        role: 'owner',
        passwordHash,
      });
      if (created.ok) await repos.accounts.deleteSetupTokens(trx, token.workspace_id);
      return created;
    });
  }

  /** Creates a user from an invitation (used up by it), and signs them in. */
  async acceptInvitation(body: AcceptInvitationBody): Promise<Result<SignedIn, AccountFailure>> {
    const { database, repos, clock } = this.#d;
    const tokenHash = sha256Hex(body.token);
    const invitation = await repos.accounts.findInvitationByHash(database.kysely, tokenHash);
    if (invitation === undefined || invitation.expires_at <= clock.now())
      return err({ reason: 'invalid_token', path: '/token' });
    const weak = this.#weak(body.password, invitation.email, body.name, '/password');
    if (weak !== undefined) return err(weak);
    const passwordHash = await hashPassword(body.password, this.#d.scrypt);
    return database.writeTransaction(async (trx) => {
      // Read again under the write lock: the same link opened twice creates one user.
      const still = await repos.accounts.findInvitationByHash(trx, tokenHash);
      if (still === undefined) return err({ reason: 'invalid_token', path: '/token' } as const);
      const created = await this.#createUser(trx, {
        workspaceId: still.workspace_id,
        email: still.email,
        name: body.name,
        role: still.role as Role,
        passwordHash,
      });
      if (created.ok) await repos.accounts.deleteInvitation(trx, still.workspace_id, still.id);
      return created;
    });
  }

  /**
   * Signs a person in by e-mail address and password. `client` (the client's IP address) throttles failures: too many
   * for the address from one client, or from one client overall, and the next attempt waits.
   */
  async login(body: LoginBody, client: string): Promise<Result<SignedIn, AccountFailure>> {
    const { database, repos, clock } = this.#d;
    const email = normalizeEmail(body.email);
    const keys = [`${email}\n${client}`, client] as const;
    const waitMs = Math.max(this.#perAccount.waitMs(keys[0]), this.#perClient.waitMs(keys[1]));
    if (waitMs > 0) return err({ reason: 'throttled', retryAfterSeconds: Math.ceil(waitMs / 1000) });
    const user = await repos.accounts.findUserByEmail(database.kysely, email);
    const matches =
      user === undefined
        ? (await verifyPassword(body.password, await this.#decoyHash()), false)
        : await verifyPassword(body.password, user.password_hash);
    if (user === undefined || !matches) {
      this.#perAccount.fail(keys[0]);
      this.#perClient.fail(keys[1]);
      return err({ reason: 'invalid_credentials' });
    }
    this.#perAccount.succeed(keys[0]);
    const now = clock.now();
    return database.writeTransaction(async (trx) => {
      await repos.accounts.updateUser(trx, user.id, { last_login_at: now });
      return ok(await this.#d.sessions.start(trx, { ...user, last_login_at: now }));
    });
  }

  /** Changes the signed-in person's password; their other sessions end. */
  async changePassword(
    session: ActiveSession,
    body: ChangePasswordBody,
  ): Promise<Result<void, AccountFailure>> {
    const { database, repos, clock } = this.#d;
    const user = await repos.accounts.findUser(database.kysely, session.workspaceId, session.user.id);
    if (user === undefined) return err({ reason: 'user_not_found' });
    if (!(await verifyPassword(body.currentPassword, user.password_hash)))
      return err({ reason: 'wrong_password' });
    const weak = this.#weak(body.newPassword, user.email, user.name, '/newPassword');
    if (weak !== undefined) return err(weak);
    const passwordHash = await hashPassword(body.newPassword, this.#d.scrypt);
    await database.writeTransaction(async (trx) => {
      await repos.accounts.updateUser(trx, user.id, { password_hash: passwordHash, updated_at: clock.now() });
      await repos.accounts.deleteSessionsOf(trx, user.id, session.idHash);
    });
    return ok(undefined);
  }

  #weak(password: string, email: string, name: string, path: string): AccountFailure | undefined {
    const problems = passwordProblems(password, { email, name });
    return problems.length === 0
      ? undefined
      : { reason: 'weak_password', problems: problems.map((message) => ({ path, message })) };
  }

  async #createUser(trx: Executor, user: NewUser): Promise<Result<SignedIn, AccountFailure>> {
    const { repos, clock } = this.#d;
    if ((await repos.accounts.findUserByEmail(trx, user.email)) !== undefined)
      return err({ reason: 'email_taken' });
    const now = clock.now();
    const row: UserRow = {
      id: uuidv7(now),
      workspace_id: user.workspaceId,
      email: user.email,
      name: user.name.trim(),
      role: user.role,
      password_hash: user.passwordHash,
      created_at: now,
      updated_at: now,
      last_login_at: now,
    };
    await repos.accounts.insertUser(trx, row);
    return ok(await this.#d.sessions.start(trx, row));
  }

  #decoyHash(): Promise<string> {
    this.#decoy ??= hashPassword(randomToken(''), this.#d.scrypt);
    return this.#decoy;
  }
}
