import { secretKeyScopes, type SecretKeyScope } from './keys.js';

/**
 * Roles of the people who sign in to the dashboard, most powerful first. An installation has exactly one owner; the
 * owner invites everyone else.
 */
export const roles = ['owner', 'admin', 'marketer', 'analyst', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** The roles an invitation or a change of role may give: ownership only changes hands by a transfer. */
export const assignableRoles = ['admin', 'marketer', 'analyst', 'viewer'] as const satisfies readonly Role[];
export type AssignableRole = (typeof assignableRoles)[number];

const managers = ['owner', 'admin'] as const;
const builders = ['owner', 'admin', 'marketer'] as const;

/**
 * Which roles may use the admin routes that need each scope (a secret key needs the scope itself). The API enforces
 * this table on every admin route; the dashboard reads it to hide what a role cannot do. docs/accounts.md shows it.
 *
 * - marketers build: segments, recommenders, placements, the catalog — but never touch keys, people's consent or erasure;
 * - analysts read everything and may export a person's data (`privacy:export`);
 * - viewers read, on screen only;
 * - `admin` is the scope of routes without a narrower one (geofences, RFM refresh): owners and admins.
 */
export const rolesByScope: Readonly<Record<SecretKeyScope, readonly Role[]>> = {
  admin: managers,
  read: roles,
  'catalog:write': builders,
  'segments:write': builders,
  'recommendations:write': builders,
  'placements:write': builders,
  'consent:write': managers,
  'privacy:export': ['owner', 'admin', 'analyst'],
  'privacy:erase': managers,
  'keys:manage': managers,
  'settings:manage': managers,
  'users:manage': managers,
  'audit:read': managers,
};

/** True when a person with `role` may use a route that needs `scope`. */
export function roleAllows(role: Role, scope: SecretKeyScope): boolean {
  return rolesByScope[scope].includes(role);
}

/** The scopes a role has, in the order of `secretKeyScopes` (what `GET /api/v1/auth/me` answers). */
export function scopesOfRole(role: Role): SecretKeyScope[] {
  return secretKeyScopes.filter((scope) => roleAllows(role, scope));
}
