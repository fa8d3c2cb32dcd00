import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILES } from './sqlite-files.js';

export interface SqliteBackupOptions {
  /** Pages copied so far of both files, and how many there are. */
  readonly onProgress?: ((copied: number, total: number) => void) | undefined;
  /** How long to wait for the main file's write lock (a slice or an erasure in progress); default 60 s. */
  readonly lockTimeoutMs?: number | undefined;
}

export interface SqliteBackup {
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
}

/** A refusal before anything is copied (code ERR_BACKUP_REFUSED): the arguments, not the database, are wrong. */
function backupError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_BACKUP_REFUSED' });
}

/** Pages per step of the copy: a step holds no lock a writer needs (the copy reads a snapshot), it paces the bar. */
const PAGES_PER_STEP = 2000;

/**
 * Copies the embedded database, both files (SQLITE_FILES), into `targetDir` while Rapport runs, as one consistent state:
 * every event accepted before the copy is either processed in the copy of `rapport.sqlite` or waiting in the copy of
 * `log.sqlite`. The two files commit apart, so each is read from a snapshot (a read transaction), and the snapshots are
 * taken while the main file's write lock is held — for an instant, not for the copy: nothing commits to the main file
 * in between, and the log has lost no row after the main file's cursor (the processor deletes log rows only up to a
 * cursor it has committed, and an erasure deletes a person's log rows while it holds that lock). Appends go on
 * throughout. `targetDir` must not hold either file already.
 */
export async function backupSqlite(dataDir: string, targetDir: string, options: SqliteBackupOptions = {}): Promise<SqliteBackup> {
  const source = resolve(dataDir);
  const target = resolve(targetDir);
  const names = [SQLITE_FILES.main, SQLITE_FILES.log];
  for (const name of names) {
    if (!existsSync(join(source, name))) throw backupError(`there is no ${name} in ${source}: nothing to back up (run rapport migrate first)`);
    if (existsSync(join(target, name))) throw backupError(`${join(target, name)} exists already: back up into a new or empty directory`);
  }
  mkdirSync(target, { recursive: true });

  const snapshots = names.map((name) => new BetterSqlite3(join(source, name), { readonly: true, fileMustExist: true }));
  try {
    const lock = new BetterSqlite3(join(source, SQLITE_FILES.main), { fileMustExist: true });
    try {
      lock.pragma(`busy_timeout = ${options.lockTimeoutMs ?? 60_000}`);
      lock.exec('BEGIN IMMEDIATE');
      // A read transaction takes its snapshot at its first read.
      for (const s of snapshots) {
        s.exec('BEGIN');
        s.prepare('SELECT count(*) FROM sqlite_master').get();
      }
    } finally {
      if (lock.inTransaction) lock.exec('ROLLBACK');
      lock.close();
    }

    const pages = snapshots.map((s) => Number(s.pragma('page_count', { simple: true })));
    const total = pages.reduce((a, b) => a + b, 0);
    let before = 0;
    for (const [i, s] of snapshots.entries()) {
      // Within the open read transaction, the copy reads its snapshot, however the file changes meanwhile.
      await s.backup(join(target, names[i]!), {
        progress: ({ totalPages, remainingPages }) => {
          options.onProgress?.(before + totalPages - remainingPages, total);
          return PAGES_PER_STEP;
        },
      });
      before += pages[i]!;
    }
    options.onProgress?.(total, total);
  } finally {
    for (const s of snapshots) {
      if (s.inTransaction) s.exec('COMMIT');
      s.close();
    }
  }
  return { files: names.map((name) => ({ name, bytes: statSync(join(target, name)).size })) };
}
