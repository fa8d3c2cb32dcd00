import { createHash } from 'node:crypto';

/**
 * Functions that segment rules use and that must give the same answer in JavaScript (live evaluation), in SQLite
 * (registered on each connection) and in PostgreSQL (created by a migration: postgres-segment-functions.ts). Each
 * PostgreSQL twin mirrors the code here step by step; the segment property test holds them to it.
 */

/**
 * A person's stable position in [0, 10000) for a seed, in basis points: the first 32 bits of SHA-256(`seed:id`),
 * scaled. A bucket condition [from %, to %) holds when from × 100 ≤ position < to × 100.
 */
export function bucketOf(seed: string, id: string): number {
  const digest = createHash('sha256').update(`${seed}:${id}`, 'utf8').digest();
  return Math.floor((digest.readUInt32BE(0) * 10000) / 4294967296);
}

const VERSION = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:\.([0-9]+))?/;

/**
 * A version ("2.3", "v10.0.1-beta") as a key that sorts as versions do: up to four numeric parts, each padded to six
 * digits ("000002.000003.000000.000000"). What follows the numeric parts (a pre-release tag) is ignored; null for
 * text that does not start with a number, or a part longer than six digits.
 */
export function versionKey(text: string): string | null {
  const m = VERSION.exec(text);
  if (m === null) return null;
  const parts = [m[1], m[2], m[3], m[4]].map((p) => p ?? '0');
  if (parts.some((p) => p.length > 6)) return null;
  return parts.map((p) => p.padStart(6, '0')).join('.');
}

const TIME = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$/;

/**
 * An ISO 8601 date or date-time as Unix milliseconds: `YYYY-MM-DD`, or with `THH:MM[:SS[.fraction]]` and an optional
 * `Z` or `±HH:MM` offset (UTC when absent). Fractions are truncated to milliseconds. Null for anything else, or an
 * impossible date (February 30th).
 */
export function parseRuleTime(text: string): number | null {
  const m = TIME.exec(text);
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const day = Date.UTC(y, mo - 1, d);
  const check = new Date(day);
  // Date.UTC maps years 0–99 to 1900–1999: such dates are not what was meant either.
  if (y < 100 || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(-2));
    if (oh > 23 || om > 59) return null;
    offset = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return day + ((h * 60 + mi) * 60 + s) * 1000 + ms - offset;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    } catch {
      f = null;
    }
    if (formatters.size < 2000) formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

const SINCE_WHOLE_MINUTE_OFFSETS = Date.UTC(1972, 0, 1);

/** The local time of the last minute asked, per time zone: a minute's parts do not change within it. */
const lastMinute = new Map<string, { readonly minute: number; readonly parts: { hour: number; minute: number; weekday: number } | null }>();

/** The hour (0–23), minute and ISO weekday (1 = Monday … 7 = Sunday) at `atMs` in a time zone; null for an unknown zone. */
export function localTimeParts(timeZone: string, atMs: number): { hour: number; minute: number; weekday: number } | null {
  // Since 1972 every offset in the time zone database is a whole number of minutes: a minute has one local time.
  if (atMs < SINCE_WHOLE_MINUTE_OFFSETS) return formatParts(timeZone, atMs);
  const minute = Math.floor(atMs / 60_000);
  const known = lastMinute.get(timeZone);
  if (known?.minute === minute) return known.parts === null ? null : { ...known.parts };
  const parts = formatParts(timeZone, atMs);
  if (lastMinute.size > 1000) lastMinute.clear();
  lastMinute.set(timeZone, { minute, parts });
  return parts === null ? null : { ...parts };
}

function formatParts(timeZone: string, atMs: number): { hour: number; minute: number; weekday: number } | null {
  const f = formatter(timeZone);
  if (f === null) return null;
  let hour = -1;
  let minute = -1;
  let weekday = -1;
  for (const part of f.formatToParts(atMs)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? -1;
  }
  return hour < 0 || minute < 0 || weekday < 0 ? null : { hour, minute, weekday };
}

/** Great-circle distance in kilometres (haversine, Earth radius 6371 km), written as the SQL twins compute it. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const s1 = Math.sin(((lat2 - lat1) * rad) / 2);
  const s2 = Math.sin(((lon2 - lon1) * rad) / 2);
  const a = s1 * s1 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * (s2 * s2);
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Whether a point is inside a polygon (ray casting; vertices as [latitude, longitude], the last joined to the first). */
export function insidePolygon(lat: number, lon: number, vertices: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const [yi, xi] = vertices[i]!;
    const [yj, xj] = vertices[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
