import type BetterSqlite3 from 'better-sqlite3';
import { bucketOf, localTimeParts, parseRuleTime, versionKey } from '@rapport/core';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const millis = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

/**
 * Registers core's rule functions on a SQLite connection, under the names their PostgreSQL twins have
 * (postgres-segment-functions.ts), so that compiled segment rules run unchanged on both.
 */
export function registerSegmentFunctions(db: BetterSqlite3.Database): void {
  const deterministic = { deterministic: true, varargs: false } as const;
  db.function('rapport_bucket', deterministic, (seed: unknown, id: unknown) => {
    const s = text(seed);
    const i = text(id);
    return s === null || i === null ? null : bucketOf(s, i);
  });
  db.function('rapport_version_key', deterministic, (v: unknown) => {
    const s = text(v);
    return s === null ? null : versionKey(s);
  });
  db.function('rapport_time', deterministic, (v: unknown) => {
    const s = text(v);
    return s === null ? null : parseRuleTime(s);
  });
  db.function('rapport_local_hour', deterministic, (tz: unknown, at: unknown) => {
    const zone = text(tz);
    const ms = millis(at);
    return zone === null || ms === null ? null : (localTimeParts(zone, ms)?.hour ?? null);
  });
  db.function('rapport_local_weekday', deterministic, (tz: unknown, at: unknown) => {
    const zone = text(tz);
    const ms = millis(at);
    return zone === null || ms === null ? null : (localTimeParts(zone, ms)?.weekday ?? null);
  });
}
