import type { Kysely } from 'kysely';

/**
 * Indexes for the overview statistics (docs/statistics.md), which count per UTC day over ranges of up to a year.
 *
 * - Events by time now carry the profile, so that active people (distinct profiles per day and in the last 1/7/30
 *   days) are counted from the index alone: without it each event in the range costs a read of its row, payload and
 *   all — millions of reads for a month of a busy shop. It replaces `events_time`, whose every use (retention, segment
 *   time windows) it serves as well, so the processor maintains as many indexes as before.
 * - Profiles by creation time, with `merged_into` so that new people are counted without reading a profile row.
 *   Profile rows are rewritten on most events, but these columns rarely change, so their entries rarely move.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('events_time_profile').on('events').columns(['workspace_id', 'timestamp', 'profile_id']).execute();
  await db.schema.dropIndex('events_time').execute();
  await db.schema.createIndex('profiles_created').on('profiles').columns(['workspace_id', 'created_at', 'merged_into']).execute();
}
