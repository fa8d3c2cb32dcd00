import type { Clock, Logger } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';
import { ItemSignalsJob, refreshContentModel } from '../recommendations/index.js';
import { RfmService } from '../rfm/index.js';
import { PeopleCache, SegmentCatalog, SegmentJobs, rfmLookup, type RfmLookup } from '../segments/index.js';
import type { WorkspaceService } from '../workspaces/index.js';

/** How often the processor looks for models to train again (the catalog changed; the schedule of learned models). */
const MODELS_EVERY_MS = 30_000;
/** While events flow, how long the product signals are taken in for at each run of the jobs (a slice's budget). */
const FLOW_JOBS_MS = 20;
/** Events per transaction of the product signals between slices: about 20 ms of CPU on a quiet machine. */
const JOBS_BATCH = 100;

/** What the processor maintains besides profiles: segment membership with each slice, and the segment jobs. */
export interface ProcessorExtensions {
  readonly segments: { readonly catalog: SegmentCatalog; readonly rfm: RfmLookup; readonly cache: PeopleCache };
  /**
   * The work run between slices: segment jobs, then the product signals of recommendations. `sweep` runs everything
   * due (a drain); `flowing` tells whether events are arriving, when the jobs keep to little so that the processor
   * gets back to them.
   */
  readonly jobs: { run(options?: { sweep?: boolean; flowing?: () => boolean }): Promise<void> };
}

/** Wires segment maintenance for a processor, in whichever thread it runs. */
export function createProcessorExtensions(deps: {
  database: Database;
  repos: Repositories;
  workspaces: WorkspaceService;
  clock: Clock;
  logger: Logger;
  sweepMs?: number;
}): ProcessorExtensions {
  const { database, repos, workspaces, clock, logger } = deps;
  const catalog = new SegmentCatalog(database, repos, workspaces, clock, logger);
  const rfm = rfmLookup(repos);
  // What live segments read of people (events, memberships), kept between slices and for the time sweep (same thread).
  const cache = new PeopleCache();
  const rfmService = new RfmService({ database, repos, rfm: repos.rfm, workspaces, clock });
  const segmentJobs = new SegmentJobs({
    database,
    repos,
    catalog,
    workspaces,
    rfm,
    cache,
    clock,
    logger,
    ...(deps.sweepMs === undefined ? {} : { sweepMs: deps.sweepMs }),
    rfmJobs: {
      latestRunAt: async (workspaceId) => (await repos.rfm.latestRun(database.kysely, workspaceId))?.computedAt ?? null,
      refresh: async (workspaceId) => {
        await rfmService.refresh(workspaceId);
      },
    },
  });
  const signals = new ItemSignalsJob({ database, repos, workspaces, clock });
  let lastModels = Number.NEGATIVE_INFINITY;
  return {
    segments: { catalog, rfm, cache },
    jobs: {
      run: async (options) => {
        await segmentJobs.run(options);
        // A drain (sweep) takes in everything. Between slices, batches of JOBS_BATCH events: up to 100 of them while
        // events pause; once they flow, as many as fit in FLOW_JOBS_MS, and at least one (the processor rests nine times
        // as long after). A flow is noticed only between two batches: batches of 500 (100 ms of CPU, more when the cores
        // are busy) kept the first quarter second of a flow that began after a catch-up short of CPU, and its requests
        // waiting (bench/README.md, 2 December 2026, evening).
        const started = performance.now();
        const flowing = (): boolean => options?.flowing?.() === true;
        await signals.run(
          options?.sweep
            ? {}
            : {
                maxBatches: () => (!flowing() ? 100 : performance.now() - started < FLOW_JOBS_MS ? Number.POSITIVE_INFINITY : 1),
                batchSize: JOBS_BATCH,
              },
        );
        // Content models follow the catalog: checked at each sweep (a cheap query), rebuilt when it changed.
        if (options?.sweep || clock.now() - lastModels >= MODELS_EVERY_MS) {
          lastModels = clock.now();
          for (const w of await workspaces.list()) await refreshContentModel({ database, repos, clock, workspaceId: w.id });
        }
      },
    },
  };
}
