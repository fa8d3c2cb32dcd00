#!/usr/bin/env node
import { Command } from 'commander';
import { version } from '../main.js';
import { backupCommand } from './backup-command.js';
import { importCommand } from './import-command.js';
import { migrateCommand } from './migrate-command.js';
import { recsCommand } from './recs-command.js';
import { startCommand } from './start-command.js';

const program = new Command()
  .name('rapport')
  .description('Rapport: self-hosted, privacy-first personalization for online shops. Configuration: RAPPORT_* variables (docs/configuration.md).')
  .version(version);

program.command('start').description('Run the server (embedded SQLite unless RAPPORT_DATABASE_URL is set)').action(startCommand);
program.command('migrate').description('Bring the database schema to the newest version').action(migrateCommand);
program.addCommand(importCommand());
program.addCommand(recsCommand());
program.addCommand(backupCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
