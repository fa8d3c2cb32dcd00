import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';

/** The text of the top-level key `key` of a JSON column, in either dialect (NULL when absent). */
export function jsonTextField(dialect: DialectName, column: string, key: string): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`(${sql.ref(column)}::jsonb ->> ${key})`
    : sql<string | null>`json_extract(${sql.ref(column)}, ${`$."${key.replace(/"/g, '')}"`})`;
}

/** The rows of a group as one JSON array of arrays (the columns in their order), in either dialect; NULL for none. */
export function jsonRowsOf(dialect: DialectName, columns: readonly string[]): RawBuilder<string | null> {
  const list = sql.join(columns.map((c) => sql.ref(c)));
  return dialect === 'postgres' ? sql<string | null>`json_agg(json_build_array(${list}))::text` : sql<string | null>`json_group_array(json_array(${list}))`;
}
