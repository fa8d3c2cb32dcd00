import type { Clock, Logger } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';
import type { WorkspaceService } from '../workspaces/index.js';

export interface MaintenanceReport {
  readonly eventsPurged: number;
  readonly messageIdsPruned: number;
  readonly rejectedPurged: number;
}

export interface MaintenanceOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly workspaces: WorkspaceService;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a messageId is remembered for deduplication (imported events: as long as the event is kept). */
  readonly dedupWindowMs: number;
}

const DAY = 24 * 3600 * 1000;
const CHUNK = 5000;

/**
 * Scheduled housekeeping: purges raw events past each workspace's retention, forgets messageIds past the
 * deduplication window, and purges rejected payloads past their retention. Profile features computed from purged
 * events stay: they are aggregates, covered by export and erasure with the profile.
 */
export class Maintenance {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(private readonly o: MaintenanceOptions) {}

  async runOnce(): Promise<MaintenanceReport> {
    const { database, repos, workspaces, clock } = this.o;
    const now = clock.now();
    let eventsPurged = 0;
    let rejectedPurged = 0;
    for (const w of await workspaces.list()) {
      const { eventsDays, rejectedDays } = w.settings.retention;
      if (eventsDays !== null) {
        for (;;) {
          const seqs = await database.writeTransaction(async (trx) => {
            const purged = await repos.events.purgeOlderThan(trx, w.id, now - eventsDays * DAY, CHUNK);
            await repos.ingest.deleteMessageIdsOfSeqs(trx, w.id, purged);
            // The processor keeps people's events for live segments: it must read them again.
            if (purged.length > 0) await repos.processor.countRemoval(trx, now);
            return purged;
          });
          eventsPurged += seqs.length;
          if (seqs.length < CHUNK) break;
        }
      }
      rejectedPurged += await repos.ingest.purgeRejected(database.kysely, w.id, now - rejectedDays * DAY);
    }
    const messageIdsPruned = await repos.ingest.pruneMessageIds(database.kysely, now - this.o.dedupWindowMs);
    const report = { eventsPurged, messageIdsPruned, rejectedPurged };
    if (eventsPurged + messageIdsPruned + rejectedPurged > 0) this.o.logger.info(report, 'maintenance purged expired data');
    return report;
  }

  /** Runs every `intervalMs` (and once soon after start). */
  start(intervalMs: number): void {
    const tick = () => {
      this.#running = this.runOnce().catch((error: unknown) => this.o.logger.error({ err: error }, 'maintenance failed'));
    };
    this.#timer = setInterval(tick, intervalMs);
    this.#timer.unref();
    setTimeout(tick, 5000).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
