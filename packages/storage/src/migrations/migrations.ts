import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import * as initial from './0001-initial.js';
import * as segments from './0002-segments.js';
import * as recommendations from './0003-recommendations.js';
import * as recommendationServing from './0004-recommendation-serving.js';
import * as accounts from './0005-accounts.js';
import * as segmentReads from './0006-segment-reads.js';
import * as statistics from './0007-statistics.js';
import * as placements from './0008-placements.js';
import * as inApp from './0009-in-app.js';
import * as clusteredPersonProducts from './0010-clustered-person-products.js';
import * as clusteredSegmentMembers from './0011-clustered-segment-members.js';
import * as eventLogFile from './0012-event-log-file.js';

interface VersionedMigration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** Every schema version, in order. Names never change once released; a change to the schema is a new entry. */
const migrations: readonly VersionedMigration[] = [
  { name: '0001-initial', up: initial.up },
  { name: '0002-segments', up: segments.up },
  { name: '0003-recommendations', up: recommendations.up },
  { name: '0004-recommendation-serving', up: recommendationServing.up },
  { name: '0005-accounts', up: accounts.up },
  { name: '0006-segment-reads', up: segmentReads.up },
  { name: '0007-statistics', up: statistics.up },
  { name: '0008-placements', up: placements.up },
  { name: '0009-in-app', up: inApp.up },
  { name: '0010-clustered-person-products', up: clusteredPersonProducts.up },
  { name: '0011-clustered-segment-members', up: clusteredSegmentMembers.up },
  { name: '0012-event-log-file', up: eventLogFile.up },
];

/**
 * Brings the schema to the newest version. Kysely's migrator holds a lock, so nodes starting together are safe.
 * `schema` (PostgreSQL) names the schema of the migration tables: without it Kysely looks for them in every schema of
 * the database, and another schema's tables (another application's, another test's) would pass for ours.
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectName, schema?: string, until?: string): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    provider: {
      getMigrations: async () =>
        Object.fromEntries(migrations.map((m): [string, Migration] => [m.name, { up: (k) => m.up(k, dialect) }])),
    },
  });
  return until === undefined ? migrator.migrateToLatest() : migrator.migrateTo(until);
}

/** The names of all known migrations, newest last. */
export const migrationNames: readonly string[] = migrations.map((m) => m.name);
