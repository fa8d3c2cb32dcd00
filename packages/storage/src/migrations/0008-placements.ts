import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { columnTypes } from './column-types.js';

/**
 * Placements (named slots of an app or a site and the experiences they show, docs/placements.md) and the workspace's
 * identity secret, which the shop's server signs user ids with so that public routes serve a signed-in person's data
 * only to them.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { json } = columnTypes(dialect);
  await db.schema
    .createTable('placements')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('experiences', json, (c) => c.notNull())
    .addColumn('default_content', json)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('placements_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('placements_key').on('placements').columns(['workspace_id', 'key']).unique().execute();
  await db.schema.alterTable('workspaces').addColumn('identity_secret', 'text').execute();
  await db.schema.alterTable('workspaces').addColumn('identity_secret_at', 'bigint').execute();
}
