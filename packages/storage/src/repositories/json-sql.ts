import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';

/** The text of the top-level key `key` of a JSON column, in either dialect (NULL when absent). */
export function jsonTextField(dialect: DialectName, column: string, key: string): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`(${sql.ref(column)}::jsonb ->> ${key})`
    : sql<string | null>`json_extract(${sql.ref(column)}, ${`$."${key.replace(/"/g, '')}"`})`;
}
