import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database, LogAppend } from '../../database.js';
import { migrateToLatest } from '../../migrations/migrations.js';
import type { Tables } from '../../schema.js';

export interface PostgresOptions {
  readonly url: string;
  /** Schema to use (created when missing); defaults to the server's search_path. */
  readonly schema?: string;
  readonly poolSize?: number;
}

const INT8_OID = 20;
const JSON_OID = 114;
const JSONB_OID = 3802;

/**
 * Makes PostgreSQL answer like the SQLite dialect: BIGINT as numbers (all of Rapport's are below 2^53: milliseconds
 * and sequence numbers) and JSON as text, which repositories parse, so domain code never sees a dialect difference.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === JSON_OID || oid === JSONB_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

/** Chunk of a multi-row insert: 7 parameters a row, well under PostgreSQL's 65,535 parameters per statement. */
const APPEND_CHUNK = 2000;

export async function openPostgresDatabase(options: PostgresOptions): Promise<Database> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  if (schema !== undefined) {
    const client = new pg.Client({ connectionString: options.url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: typeParsers,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  // Advisory locks are database-wide; keying them by schema keeps separate schemas (tests) from waiting on each other.
  const lock = (trx: Kysely<Tables>, name: string) =>
    sql`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ${`:rapport.${name}`}))`.execute(trx);

  const url = new URL(options.url);
  return {
    dialect: 'postgres',
    kysely,
    location: `postgres://${url.host}${url.pathname}${schema === undefined ? '' : ` (schema ${schema})`}`,
    options: { url: options.url, dataDir: '', schema, poolSize: options.poolSize },
    migrate: async () => {
      const current = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(kysely);
      const result = await migrateToLatest(kysely as Kysely<unknown>, 'postgres', current.rows[0]?.schema);
      if (result.error) throw result.error;
      return (result.results ?? []).map((r) => r.migrationName);
    },
    writeTransaction: (fn) => kysely.transaction().execute(fn),
    processingTransaction: (fn, options) =>
      kysely.transaction().execute(async (trx) => {
        if (options?.durable === false) await sql`SET LOCAL synchronous_commit = off`.execute(trx);
        await lock(trx, 'processing');
        return fn(trx);
      }),
    log: kysely,
    logTransaction: (fn) => kysely.transaction().execute(fn),
    appendToLog: async (rows: readonly LogAppend[]) => {
      if (rows.length === 0) return [];
      // Sequence values are taken at insert time but become visible at commit: without this lock a transaction that
      // took seq n could commit after one that took n+1, and the processor, already past n+1, would never see n.
      return kysely.transaction().execute(async (trx) => {
        await lock(trx, 'log');
        const seqs: number[] = [];
        for (let i = 0; i < rows.length; i += APPEND_CHUNK) {
          const inserted = await trx
            .insertInto('event_log')
            .values(
              rows.slice(i, i + APPEND_CHUNK).map((r) => ({
                workspace_id: r.workspaceId,
                message_id: r.messageId,
                received_at: r.receivedAt,
                source: r.source,
                payload: r.payload,
                payload_hash: r.payloadHash,
                flags: r.flags,
              })),
            )
            .returning('seq')
            .execute();
          // One INSERT … VALUES takes identity values in the order of its rows.
          for (const seq of inserted.map((r) => r.seq).sort((a, b) => a - b)) seqs.push(seq);
        }
        return seqs;
      });
    },
    listTables: async () => {
      const rows = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(kysely);
      return rows.rows.map((r) => r.name).filter((n) => !n.startsWith('kysely_'));
    },
    checkpoint: async () => undefined,
    ping: async () => {
      await sql`SELECT 1`.execute(kysely);
    },
    close: async () => {
      await kysely.destroy();
    },
  };
}
