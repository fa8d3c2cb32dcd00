import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { columnTypes } from './column-types.js';

/**
 * What recommendations are served from: product statistics per day and products bought or viewed together (kept up
 * to date from events, incrementally), trained models with their versions, and named recommenders.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const { json, bytes } = columnTypes(dialect);

  // Views, adds to cart and purchases of each product per UTC day (Unix day number): popularity, trends, best sellers.
  await db.schema
    .createTable('item_stats')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('adds', 'integer', (c) => c.notNull())
    .addColumn('purchases', 'integer', (c) => c.notNull())
    .addColumn('revenue', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_stats_pk', ['workspace_id', 'product_id', 'day'])
    .execute();
  await db.schema.createIndex('item_stats_day').on('item_stats').columns(['workspace_id', 'day']).execute();

  // Pairs of products in the same order (kind "bought") or viewed in the same session (kind "viewed"), both ways, and
  // how many orders or sessions hold each product (product_id "" counts them all), for support, confidence and lift.
  await db.schema
    .createTable('item_pairs')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('a', 'text', (c) => c.notNull())
    .addColumn('b', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_pairs_pk', ['workspace_id', 'kind', 'a', 'b'])
    .execute();
  // A product's strongest partners first, read without sorting all of them (a best seller has thousands).
  await db.schema.createIndex('item_pairs_strongest').on('item_pairs').columns(['workspace_id', 'kind', 'a', 'count desc', 'b']).execute();
  await db.schema
    .createTable('item_totals')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_totals_pk', ['workspace_id', 'kind', 'product_id'])
    .execute();

  await db.schema
    .createTable('rec_models')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('params', json, (c) => c.notNull())
    .addColumn('metrics', json)
    .addColumn('users', 'integer', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull())
    .addColumn('interactions', 'integer', (c) => c.notNull())
    .addColumn('snapshot', bytes)
    .addColumn('error', 'text')
    .addColumn('trained_at', 'bigint', (c) => c.notNull())
    .addColumn('took_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rec_models_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('rec_models_version').on('rec_models').columns(['workspace_id', 'algorithm', 'version']).unique().execute();
  // The trainer looks for models asked for (status queued) every few seconds.
  await db.schema.createIndex('rec_models_status').on('rec_models').columns(['status', 'trained_at']).execute();

  await db.schema
    .createTable('recommenders')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('params', json, (c) => c.notNull())
    .addColumn('rules', json, (c) => c.notNull())
    .addColumn('fallback', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('recommenders_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('recommenders_name').on('recommenders').columns(['workspace_id', 'name']).unique().execute();
}
