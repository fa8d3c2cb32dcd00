/** A time of the API (ISO 8601, UTC) in the reader's locale and time zone. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
