import type { Executor } from './executor.js';

/** Named for what it first counted; counts every removal now. */
const REMOVALS = 'erasures';

/** The processor's position in the log and the leases that keep one processor running per database. */
export class ProcessorRepository {
  async cursor(db: Executor, name: string): Promise<number> {
    const row = await db.selectFrom('processor_state').select('cursor').where('name', '=', name).executeTakeFirst();
    return row?.cursor ?? 0;
  }

  async setCursor(db: Executor, name: string, cursor: number, at: number): Promise<void> {
    await db
      .insertInto('processor_state')
      .values({ name, cursor, updated_at: at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ cursor, updated_at: at }))
      .execute();
  }

  /**
   * How many times people's processed data was removed by anything but the processor: erasures and the retention
   * purge. The processor redoes a slice prepared while one ran, and empties what it keeps of people's events (see
   * Processor).
   */
  async removalCount(db: Executor): Promise<number> {
    return this.cursor(db, REMOVALS);
  }

  /** Counts a removal (an erasure, a purge of expired events), inside its transaction. */
  async countRemoval(db: Executor, at: number): Promise<void> {
    await this.setCursor(db, REMOVALS, (await this.cursor(db, REMOVALS)) + 1, at);
  }

  /**
   * Takes or renews the lease `name` for `owner` until `expiresAt`; true when `owner` holds it afterwards. A lease is
   * free when it has expired or belongs to `owner` already.
   */
  async acquireLease(db: Executor, lease: { name: string; owner: string; now: number; expiresAt: number }): Promise<boolean> {
    await db
      .insertInto('leases')
      .values({ name: lease.name, owner: lease.owner, expires_at: lease.expiresAt })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner: lease.owner, expires_at: lease.expiresAt })
          .where((eb) => eb.or([eb('leases.owner', '=', lease.owner), eb('leases.expires_at', '<', lease.now)])),
      )
      .execute();
    const row = await db.selectFrom('leases').select('owner').where('name', '=', lease.name).executeTakeFirst();
    return row?.owner === lease.owner;
  }

  async releaseLease(db: Executor, name: string, owner: string): Promise<void> {
    await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
  }

  async leaseHolder(db: Executor, name: string, now: number): Promise<string | undefined> {
    const row = await db.selectFrom('leases').select(['owner', 'expires_at']).where('name', '=', name).executeTakeFirst();
    return row !== undefined && row.expires_at >= now ? row.owner : undefined;
  }
}
