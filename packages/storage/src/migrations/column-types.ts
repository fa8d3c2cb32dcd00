import { sql, type ColumnDataType, type Expression } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';

/** Column types that differ between the dialects, named for what they hold. */
export interface ColumnTypes {
  /** JSON documents: text in SQLite, jsonb in PostgreSQL. */
  readonly json: ColumnDataType | Expression<unknown>;
  /** Raw bytes. */
  readonly bytes: ColumnDataType;
}

export function columnTypes(dialect: DialectName): ColumnTypes {
  return dialect === 'postgres' ? { json: sql`jsonb`, bytes: 'bytea' } : { json: 'text', bytes: 'blob' };
}
