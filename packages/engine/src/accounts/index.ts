/**
 * Accounts: the people who sign in to the dashboard (the shop's staff), their roles, sessions and invitations, the
 * first-run setup of the owner, and the audit log of changes made through the dashboard or the admin API.
 */

/** Wires the services; the settings (lifetimes, login throttle, hash cost) with their defaults; the tables declared staff-only. */
export {
  createAccounts,
  defaultAccountSettings,
  declareAccountsNonPersonalTables,
  scheduleAccountsHousekeeping,
  type Accounts,
  type AccountSettings,
  type AccountsDependencies,
} from './accounts.js';
/** Setup of the owner, login (throttled), invitations accepted, password changes. */
export { AccountService, type AccountServiceDependencies } from './account-service.js';
/** Users and invitations of a workspace, and the transfer of ownership. */
export { TeamService, type TeamServiceDependencies, type UserChange } from './team-service.js';
/** Sessions by cookie token (stored hashed), with idle and absolute expiry and their CSRF token. */
export {
  SessionService,
  type ActiveSession,
  type SignedIn,
  type SessionLifetimes,
} from './session-service.js';
/** Why an account operation was refused, and the error code the API answers it with. */
export { accountErrorCodes, type AccountFailure } from './account-failures.js';
/** Users and invitations as the API shows them; e-mail addresses as they are compared. */
export { userView, invitationView, normalizeEmail } from './account-views.js';
/** Records changes (secrets redacted, a person's id hashed) and lists them. */
export { AuditLog, type AuditActor, type AuditRecord } from './audit-log.js';
/** The JSON the audit log keeps of a document: secrets redacted, large documents replaced by their size. */
export { auditJson, REDACTED } from './audit-redaction.js';
/** scrypt password hashes with a per-user salt and their parameters. */
export { hashPassword, verifyPassword, defaultScryptCost, type ScryptCost } from './password-hash.js';
/** Failed logins per key over a sliding window. */
export { LoginThrottle, type ThrottleLimit } from './login-throttle.js';
