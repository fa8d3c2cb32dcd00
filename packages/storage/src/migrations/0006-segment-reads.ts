import type { Kysely } from 'kysely';

/**
 * Live segments read a person's events name by name, each within its own window (EventsRepository#behaviourOf):
 * with the time index alone, "bought shoes, ever" walked every row of an active person's history to find their few
 * orders. Keyed by name, then time, each name's window is one range of the index; with seq in it, what a window without
 * property filters needs is read from the index alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('events_profile_event').on('events').columns(['workspace_id', 'profile_id', 'event', 'timestamp', 'seq']).execute();
}
