import type { Database } from './database.js';
import { openSqliteDatabase } from './dialect/sqlite/sqlite-database.js';

export interface OpenDatabaseOptions {
  /** `postgres://…` for PostgreSQL; absent for the embedded SQLite database in `dataDir`. */
  readonly url?: string | undefined;
  readonly dataDir: string;
  /** PostgreSQL only: the schema to use. */
  readonly schema?: string | undefined;
  readonly poolSize?: number | undefined;
  /** SQLite only: page cache of this connection, in KiB (default 32,000). */
  readonly cacheKb?: number | undefined;
  /**
   * SQLite only: whether commits of this connection run WAL checkpoints when the log passes 16 MB (default true).
   * A connection that must answer fast (the log's appends) leaves them to another.
   */
  readonly autoCheckpoint?: boolean | undefined;
  /**
   * SQLite only: how long a write of this connection waits for another connection's transaction (default 10 s). A batch
   * job beside a busy server (an import, while the server processes and trains) can afford to wait longer.
   */
  readonly busyTimeoutMs?: number | undefined;
}

/** Opens the configured database. It does not migrate: call `migrate()`. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url === undefined) return openSqliteDatabase(options);
  // Loaded only when configured: the PostgreSQL driver costs every thread of an embedded server time at start-up.
  const { openPostgresDatabase } = await import('./dialect/postgres/postgres-database.js');
  return openPostgresDatabase({
    url: options.url,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
}
