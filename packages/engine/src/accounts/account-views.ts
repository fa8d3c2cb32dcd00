import type { AssignableRole, InvitationView, Role, UserView } from '@rapport/contracts';
import type { InvitationRow, UserRow } from '@rapport/storage';

const iso = (ms: number) => new Date(ms).toISOString();

/** E-mail addresses are compared without regard to case or surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A user as the API shows them: never their password hash. */
export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    createdAt: iso(row.created_at),
    lastLoginAt: row.last_login_at === null ? null : iso(row.last_login_at),
  };
}

/** A pending invitation as the API shows it: never its token, which only the answer to its creation holds. */
export function invitationView(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role as AssignableRole,
    invitedBy: row.invited_by,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
  };
}
