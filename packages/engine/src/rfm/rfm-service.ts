import type { RfmModelView, RfmQuery, RfmSegmentName } from '@rapport/contracts';
import { AppError, uuidv7, type Clock } from '@rapport/core';
import type { Database, Executor, Repositories, RfmRepository, RfmRun, RfmScoreRow } from '@rapport/storage';
import { decodeCursor, pageOf } from '../pagination/index.js';
import type { WorkspaceService } from '../workspaces/index.js';
import { scoreCustomers } from './rfm-scoring.js';
import { customerFromRow, customerView, scoreRow, summaryView, type RfmCustomer, type RfmModel } from './rfm-views.js';

export interface RfmServiceOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly rfm: RfmRepository;
  readonly workspaces: WorkspaceService;
  readonly clock: Clock;
}

/** A person's scores in the stored model, as segment rules read them. */
export interface RfmScore {
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly segment: RfmSegmentName;
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetary: number;
}

/** Attempts to compute a refresh outside the processing transaction before computing it inside (see refresh). */
const OUTSIDE_ATTEMPTS = 3;

/**
 * The RFM model (recency, frequency, monetary) of each workspace's customers, docs/rfm.md: computed on the fly for any
 * instant, or refreshed and stored so that segment rules read one row per person. The segment jobs refresh it on the
 * workspace's schedule (settings.rfm.refreshHours); the API refreshes it on demand.
 */
export class RfmService {
  constructor(private readonly o: RfmServiceOptions) {}

  /** The model as of `asOf` (default now) over the last `windowDays` (default the workspace's setting), not stored. */
  async compute(workspaceId: string, options: { asOf?: number; windowDays?: number | null } = {}, db: Executor = this.o.database.kysely): Promise<RfmModel> {
    const windowDays = options.windowDays === undefined ? (await this.o.workspaces.get(workspaceId, db)).settings.rfm.windowDays : options.windowDays;
    const asOf = options.asOf ?? this.o.clock.now();
    const started = performance.now();
    const rows = await this.o.rfm.customerMeasures(db, workspaceId, { asOf, windowDays });
    const scoring = scoreCustomers(rows, asOf);
    return { workspaceId, asOf, windowDays, ...scoring, computedAt: this.o.clock.now(), tookMs: Math.round(performance.now() - started) };
  }

  /**
   * Computes the model as of `asOf` (default now) over the workspace's window and stores its scores and the run, in one
   * processing transaction: serialized with erasures, so that a person erased meanwhile is not written back. The
   * model is computed before that transaction, so that the processor does not wait for the aggregation; when an
   * erasure ran in between, it is computed again (inside the transaction after a few tries, so that a refresh always
   * ends).
   */
  async refresh(workspaceId: string, options: { asOf?: number } = {}): Promise<RfmRun> {
    const { database, repos, rfm } = this.o;
    const asOf = options.asOf ?? this.o.clock.now();
    for (let attempt = 1; ; attempt++) {
      const erasures = await repos.processor.removalCount(database.kysely);
      const prepared = attempt <= OUTSIDE_ATTEMPTS ? await this.compute(workspaceId, { asOf }) : undefined;
      const run = await database.processingTransaction(async (trx) => {
        if (prepared !== undefined && (await repos.processor.removalCount(trx)) !== erasures) return undefined;
        const model = prepared ?? (await this.compute(workspaceId, { asOf }, trx));
        const started = performance.now();
        // Runs are ordered by computedAt, which the stored scores carry too: later than the previous run's, even when a
        // clock (another thread's, a test's) says the same millisecond, so that the last run is always the one stored.
        const previous = await rfm.latestRun(trx, workspaceId);
        const computedAt = Math.max(model.computedAt, previous === undefined ? 0 : previous.computedAt + 1);
        await rfm.replaceScores(trx, workspaceId, scoreRows(workspaceId, model.customers, computedAt));
        const stored: RfmRun = {
          workspaceId,
          id: uuidv7(computedAt),
          asOf,
          windowDays: model.windowDays,
          customers: model.customers.length,
          cutPoints: model.cutPoints,
          counts: model.counts,
          grid: model.grid,
          computedAt,
          tookMs: model.tookMs + Math.round(performance.now() - started),
        };
        await rfm.insertRun(trx, stored);
        return stored;
      });
      if (run !== undefined) return run;
    }
  }

  /**
   * The model as the API shows it. With `asOf`: computed for that instant and not stored. Without: the last refresh
   * (what segment rules use), or, before the first one, computed for now.
   */
  async view(workspaceId: string, query: RfmQuery): Promise<RfmModelView> {
    const limit = query.limit ?? 50;
    const after = query.cursor === undefined ? undefined : decodeCursor<[string]>(query.cursor, ['string'])[0];
    if (query.asOf === undefined) {
      const stored = await this.#storedView(workspaceId, { limit, after, segment: query.segment });
      if (stored !== undefined) return stored;
    }
    const model = await this.compute(workspaceId, query.asOf === undefined ? {} : { asOf: parseInstant(query.asOf) });
    // Profile id order in code units, as the databases order the stored scores (UUIDs: hex digits, dashes in place).
    const candidates = model.customers.filter((c) => (query.segment === undefined || c.segment === query.segment) && (after === undefined || c.profileId > after));
    candidates.sort((a, b) => (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0));
    const page = await this.#page(workspaceId, candidates.slice(0, limit + 1), limit);
    return { ...summaryView(model, model.customers.length), ...page, stored: false };
  }

  /** The stored scores of some profiles (those out of the model are absent); inside a transaction, pass it as `db`. */
  async scoresOf(workspaceId: string, profileIds: readonly string[], db: Executor = this.o.database.kysely): Promise<Map<string, RfmScore>> {
    const rows = await this.o.rfm.scoresOf(db, workspaceId, profileIds);
    return new Map(rows.map((row) => [row.profile_id, customerFromRow(row)]));
  }

  async #storedView(workspaceId: string, o: { limit: number; after: string | undefined; segment: RfmSegmentName | undefined }): Promise<RfmModelView | undefined> {
    const db = this.o.database.kysely;
    // The run and its scores are read apart: when a refresh commits in between, the page is read again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const run = await this.o.rfm.latestRun(db, workspaceId);
      if (run === undefined) return undefined;
      const rows = await this.o.rfm.page(db, workspaceId, { limit: o.limit + 1, afterProfileId: o.after, segment: o.segment });
      if (rows.some((r) => r.computed_at !== run.computedAt) && attempt < 2) continue;
      const page = await this.#page(workspaceId, rows.map(customerFromRow), o.limit);
      return { ...summaryView(run, run.customers), ...page, stored: true };
    }
    return undefined;
  }

  /** `limit + 1` customers as a page, with each one's first userId. */
  async #page(workspaceId: string, customers: readonly RfmCustomer[], limit: number): Promise<Pick<RfmModelView, 'items' | 'nextCursor'>> {
    const shown = customers.slice(0, limit);
    const identities = await this.o.repos.profiles.identitiesOf(
      this.o.database.kysely,
      workspaceId,
      shown.map((c) => c.profileId),
    );
    const userIds = new Map<string, string>();
    // Oldest first: a person known by several userIds (after an alias) shows the first.
    for (const i of identities) if (i.kind === 'user' && !userIds.has(i.profile_id)) userIds.set(i.profile_id, i.value);
    return pageOf(customers, limit, (c) => customerView(c, userIds.get(c.profileId) ?? null), (c) => [c.profileId]);
  }
}

/** The rows of a model's scores, made one at a time as they are inserted. */
function* scoreRows(workspaceId: string, customers: readonly RfmCustomer[], computedAt: number): Generator<RfmScoreRow> {
  for (const c of customers) yield scoreRow(workspaceId, c, computedAt);
}

function parseInstant(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new AppError({ code: 'ERR_REQUEST_INVALID', message: 'asOf is not a date-time', details: [{ path: '/query/asOf', message: 'expected an ISO 8601 date-time' }] });
  return ms;
}
