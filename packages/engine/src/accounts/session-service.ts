import type { Role } from '@rapport/contracts';
import { randomToken, sha256Hex, type Clock } from '@rapport/core';
import type { Database, Executor, Repositories, UserRow } from '@rapport/storage';

/** How long sessions last. */
export interface SessionLifetimes {
  /** A session ends after this long without a request. */
  readonly sessionIdleMs: number;
  /** …and this long after the login, whatever happens. */
  readonly sessionMaxMs: number;
}

/** A signed-in person, as every request authenticated by the session cookie sees them. */
export interface ActiveSession {
  /** SHA-256 of the session token: what the database keeps. */
  readonly idHash: string;
  readonly user: UserRow;
  readonly role: Role;
  readonly workspaceId: string;
  /** The token a request that changes something must send as X-CSRF-Token. */
  readonly csrfToken: string;
  /** Unix milliseconds of the absolute end. */
  readonly expiresAt: number;
}

/** A new session: the token for the cookie (shown this once) and the session. */
export interface SignedIn {
  readonly token: string;
  readonly session: ActiveSession;
}

/** The session's last request is written at most this often: reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The CSRF token of a session, derived from its token: only a page that can read the `rapport_csrf` cookie (the
 * dashboard, on Rapport's own origin) can send it back, and a cookie planted by another site cannot match a session.
 */
function csrfTokenOf(token: string): string {
  return sha256Hex(`csrf:${token}`);
}

/**
 * Sessions of signed-in people. The cookie holds a random 192-bit token; the database keeps its SHA-256 only, so that
 * a copy of the database opens no session. Each request reads the session with its user, so that a change of role,
 * the removal of a user or a logout takes effect at once.
 */
export class SessionService {
  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  /** Opens a session for `user` (inside the caller's transaction when `db` is one). */
  async start(db: Executor, user: UserRow): Promise<SignedIn> {
    const now = this.clock.now();
    const token = randomToken('ses_');
    const idHash = sha256Hex(token);
    const expiresAt = now + this.lifetimes.sessionMaxMs;
    await this.repos.accounts.insertSession(db, {
      id_hash: idHash,
      user_id: user.id,
      workspace_id: user.workspace_id,
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
    });
    return {
      token,
      session: {
        idHash,
        user,
        role: user.role as Role,
        workspaceId: user.workspace_id,
        csrfToken: csrfTokenOf(token),
        expiresAt,
      },
    };
  }

  /** The session of a cookie's token, or undefined when it is unknown, ended or expired (an expired one is deleted). */
  async resolve(token: string): Promise<ActiveSession | undefined> {
    const idHash = sha256Hex(token);
    const db = this.database.kysely;
    const found = await this.repos.accounts.findSession(db, idHash);
    if (found === undefined) return undefined;
    const { session, user } = found;
    const now = this.clock.now();
    if (now >= session.expires_at || now - session.last_seen_at >= this.lifetimes.sessionIdleMs) {
      await this.repos.accounts.deleteSession(db, idHash);
      return undefined;
    }
    if (now - session.last_seen_at >= TOUCH_EVERY_MS) await this.repos.accounts.touchSession(db, idHash, now);
    return {
      idHash,
      user,
      role: user.role as Role,
      workspaceId: user.workspace_id,
      csrfToken: csrfTokenOf(token),
      expiresAt: session.expires_at,
    };
  }

  /** Ends a session (logout). */
  async end(session: ActiveSession): Promise<void> {
    await this.repos.accounts.deleteSession(this.database.kysely, session.idHash);
  }
}
