import { openConfiguredDatabase } from '../main.js';
import { configOrExit } from './config-or-exit.js';

/** `rapport migrate`: bring the database schema to the newest version, then exit. */
export async function migrateCommand(): Promise<void> {
  const config = configOrExit(process.env);
  const database = await openConfiguredDatabase(config);
  process.stdout.write(`The ${database.dialect} database at ${database.location} is at the newest schema version.\n`);
  await database.close();
}
