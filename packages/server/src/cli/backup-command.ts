import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { backupSqlite } from '@rapport/storage';
import { openConfiguredDatabase } from '../main.js';
import { configOrExit } from './config-or-exit.js';

const MIB = 1024 * 1024;

/** A bar of pages copied on stderr when it is a terminal; nothing in a log file or a CI job. */
function progressBar(): { update(copied: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ format: ' copying |{bar}| {percentage}% · {value}/{total} pages', hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(copied, total) {
      if (!started) bar.start(total, copied);
      started = true;
      bar.setTotal(total);
      bar.update(copied);
    },
    stop: () => bar.stop(),
  };
}

/**
 * `rapport backup <dir>`: a consistent copy of the embedded database (both of its files) while Rapport runs. On
 * PostgreSQL, the database's own tools do it (pg_dump, continuous archiving).
 */
export function backupCommand(): Command {
  return new Command('backup')
    .description('Copy the embedded SQLite database (log.sqlite and rapport.sqlite) into a new directory, consistently, while Rapport runs')
    .argument('<dir>', 'a new or empty directory')
    .action(async (dir: string) => {
      const config = configOrExit(process.env);
      if (config.databaseUrl !== undefined) {
        process.stderr.write('rapport backup copies the embedded SQLite database; back up PostgreSQL with pg_dump or continuous archiving (docs/operations.md).\n');
        process.exitCode = 2;
        return;
      }
      // The files must exist and be at the newest schema version (the log's own file came with migration 0012).
      await (await openConfiguredDatabase(config)).close();
      const bar = progressBar();
      const started = performance.now();
      try {
        const backup = await backupSqlite(config.dataDir, dir, { onProgress: (copied, total) => bar.update(copied, total) });
        bar.stop();
        const seconds = (performance.now() - started) / 1000;
        const files = backup.files.map((f) => `${f.name} (${(f.bytes / MIB).toFixed(1)} MiB)`).join(' and ');
        process.stdout.write(
          `Backed up ${config.dataDir} into ${dir} in ${seconds.toFixed(1)} s: ${files}.\n` +
            'To restore: stop Rapport, remove the database files of RAPPORT_DATA_DIR (with their -wal and -shm files), copy both files there, start Rapport.\n',
        );
      } catch (error) {
        bar.stop();
        process.stderr.write(`rapport backup: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = (error as { code?: unknown }).code === 'ERR_BACKUP_REFUSED' ? 2 : 1;
      }
    });
}
