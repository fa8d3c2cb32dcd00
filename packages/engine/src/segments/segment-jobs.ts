import { ruleSqlDialect, type Database, type Executor, type Repositories, type SegmentRow } from '@rapport/storage';
import type { Clock, Logger } from '@rapport/core';
import { profileFromRow } from '../profiles/index.js';
import type { WorkspaceService } from '../workspaces/index.js';
import type { PeopleCache } from './people-cache.js';
import { evaluatePeople } from './live-evaluation.js';
import { emptyDiff, type ChangeReason, type MembershipDiff } from './membership-diff.js';
import { writeMembershipDiff } from './membership-writes.js';
import type { RfmLookup } from './person-facts.js';
import { compileRuleSql } from './rule-sql.js';
import { eventsAheadMark } from './time-dependence.js';
import type { LiveSegment, SegmentCatalog, WorkspaceSegments } from './segment-catalog.js';

/** What the jobs need of the RFM module: its latest refresh, and a refresh. */
export interface RfmJobs {
  latestRunAt(workspaceId: string): Promise<number | null>;
  refresh(workspaceId: string): Promise<void>;
}

export interface SegmentJobsOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly catalog: SegmentCatalog;
  readonly workspaces: WorkspaceService;
  readonly rfm: RfmLookup;
  /** What the processor of the same thread keeps of people between its slices (see PeopleCache). */
  readonly cache?: PeopleCache;
  readonly rfmJobs: RfmJobs;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often windows are checked for people whose membership time changed (default 30 s). */
  readonly sweepMs?: number;
  /** How often segments that depend on time in general (local time, relative trait dates) are evaluated in full. */
  readonly fullMs?: number;
}

/** Rows written per transaction by rebuilds: short, so that the log's appends never wait long for the write lock. */
const CHUNK = 2000;
/** People evaluated at once by the time sweep. */
const SWEEP_BATCH = 500;

/** `items` in pieces of at most `size`. */
function piecesOf<T>(items: readonly T[], size: number): T[][] {
  const pieces: T[][] = [];
  for (let i = 0; i < items.length; i += size) pieces.push(items.slice(i, i + size));
  return pieces;
}

/**
 * The segment work that runs in the processor between slices (so that nothing else writes membership meanwhile):
 * rebuilding a segment whose rule changed (batch SQL, diffed with stored membership), removing deleted segments,
 * the time sweep (people whose windows moved; segments that depend on time in general), refreshing the RFM model on
 * schedule and re-evaluating the segments that use it, and the daily sizes.
 */
export class SegmentJobs {
  readonly #o: Required<Omit<SegmentJobsOptions, 'sweepMs' | 'fullMs' | 'cache'>> & { sweepMs: number; fullMs: number; cache?: PeopleCache | undefined };
  #lastSweep = Number.NEGATIVE_INFINITY;
  readonly #lastFull = new Map<string, number>();

  constructor(options: SegmentJobsOptions) {
    this.#o = { sweepMs: 30_000, fullMs: 60_000, ...options };
  }

  /** Runs what is due: rebuilds always, the sweep when its interval has passed (or with `sweep`). */
  async run(options: { sweep?: boolean } = {}): Promise<void> {
    const { database, repos } = this.#o;
    for (const row of await repos.segments.unbuilt(database.kysely)) await this.#build(row);
    const now = this.#o.clock.now();
    if (!options.sweep && now - this.#lastSweep < this.#o.sweepMs) return;
    this.#lastSweep = now;
    // The RFM model of every workspace is refreshed on its schedule, whether or not segments use it (the API shows it).
    for (const workspace of await this.#o.workspaces.list()) await this.#refreshRfm(workspace.id, now);
    for (const workspaceId of await repos.segments.workspaceIds(database.kysely)) {
      await this.#sweep(workspaceId, now);
      await repos.segments.recordSizes(database.kysely, workspaceId, new Date(now).toISOString().slice(0, 10));
    }
  }

  /** Brings a segment's membership to its current definition, or removes a deleted segment. */
  async #build(row: SegmentRow): Promise<void> {
    const { database, repos, catalog, clock } = this.#o;
    const db = database.kysely;
    if (row.deleted_at !== null) {
      this.#o.cache?.forgetMemberships();
      for (;;) {
        const ids = await repos.segments.memberIds(db, row.workspace_id, row.id, { limit: CHUNK });
        if (ids.length === 0) break;
        await database.processingTransaction((trx) => repos.segments.removeMembers(trx, row.workspace_id, row.id, ids));
      }
      await database.processingTransaction((trx) => repos.segments.remove(trx, row.workspace_id, row.id));
      catalog.invalidate(row.workspace_id);
      return;
    }
    const ws = await catalog.get(row.workspace_id, { fresh: true });
    const segment = ws.segments.find((s) => s.id === row.id);
    if (segment === undefined || segment.version !== row.version) return; // changed meanwhile: the next run builds it
    const started = clock.now();
    await this.resync(ws, segment, 'rebuild');
    await database.processingTransaction(async (trx) => {
      await repos.segments.update(trx, row.workspace_id, row.id, { built_version: row.version, built_at: clock.now() });
      await repos.segments.refreshSizes(trx, row.workspace_id, [row.id]);
    });
    this.#o.logger.info({ segmentId: row.id, version: row.version, ms: clock.now() - started }, 'segment membership built');
  }

  /**
   * The batch path: evaluates a segment over every profile in SQL and makes stored membership equal to it, recording
   * entries and exits. Reads outside any transaction, writes in short ones; a person erased meanwhile is not added.
   */
  async resync(ws: WorkspaceSegments, segment: LiveSegment, reason: ChangeReason): Promise<void> {
    const { database, repos, clock } = this.#o;
    const now = clock.now();
    const condition = compileRuleSql(segment.rule, { dialect: ruleSqlDialect(database.dialect), context: ws.context, workspaceId: ws.workspaceId, now, purpose: segment.purpose });
    // Many people's memberships change at once: what the processor keeps of them is read again.
    this.#o.cache?.forgetMemberships();
    const toAdd = await repos.segments.idsToAdd(database.kysely, ws.workspaceId, segment.id, condition);
    const toRemove = await repos.segments.idsToRemove(database.kysely, ws.workspaceId, segment.id, condition);
    for (const chunk of piecesOf(toAdd, CHUNK)) {
      await database.processingTransaction(async (trx) => {
        const live = await repos.segments.liveProfileIds(trx, ws.workspaceId, chunk);
        await writeMembershipDiff(trx, repos, ws.workspaceId, diffOf(ws.workspaceId, segment.id, live, [], reason, now));
      });
    }
    for (const chunk of piecesOf(toRemove, CHUNK)) {
      await database.processingTransaction((trx) => writeMembershipDiff(trx, repos, ws.workspaceId, diffOf(ws.workspaceId, segment.id, [], chunk, reason, now)));
    }
  }

  /**
   * Time passing: for segments with windows, the people whose events crossed a window's edge since the last sweep are
   * evaluated again (the live path); segments that depend on time in general are evaluated in full every `fullMs`.
   */
  async #sweep(workspaceId: string, now: number): Promise<void> {
    const { database, repos, catalog } = this.#o;
    const db = database.kysely;
    const marker = `segment-sweep:${workspaceId}`;
    const from = await repos.processor.cursor(db, marker);
    const ws = await catalog.get(workspaceId, { fresh: true });
    if (from > 0 && from < now) {
      const triggered = ws.segments.filter((s) => s.time.triggers.length > 0);
      const candidates = new Set<string>();
      // Events whose time crossed `now` since the last sweep entered windows: only those processed before their time
      // had not been counted yet (see eventsAheadMark); without any, the people active meanwhile need no new look.
      const ahead = (await repos.processor.cursor(db, eventsAheadMark(workspaceId))) >= from;
      for (const t of triggered.flatMap((s) => s.time.triggers)) {
        const ranges: (readonly [number, number])[] = [[from - t.windowMs, now - t.windowMs]];
        if (ahead) ranges.push([from, now + 1]);
        for (const [a, b] of ranges) {
          for (const id of await repos.events.profilesWithEventsBetween(db, workspaceId, { names: t.names, from: a, to: b })) candidates.add(id);
        }
      }
      const only = new Set(triggered.map((s) => s.id));
      for (const batch of piecesOf([...candidates], SWEEP_BATCH)) await this.evaluate(ws, batch, only, 'time', now);
      for (const segment of ws.segments) {
        if (!segment.time.full || now - (this.#lastFull.get(segment.id) ?? 0) < this.#o.fullMs) continue;
        this.#lastFull.set(segment.id, now);
        await this.resync(ws, segment, 'time');
      }
    }
    await database.processingTransaction((trx) => repos.processor.setCursor(trx, marker, now, now));
  }

  /** Evaluates some people again (the live path) for some segments and writes what changed. */
  async evaluate(ws: WorkspaceSegments, profileIds: readonly string[], only: ReadonlySet<string>, reason: ChangeReason, now: number): Promise<void> {
    const { database, repos } = this.#o;
    const rows = await repos.profiles.findProfiles(database.kysely, ws.workspaceId, profileIds);
    const subjects = rows.filter((r) => r.merged_into === null).map(profileFromRow).map((p) => ({ profileId: p.id, traits: p.traits, features: p.features, consent: p.consent }));
    const removals = await repos.processor.removalCount(database.kysely);
    this.#o.cache?.validate(removals);
    const diff = await evaluatePeople({ db: database.kysely, repos, segments: ws, rfm: this.#o.rfm, now, reason, subjects, only, cache: this.#o.cache });
    const written = await database.processingTransaction(async (trx) => {
      // An erasure meanwhile: keep only the changes of people who still exist.
      const kept = (await repos.processor.removalCount(trx)) === removals ? diff : await keepLive(trx, repos, ws.workspaceId, diff);
      await writeMembershipDiff(trx, repos, ws.workspaceId, kept);
      return kept;
    });
    this.#o.cache?.membershipsWritten(written);
  }

  /** Refreshes the RFM model when it is due, then re-evaluates the segments that use it. */
  async #refreshRfm(workspaceId: string, now: number): Promise<void> {
    const { database, repos, catalog, rfmJobs, workspaces } = this.#o;
    const latest = await rfmJobs.latestRunAt(workspaceId);
    const { refreshHours } = (await workspaces.get(workspaceId)).settings.rfm;
    if (latest === null || now - latest >= refreshHours * 3_600_000) await rfmJobs.refresh(workspaceId);
    const run = await rfmJobs.latestRunAt(workspaceId);
    if (run === null) return;
    const marker = `segment-rfm:${workspaceId}`;
    if ((await repos.processor.cursor(database.kysely, marker)) >= run) return;
    const ws = await catalog.get(workspaceId, { fresh: true });
    for (const segment of ws.segments.filter((s) => s.usesRfm)) await this.resync(ws, segment, 'rfm');
    await database.processingTransaction((trx) => repos.processor.setCursor(trx, marker, run, now));
  }
}

function diffOf(workspaceId: string, segmentId: string, add: readonly string[], remove: readonly string[], reason: ChangeReason, now: number): MembershipDiff {
  const diff = emptyDiff();
  for (const id of add) {
    diff.add.push({ workspace_id: workspaceId, segment_id: segmentId, profile_id: id, entered_at: now });
    diff.changes.push({ workspace_id: workspaceId, segment_id: segmentId, profile_id: id, kind: 'entered', reason, at: now });
  }
  for (const id of remove) {
    diff.remove.push({ segmentId, profileId: id });
    diff.changes.push({ workspace_id: workspaceId, segment_id: segmentId, profile_id: id, kind: 'exited', reason, at: now });
  }
  diff.sizeDelta.set(segmentId, add.length - remove.length);
  return diff;
}

async function keepLive(trx: Executor, repos: Repositories, workspaceId: string, diff: MembershipDiff): Promise<MembershipDiff> {
  const ids = new Set([...diff.add.map((a) => a.profile_id), ...diff.remove.map((r) => r.profileId)]);
  const live = new Set(await repos.segments.liveProfileIds(trx, workspaceId, [...ids]));
  const kept = emptyDiff();
  for (const a of diff.add) if (live.has(a.profile_id)) kept.add.push(a);
  for (const r of diff.remove) if (live.has(r.profileId)) kept.remove.push(r);
  for (const c of diff.changes) if (live.has(c.profile_id)) kept.changes.push(c);
  for (const a of kept.add) kept.sizeDelta.set(a.segment_id, (kept.sizeDelta.get(a.segment_id) ?? 0) + 1);
  for (const r of kept.remove) kept.sizeDelta.set(r.segmentId, (kept.sizeDelta.get(r.segmentId) ?? 0) - 1);
  return kept;
}

