import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { columnTypes } from './column-types.js';

/**
 * In-app messages (docs/in-app.md) and where people are: the geofences each person is inside now, so that a location
 * update tells entering, dwelling and leaving apart.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { json } = columnTypes(dialect);
  await db.schema
    .createTable('in_app_messages')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('in_app_messages_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('in_app_messages_key').on('in_app_messages').columns(['workspace_id', 'key']).unique().execute();

  // person: "u:" + userId or "a:" + anonymousId, as the device identifies itself (a first visit has no profile yet).
  await db.schema
    .createTable('geofence_presence')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('geofence_key', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addColumn('dwelled', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('geofence_presence_pk', ['workspace_id', 'person', 'geofence_key'])
    .execute();
}
