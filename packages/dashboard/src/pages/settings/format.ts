import type { Role } from '@rapport/contracts';

/** A time of the API (ISO 8601, UTC) in the reader's locale and time zone. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A role after "a" or "an", as a sentence says it: "an admin", "an analyst", "a viewer". */
export function aRole(role: Role): string {
  return `${role === 'admin' || role === 'analyst' || role === 'owner' ? 'an' : 'a'} ${role}`;
}
