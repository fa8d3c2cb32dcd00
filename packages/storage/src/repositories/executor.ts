import type { Kysely } from 'kysely';
import type { Tables } from '../schema.js';

/** The database or an open transaction on it: repositories take either. */
export type Executor = Kysely<Tables>;

/**
 * Splits rows for multi-row statements so that no statement passes 30,000 bound parameters (SQLite allows 32,766,
 * PostgreSQL 65,535).
 */
export function chunksOf<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / columnsPerRow));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/**
 * Appends every row to `target`. `target.push(...rows)` passes each row as an argument and fails with a RangeError
 * for a result of some hundred thousand rows (a few hundred people's event histories).
 */
export function pushAll<T>(target: T[], rows: readonly T[]): void {
  for (const row of rows) target.push(row);
}

/** Parses a JSON column (both dialects return text). */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
