import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';

/**
 * SQLite: segment memberships stored person by person (WITHOUT ROWID, keyed by profile, then segment), with the
 * segment's members listed by an index. The processor reads the memberships of every person a slice changes, and a
 * decision those of the person it decides for: one range of one B-tree instead of an index look-up and a table
 * look-up per membership. Each entry or exit writes two B-trees instead of three (the rowid table, the key's index and
 * the profile index), and a person's entries and exits of one slice land on one page of the first. PostgreSQL's tables
 * are heaps either way; nothing changes there.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await db.schema
    .createTable('segment_members_clustered')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_members_pk', ['workspace_id', 'profile_id', 'segment_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into segment_members_clustered select workspace_id, segment_id, profile_id, entered_at from segment_members`.execute(db);
  await db.schema.dropTable('segment_members').execute();
  await db.schema.alterTable('segment_members_clustered').renameTo('segment_members').execute();
  await db.schema.createIndex('segment_members_segment').on('segment_members').columns(['workspace_id', 'segment_id', 'profile_id']).execute();
}
