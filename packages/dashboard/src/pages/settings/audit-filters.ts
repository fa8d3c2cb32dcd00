import type { AuditQuery } from '@rapport/contracts';

/** The methods of the changes the audit log keeps (AuditQuerySchema): reads are not audited. */
export const auditMethods = ['POST', 'PUT', 'PATCH', 'DELETE'] as const satisfies readonly NonNullable<AuditQuery['method']>[];
export type AuditMethod = (typeof auditMethods)[number];

/**
 * The filters of the audit log, as the address holds them (`?method=DELETE&actorId=…`), so that Back and a shared
 * link keep them. `since` and `until` are ISO times to the minute, both minutes included.
 */
export interface AuditFilters {
  readonly actorId?: string | undefined;
  readonly method?: AuditMethod | undefined;
  readonly route?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

const names = ['actorId', 'method', 'route', 'since', 'until'] as const satisfies readonly (keyof AuditFilters)[];

const isMethod = (value: string): value is AuditMethod => (auditMethods as readonly string[]).includes(value);

/** The filters of an address; a method the log does not know is left out. */
export function filtersOf(params: URLSearchParams): AuditFilters {
  const text = (name: string) => {
    const value = params.get(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const method = text('method');
  return { actorId: text('actorId'), method: method !== undefined && isMethod(method) ? method : undefined, route: text('route'), since: text('since'), until: text('until') };
}

/** The address's parameters with `change` applied: a filter set to undefined or '' goes away. */
export function paramsWith(params: URLSearchParams, change: AuditFilters): URLSearchParams {
  const next = { ...filtersOf(params), ...change };
  const out = new URLSearchParams();
  for (const name of names) {
    const value = next[name];
    if (value !== undefined && value !== '') out.set(name, value);
  }
  return out;
}

export function hasFilters(filters: AuditFilters): boolean {
  return names.some((name) => filters[name] !== undefined);
}

const MINUTE = 60_000; // ms

/**
 * The query of GET /api/v1/audit for the filters. The API leaves `until` itself out; the filter names a minute the
 * person wants included, so the query asks until the minute after it.
 */
export function queryOf(filters: AuditFilters): Omit<AuditQuery, 'limit' | 'cursor'> {
  const until = filters.until === undefined ? undefined : Date.parse(filters.until);
  return {
    actorId: filters.actorId,
    method: filters.method,
    route: filters.route,
    since: filters.since,
    // Not a time: sent as it is, for the API to say what is wrong with it.
    until: until === undefined || Number.isNaN(until) ? filters.until : new Date(until + MINUTE).toISOString(),
  };
}

/** An ISO time as a `datetime-local` input shows it: the reader's local time, to the minute ('' for none). */
export function localInputOf(iso: string | undefined): string {
  const time = iso === undefined ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const d = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The value of a `datetime-local` input (`2026-03-01T14:30`, local time) as an ISO time; undefined when empty. */
export function isoOfLocalInput(value: string): string | undefined {
  if (value === '') return undefined;
  // A date-time without an offset is local time (ECMAScript's date-time string format).
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
