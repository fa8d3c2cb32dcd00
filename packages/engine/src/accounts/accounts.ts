import type { Clock, Logger } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';
import type { PrivacyRegistry } from '../privacy/index.js';
import { AccountService } from './account-service.js';
import { AuditLog } from './audit-log.js';
import { defaultScryptCost, type ScryptCost } from './password-hash.js';
import { SessionService } from './session-service.js';
import { TeamService } from './team-service.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How long sessions, invitations and audit entries last, and how logins are throttled. */
export interface AccountSettings {
  /** A session ends after this long without a request (default 8 hours). */
  readonly sessionIdleMs: number;
  /** …and this long after the login (default 7 days). */
  readonly sessionMaxMs: number;
  /** How long an invitation can be accepted (default 7 days). */
  readonly invitationMs: number;
  /** Audit entries are deleted after this long (default 365 days). */
  readonly auditRetentionMs: number;
  /** Failed logins allowed per e-mail address and client address within `loginWindowMs` (default 5 in 15 minutes). */
  readonly loginMaxFailures: number;
  readonly loginWindowMs: number;
  /** The cost of password hashes (tests lower it: a hash of the default cost takes 0.2 to 0.4 s). */
  readonly scrypt: ScryptCost;
}

export const defaultAccountSettings: AccountSettings = {
  sessionIdleMs: 8 * 60 * MINUTE,
  sessionMaxMs: 7 * DAY,
  invitationMs: 7 * DAY,
  auditRetentionMs: 365 * DAY,
  loginMaxFailures: 5,
  loginWindowMs: 15 * MINUTE,
  scrypt: defaultScryptCost,
};

/** The accounts of the people who use the dashboard, their sessions and the audit log of their changes. */
export interface Accounts {
  readonly settings: AccountSettings;
  /** Setup, login, invitations accepted, password changes. */
  readonly access: AccountService;
  /** Users and invitations of a workspace. */
  readonly team: TeamService;
  readonly sessions: SessionService;
  readonly audit: AuditLog;
  /** Deletes ended sessions, expired invitations and audit entries past their retention. */
  prune(): Promise<number>;
}

export interface AccountsDependencies {
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly settings?: Partial<AccountSettings> | undefined;
}

export function createAccounts(deps: AccountsDependencies): Accounts {
  const { database, repos, clock } = deps;
  const settings: AccountSettings = { ...defaultAccountSettings, ...deps.settings };
  const sessions = new SessionService(database, repos, clock, settings);
  return {
    settings,
    access: new AccountService({
      database,
      repos,
      clock,
      sessions,
      scrypt: settings.scrypt,
      loginLimit: { maxFailures: settings.loginMaxFailures, windowMs: settings.loginWindowMs },
    }),
    team: new TeamService({ database, repos, clock, invitationMs: settings.invitationMs }),
    sessions,
    audit: new AuditLog(database, repos, clock),
    prune: async () => {
      const now = clock.now();
      const expired = await repos.accounts.pruneExpired(database.kysely, now, now - settings.sessionIdleMs);
      return expired + (await repos.audit.prune(database.kysely, now - settings.auditRetentionMs));
    },
  };
}

/**
 * The accounts' tables hold personal data of the shop's staff, not of its customers: they are managed through the
 * users API (a removed user's row and sessions go at once), not by a customer's export or erasure.
 */
export function declareAccountsNonPersonalTables(registry: PrivacyRegistry): void {
  const staff = "the shop's staff, not its customers";
  registry.declareNonPersonal(
    'users',
    `dashboard accounts of ${staff} (e-mail, name, role, scrypt hash); removed through DELETE /api/v1/users/{id}`,
  );
  registry.declareNonPersonal(
    'invitations',
    `pending invitations of ${staff} (e-mail, role, token hash); deleted when accepted, revoked or expired`,
  );
  registry.declareNonPersonal(
    'sessions',
    `signed-in sessions of ${staff} (hashed ids); deleted when they end`,
  );
  registry.declareNonPersonal('setup_tokens', 'hashes of the one-time setup links of the first run');
  registry.declareNonPersonal(
    'audit_log',
    `changes made by ${staff} and by API keys; a customer named by a change is kept as a SHA-256 hash, with no body, so nothing in it is a customer's data`,
  );
}

/** Runs `accounts.prune` every `intervalMs`; returns what stops it. */
export function scheduleAccountsHousekeeping(
  accounts: Accounts,
  intervalMs: number,
  logger: Logger,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = accounts
      .prune()
      .catch((error: unknown) => logger.error({ err: error }, 'accounts housekeeping failed'));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
