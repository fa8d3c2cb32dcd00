import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { columnTypes } from './column-types.js';

/** The engine foundation: workspaces and keys, the event log, profiles, catalog, consent and privacy. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { json, bytes } = columnTypes(dialect);

  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('settings', json, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('scopes', json, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_keys_workspace').on('api_keys').columns(['workspace_id', 'created_at']).execute();

  // The outbox. Only its primary key is indexed: every random-key index on the acknowledgement path costs a page
  // write per event (see docs/architecture.md), so deduplication and lookups happen behind it, in the processor.
  await db.schema
    .createTable('event_log')
    .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('flags', 'text')
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('event', 'text')
    .addColumn('user_id', 'text')
    .addColumn('anonymous_id', 'text')
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('payload', json, (c) => c.notNull())
    .addColumn('flags', 'text')
    .execute();
  await db.schema.createIndex('events_profile_time').on('events').columns(['workspace_id', 'profile_id', 'timestamp']).execute();
  await db.schema.createIndex('events_time').on('events').columns(['workspace_id', 'timestamp']).execute();

  await db.schema
    .createTable('message_ids')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('keep', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_ids_pk', ['workspace_id', 'message_id'])
    .execute();
  await db.schema.createIndex('message_ids_received').on('message_ids').columns(['received_at']).execute();

  await db.schema
    .createTable('profiles')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('traits', json, (c) => c.notNull())
    .addColumn('trait_times', json, (c) => c.notNull())
    .addColumn('features', json, (c) => c.notNull())
    .addColumn('consent', json, (c) => c.notNull())
    .addColumn('groups', json, (c) => c.notNull())
    .addPrimaryKeyConstraint('profiles_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('profiles_merged_into').on('profiles').columns(['workspace_id', 'merged_into']).execute();

  await db.schema
    .createTable('identities')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identities_pk', ['workspace_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('identities_profile').on('identities').columns(['workspace_id', 'profile_id']).execute();

  await db.schema
    .createTable('profile_products')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('adds', 'integer', (c) => c.notNull())
    .addColumn('purchases', 'integer', (c) => c.notNull())
    .addColumn('last_viewed_at', 'bigint')
    .addColumn('last_added_at', 'bigint')
    .addColumn('last_purchased_at', 'bigint')
    .addPrimaryKeyConstraint('profile_products_pk', ['workspace_id', 'profile_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('consent_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .execute();
  await db.schema.createIndex('consent_changes_profile').on('consent_changes').columns(['workspace_id', 'profile_id', 'at']).execute();

  await db.schema
    .createTable('products')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('category', 'text')
    .addColumn('tags', json, (c) => c.notNull())
    .addColumn('price', 'double precision')
    .addColumn('currency', 'text')
    .addColumn('image_url', 'text')
    .addColumn('url', 'text')
    .addColumn('in_stock', 'integer', (c) => c.notNull())
    .addColumn('attributes', json, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('products_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('products_category').on('products').columns(['workspace_id', 'category']).execute();

  await db.schema
    .createTable('rejected_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('details', json, (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('body', bytes, (c) => c.notNull())
    .addColumn('body_bytes', 'integer', (c) => c.notNull())
    .addColumn('truncated', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('anonymous_id', 'text')
    .execute();
  await db.schema.createIndex('rejected_events_time').on('rejected_events').columns(['workspace_id', 'received_at']).execute();
  await db.schema.createIndex('rejected_events_user').on('rejected_events').columns(['workspace_id', 'user_id']).execute();
  await db.schema.createIndex('rejected_events_anonymous').on('rejected_events').columns(['workspace_id', 'anonymous_id']).execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('suppressions_pk', ['workspace_id', 'id_hash'])
    .execute();

  await db.schema
    .createTable('privacy_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('subject_hash', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('report', json)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  await db.schema.createIndex('privacy_requests_time').on('privacy_requests').columns(['workspace_id', 'created_at']).execute();

  await db.schema
    .createTable('processor_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('cursor', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}
