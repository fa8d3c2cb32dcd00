import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { columnTypes } from './column-types.js';

/**
 * Offline evaluations of recommendation algorithms (`rapport recs evaluate`, docs/recommendations.md), kept so that
 * the dashboard can show how each algorithm did on the workspace's own data, and how that changed over time.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { json } = columnTypes(dialect);
  await db.schema
    .createTable('rec_evaluations')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('k', 'integer', (c) => c.notNull())
    .addColumn('params', json, (c) => c.notNull())
    .addColumn('metrics', json, (c) => c.notNull())
    .addColumn('train_rows', 'integer', (c) => c.notNull())
    .addColumn('test_users', 'integer', (c) => c.notNull())
    // 'files' (TRAIN/TEST files, stored with --save) or 'workspace' (the workspace's own events, split in time).
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rec_evaluations_pk', ['workspace_id', 'id'])
    .execute();
  // The dashboard lists a workspace's evaluations newest first.
  await db.schema.createIndex('rec_evaluations_created').on('rec_evaluations').columns(['workspace_id', 'created_at']).execute();
}
