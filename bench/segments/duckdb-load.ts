import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import BetterSqlite3 from 'better-sqlite3';
import type { Progress } from '../ingest/progress.js';
import { DATABASE_FILE, type GeneratedData } from './data-cache.js';
import { ProgressBar } from './progress-bar.js';

/**
 * The ceiling's tables: what the three segments read, as typed columns — the ideal columnar layout. Traits, features
 * and properties become columns (NULL where the JSON value is absent or not of the column's type, as Rapport's
 * compiled SQL reads them), and the affinity scores one row per person and category.
 */
const SCHEMA = `
  CREATE TABLE profiles (workspace_id VARCHAR, id VARCHAR, merged_into VARCHAR, country VARCHAR);
  CREATE TABLE events (seq BIGINT, workspace_id VARCHAR, profile_id VARCHAR, type VARCHAR, event VARCHAR, timestamp BIGINT, revenue DOUBLE, property_revenue DOUBLE);
  CREATE TABLE rfm_scores (workspace_id VARCHAR, profile_id VARCHAR, segment VARCHAR, r INTEGER, f INTEGER, m INTEGER);
  CREATE TABLE affinity (workspace_id VARCHAR, profile_id VARCHAR, category VARCHAR, score DOUBLE);
`;

type Cell = string | number | bigint | null;

/** Each table, what to read from Rapport's SQLite database for it (SQLite does the JSON reading), and column types. */
const tables: readonly {
  name: string;
  select: string;
  types: readonly ('text' | 'bigint' | 'int' | 'double')[];
  count?: string;
}[] = [
  {
    name: 'profiles',
    select:
      "SELECT workspace_id, id, merged_into, CASE WHEN json_type(traits, '$.\"country\"') = 'text' THEN json_extract(traits, '$.\"country\"') END FROM profiles",
    types: ['text', 'text', 'text', 'text'],
    count: 'SELECT count(*) FROM profiles',
  },
  {
    name: 'events',
    select:
      'SELECT seq, workspace_id, profile_id, type, event, timestamp, revenue, CASE WHEN json_type(payload, \'$."properties"."revenue"\') IN (\'integer\', \'real\') THEN CAST(json_extract(payload, \'$."properties"."revenue"\') AS REAL) END FROM events',
    types: ['bigint', 'text', 'text', 'text', 'text', 'bigint', 'double', 'double'],
    count: 'SELECT count(*) FROM events',
  },
  {
    name: 'rfm_scores',
    select: 'SELECT workspace_id, profile_id, segment, r, f, m FROM rfm_scores',
    types: ['text', 'text', 'text', 'int', 'int', 'int'],
    count: 'SELECT count(*) FROM rfm_scores',
  },
  {
    name: 'affinity',
    select:
      "SELECT p.workspace_id, p.id, s.key, CAST(s.value AS REAL) FROM profiles p, json_each(p.features, '$.\"affinity\".\"scores\"') s WHERE json_type(p.features, '$.\"affinity\".\"scores\"') = 'object' AND s.type IN ('integer', 'real')",
    types: ['text', 'text', 'text', 'double'],
  },
];

function append(appender: DuckDBAppender, types: readonly string[], row: readonly Cell[]): void {
  for (let i = 0; i < types.length; i++) {
    const v = row[i];
    if (v === null || v === undefined) appender.appendNull();
    else if (types[i] === 'text') appender.appendVarchar(v as string);
    else if (types[i] === 'bigint') appender.appendBigInt(BigInt(v));
    else if (types[i] === 'int') appender.appendInteger(Number(v));
    else appender.appendDouble(Number(v));
  }
  appender.endRow();
}

export interface LoadedCeiling {
  readonly connection: DuckDBConnection;
  readonly threads: number;
  readonly version: string;
  /** Whether DuckDB's JSON functions work here (its json extension is built in: no download needed). */
  readonly json: boolean;
  readonly rows: Readonly<Record<string, number>>;
  readonly seconds: number;
  close(): void;
}

/**
 * The same data in a DuckDB database file under $TMPDIR, loaded with appenders from Rapport's SQLite file: read with
 * better-sqlite3 (read only), one appender per table. Not timed against anything: information.
 */
export async function loadCeiling(data: GeneratedData, progress: Progress): Promise<LoadedCeiling> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-duckdb-'));
  const instance = await DuckDBInstance.create(join(dir, 'ceiling.duckdb'));
  const connection = await instance.connect();
  const started = performance.now();
  const sqlite = new BetterSqlite3(join(data.dataDir, DATABASE_FILE), { readonly: true });
  const rows: Record<string, number> = {};
  try {
    await connection.run(SCHEMA);
    for (const t of tables) {
      const total =
        t.count === undefined ? 0 : Number((sqlite.prepare(t.count).raw(true).get() as [number])[0]);
      const bar = total > 0 ? new ProgressBar(progress, `DuckDB ← ${t.name}`, total, 'rows') : undefined;
      const appender = await connection.createAppender(t.name);
      let n = 0;
      for (const row of sqlite.prepare(t.select).raw(true).iterate() as IterableIterator<Cell[]>) {
        append(appender, t.types, row);
        if (++n % 100_000 === 0) bar?.update(n);
      }
      appender.flushSync();
      appender.closeSync();
      bar?.update(n);
      bar?.stop();
      rows[t.name] = n;
    }
  } finally {
    sqlite.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const settings = (
    await connection.runAndReadAll("SELECT current_setting('threads'), version()")
  ).getRows()[0]!;
  const json = await connection
    .runAndReadAll(`SELECT json_extract_string('{"a": "b"}', '$.a')`)
    .then((r) => r.getRows()[0]?.[0] === 'b')
    .catch(() => false);
  return {
    connection,
    threads: Number(settings[0]),
    version: String(settings[1]),
    json,
    rows,
    seconds,
    close: () => {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
