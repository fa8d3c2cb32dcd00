import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { columnTypes } from './column-types.js';
import { createPostgresSegmentFunctions } from '../dialect/postgres/postgres-segment-functions.js';

/** Segments and their membership, RFM scores, geofences; the events' revenue and an index by event name and time. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { json } = columnTypes(dialect);
  const serial = dialect === 'postgres' ? 'bigint' : 'integer';

  // Revenue of Order Completed / Order Refunded (Segment spec v2: revenue, else total, else Σ price × quantity), set by
  // the processor, so that RFM sums a column instead of reading every order's JSON.
  await db.schema.alterTable('events').addColumn('revenue', 'double precision').execute();
  // Behaviour conditions look events up by name and time; new events land at the right edge of their name's range.
  await db.schema.createIndex('events_event_time').on('events').columns(['workspace_id', 'event', 'timestamp']).execute();

  await db.schema
    .createTable('segments')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('rule', json, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('built_version', 'integer', (c) => c.notNull())
    .addColumn('built_at', 'bigint')
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('segments_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('segment_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_members_pk', ['workspace_id', 'segment_id', 'profile_id'])
    .execute();
  await db.schema.createIndex('segment_members_profile').on('segment_members').columns(['workspace_id', 'profile_id']).execute();

  // The stream of membership changes: the history per person and the segment.entered / segment.exited signals.
  await db.schema
    .createTable('segment_changes')
    .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('segment_changes_profile').on('segment_changes').columns(['workspace_id', 'profile_id', 'seq']).execute();
  await db.schema.createIndex('segment_changes_segment').on('segment_changes').columns(['workspace_id', 'segment_id', 'seq']).execute();

  await db.schema
    .createTable('segment_sizes')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_sizes_pk', ['workspace_id', 'segment_id', 'day'])
    .execute();

  await db.schema
    .createTable('rfm_scores')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('recency_days', 'integer', (c) => c.notNull())
    .addColumn('frequency', 'integer', (c) => c.notNull())
    .addColumn('monetary', 'double precision', (c) => c.notNull())
    .addColumn('r', 'integer', (c) => c.notNull())
    .addColumn('f', 'integer', (c) => c.notNull())
    .addColumn('m', 'integer', (c) => c.notNull())
    .addColumn('segment', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rfm_scores_pk', ['workspace_id', 'profile_id'])
    .execute();
  await db.schema.createIndex('rfm_scores_segment').on('rfm_scores').columns(['workspace_id', 'segment']).execute();

  // Each refresh of a workspace's RFM model: when, as of when, over which window, its cut points and counts.
  await db.schema
    .createTable('rfm_runs')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('as_of', 'bigint', (c) => c.notNull())
    .addColumn('window_days', 'integer')
    .addColumn('customers', 'integer', (c) => c.notNull())
    .addColumn('cut_points', json, (c) => c.notNull())
    .addColumn('counts', json, (c) => c.notNull())
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addColumn('took_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rfm_runs_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('geofences')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('shape', json, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('geofences_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('geofences_key').on('geofences').columns(['workspace_id', 'key']).unique().execute();

  // SQLite: the same functions are registered on each connection (sqlite-segment-functions.ts).
  if (dialect === 'postgres') await createPostgresSegmentFunctions(db);
}
