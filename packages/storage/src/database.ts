import type { Kysely } from 'kysely';
import type { OpenDatabaseOptions } from './open-database.js';
import type { DialectName } from './dialect/dialect-name.js';
import type { Tables } from './schema.js';

/** A row for the event log; `seq` is assigned by the database in append order. */
export interface LogAppend {
  readonly workspaceId: string;
  readonly messageId: string;
  readonly receivedAt: number;
  readonly source: string;
  readonly payload: string;
  readonly payloadHash: string;
  readonly flags: string | null;
}

/**
 * The database of a Rapport node: one query layer (Kysely) over SQLite or PostgreSQL. Everything that differs between
 * the two lives behind this interface, in dialect/.
 */
export interface Database {
  readonly dialect: DialectName;
  readonly kysely: Kysely<Tables>;
  /** Where the data is, without credentials, for logs and the start-up banner. */
  readonly location: string;
  /** How to open this database again, from another thread or process (worker threads open their own connection). */
  readonly options: OpenDatabaseOptions;
  /**
   * The query layer of the event log (`event_log`, the only table there). On SQLite the log is a file of its own, with
   * its own connection and write lock, so that appends never wait for the processor's transactions: a transaction of
   * `kysely` does not see it, and `kysely` cannot query it. On PostgreSQL, `kysely` itself.
   */
  readonly log: Kysely<Tables>;
  /** Brings the schema to the newest version. */
  migrate(): Promise<string[]>;
  /**
   * Runs `fn` in a transaction that holds the write lock from its first statement (SQLite `BEGIN IMMEDIATE`), so that
   * a read-then-write cannot be invalidated by another writer. Inside `fn`, query through `trx` only: SQLite has one
   * connection, held by the transaction, so a query through `kysely` would wait for the transaction to end — forever.
   */
  writeTransaction<T>(fn: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
  /**
   * Like `writeTransaction`, and also serialized with every other processing transaction of this database, across
   * processes: the processor's slices and erasures never interleave. With `durable: false` the commit does not wait
   * for fsync (SQLite `synchronous = NORMAL`, PostgreSQL `synchronous_commit = off`): a crash may lose the last such
   * commits, never half of one, and the next durable commit makes them durable too. For work that can be redone —
   * the processor's slices, which commit with their cursor and are replayed — never for what a caller is told is done.
   */
  processingTransaction<T>(fn: (trx: Kysely<Tables>) => Promise<T>, options?: { durable?: boolean }): Promise<T>;
  /**
   * Appends rows to the event log in one transaction and returns their seqs, in order. When the promise resolves the
   * rows are on disk (fsync'd). Appends commit in seq order, so a reader never sees seq n+1 before seq n.
   */
  appendToLog(rows: readonly LogAppend[]): Promise<number[]>;
  /**
   * Runs `fn` in a durable transaction of the event log's (see `log`), for deleting rows (appends go through
   * `appendToLog`). It commits apart from any other transaction.
   */
  logTransaction<T>(fn: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
  /** The tables of Rapport in this database (its own schema only, on PostgreSQL), without the migrator's. */
  listTables(): Promise<string[]>;
  /**
   * SQLite: copies the write-ahead logs into the database files (the main one and the event log's) without waiting for
   * anyone (PASSIVE checkpoints), for connections that leave checkpoints to another. With `idle` (nothing is being
   * appended), the event log's write-ahead log is also cut to nothing once all of it is copied (TRUNCATE, which holds
   * the log's write lock: an append that comes meanwhile waits for the cut, never for a copy): under a flow it grows
   * without starting over, and cutting it then fell to the first append of the next flow. PostgreSQL: nothing (it
   * checkpoints itself).
   */
  checkpoint(options?: { readonly idle?: boolean }): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
