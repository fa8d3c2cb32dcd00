import { Command } from 'commander';
import { backupSqlite } from '@rapport/storage';
import { openConfiguredDatabase } from '../main.js';
import { configOrExit } from './config-or-exit.js';
import { evaluationProgress } from './recs-progress.js';

const MIB = 1024 * 1024;

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
      // A bar on stderr when it is a terminal, as `rapport recs evaluate` shows.
      const bar = evaluationProgress();
      const started = performance.now();
      try {
        const backup = await backupSqlite(config.dataDir, dir, { onProgress: (copied, total) => bar.bar('copying', total === 0 ? 1 : copied / total) });
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
