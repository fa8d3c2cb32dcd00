import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '@rapport/engine';
import { openDatabase, type Database } from '@rapport/storage';
import { sql } from 'kysely';
import type { Progress } from '../ingest/progress.js';
import { RESULTS_DIR } from '../ingest/results-file.js';
import type { SegmentsBenchSettings } from './bench-settings.js';
import { copyDatabase, type GeneratedData } from './data-cache.js';
import { defaultEngineSettings } from './generate.js';
import { BenchClock, countBehaviourReads, profiled, SliceTimer, type BehaviourReads } from './live-engine.js';
import { liveSegments } from './live-segments.js';
import { LiveStream } from './live-stream.js';
import { makeCatalog } from './shop-model.js';

const HOUR = 3_600_000;
/** Events processed before the measured drain and not counted: the JIT and the caches warm up on them. */
export const WARMUP_EVENTS = 5000;
/** Parts of the live stream (LiveStream#part): the same in every run, so that every run processes the same events. */
const WARMUP_PART = 9;
const MEASURED_PART = 0;

/** The processor thread of `rapport start` opens its connection with this page cache (engine/src/processor/processor-worker.ts). */
export const PROCESSOR_CACHE_KB = 8000;

/** One timed drain of the processor over a backlog of new events. */
export interface DrainMeasurement {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** What the processor's slices took (processing, live segment evaluation included), and how many slices. */
  readonly sliceSeconds: number;
  readonly slices: number;
  /** Events the slices processed (the log rows they consumed): the same in both runs. */
  readonly processed: number;
  /** The rest of the drain: the jobs that run after processing (segment rebuilds and time sweep, product signals). */
  readonly jobsSeconds: number;
  /** Membership entries and exits recorded during the drain, by reason. */
  readonly changes: Readonly<Record<string, number>>;
  /** The error a drain failed with after processing every event (in the jobs); null when it did not fail. */
  readonly failure: string | null;
  /** Reads of people's events for segment rules during the drain (slices and jobs). */
  readonly behaviourReads: Readonly<BehaviourReads>;
}

/** The segments of a run with segments, created and built before its warm-up. */
export interface LiveBuild {
  readonly segments: number;
  readonly seconds: number;
  readonly memberships: number;
  readonly sizes: Readonly<Record<string, number>>;
}

/** One run of the processor on its own copy of the shop: without segments, or with the 50 live ones. */
export interface LiveRun {
  readonly copySeconds: number;
  readonly build: LiveBuild | null;
  readonly drain: DrainMeasurement;
  /** Live profiles after the drain, and the processor's cursor: the same in both runs when they did the same work. */
  readonly profilesAfter: number;
  readonly cursorAfter: number;
  readonly cpuProfile: string | null;
}

/**
 * The processor's job of product signals (recommendations: engine/src/recommendations/signals/item-signals-job.ts)
 * takes in processed events after its cursor. The generator writes the history directly, so the job never saw it:
 * left alone, the first drain would take in all 20 million past events (about two hours on the 2-core machine) before
 * anything is measured. Its cursor starts at the end of the history instead, as if it had kept up; it then does for
 * the new events what it does live, with and without segments alike.
 */
const SIGNALS_CURSOR = 'recs-signals';

async function startSignalsAtTheEnd(database: Database, lastSeq: number): Promise<void> {
  await database.writeTransaction((trx) =>
    trx
      .insertInto('processor_state')
      .values({ name: SIGNALS_CURSOR, cursor: lastSeq, updated_at: 0 })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute(),
  );
}

async function changesAfter(
  engine: Engine,
  seq: number,
): Promise<{ last: number; byReason: Record<string, number> }> {
  const rows = await sql<{
    reason: string;
    n: number;
    last: number;
  }>`SELECT reason, count(*) AS n, max(seq) AS last FROM segment_changes WHERE seq > ${seq} GROUP BY reason`.execute(
    engine.database.kysely,
  );
  const byReason = Object.fromEntries(rows.rows.map((r) => [r.reason, Number(r.n)]));
  return { last: Math.max(seq, ...rows.rows.map((r) => Number(r.last))), byReason };
}

/** An error's name, message and the frame it was thrown in (repository-relative), for the report. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frame = error.stack
    ?.split('\n')
    .find((line) => line.trimStart().startsWith('at '))
    ?.trim()
    .replace(/file:\/\/\S*?\/(packages|bench|node_modules)\//, '$1/');
  return `${error.name}: ${error.message}${frame === undefined ? '' : ` (${frame})`}`;
}

/** Creates the 50 live segments and builds their membership (batch SQL, in the drain's segment jobs). */
async function buildSegments(engine: Engine, data: GeneratedData, sliceBudgetMs: number): Promise<LiveBuild> {
  const ids = new Map<string, string>();
  for (const s of liveSegments) {
    const created = await engine.segments.create(data.workspaceId, {
      name: s.name,
      purpose: s.purpose ?? null,
      rule: { version: 1, root: s.rule((name) => ids.get(name)!) },
    });
    if (!created.ok) throw new Error(`segment "${s.name}" was refused: ${JSON.stringify(created.error)}`);
    ids.set(s.name, created.value.id);
  }
  const started = performance.now();
  await engine.processor.drain({ sliceBudgetMs });
  const seconds = (performance.now() - started) / 1000;
  const views = await engine.segments.list(data.workspaceId);
  const notLive = views.filter((v) => v.status !== 'live');
  if (notLive.length > 0)
    throw new Error(`segments not built after the drain: ${notLive.map((v) => v.name).join(', ')}`);
  return {
    segments: views.length,
    seconds,
    memberships: views.reduce((sum, v) => sum + v.size, 0),
    sizes: Object.fromEntries(views.map((v) => [v.name, v.size])),
  };
}

/**
 * One run on a fresh copy of the shop's database (the cache stays as generated): with `segments`, the 50 live
 * segments are created and built first; then a warm-up drain and the measured drain, each over a backlog of new
 * events. Every run appends the same events at the same instants of the shop's clock (the warm-up's in the hour after
 * the data ends, the measured ones in the hour after that), so runs with and without segments differ only by the
 * segments. The engine runs in this thread with the processor thread's settings of `rapport start` (8 MB page cache,
 * the slice budget of a backlog), at a clock set to the shop's time and then running with real time.
 */
export async function liveRun(
  data: GeneratedData,
  o: { segments: boolean; settings: SegmentsBenchSettings; progress: Progress },
): Promise<LiveRun> {
  const { settings, progress } = o;
  const name = o.segments ? 'with-segments' : 'without-segments';
  const started = performance.now();
  const dataDir = copyDatabase(data, 'rapport-bench-segments-live-');
  const copySeconds = (performance.now() - started) / 1000;
  progress.detail(`copied the shop's database to ${dataDir} in ${copySeconds.toFixed(0)} s`);
  const database = await openDatabase({ dataDir, cacheKb: PROCESSOR_CACHE_KB });
  const clock = new BenchClock(data.shape.end);
  const timer = new SliceTimer();
  const engine = createEngine({ database, settings: defaultEngineSettings(), clock, metrics: timer });
  try {
    await database.migrate();
    await startSignalsAtTheEnd(database, data.shape.events);
    await engine.start({ background: false });
    const reads = countBehaviourReads(engine);
    const stream = new LiveStream(data.shape, makeCatalog(data.shape.seed));
    let changeSeq = 0;

    let build: LiveBuild | null = null;
    if (o.segments) {
      progress.detail(`creating ${liveSegments.length} segments and building their membership (batch SQL)`);
      build = await buildSegments(engine, data, settings.sliceBudgetMs);
      changeSeq = (await changesAfter(engine, 0)).last;
      progress.detail(
        `built in ${build.seconds.toFixed(0)} s: ${build.memberships.toLocaleString('en-US')} memberships`,
      );
    }

    /** New events of one hour of the shop, appended (not timed), then drained (timed). */
    const drainPart = async (part: number, events: number, from: number, file?: string) => {
      const messages = stream.part(part, { events, from, to: from + HOUR });
      clock.set(from + HOUR);
      let last = 0;
      for (let i = 0; i < messages.length; i += settings.ingestBatch) {
        const result = await engine.ingest.ingestMessages(
          data.workspaceId,
          messages.slice(i, i + settings.ingestBatch),
          { source: 'import' },
        );
        if (result.accepted !== Math.min(settings.ingestBatch, messages.length - i))
          throw new Error(`live events were refused: ${JSON.stringify(result.problems.slice(0, 3))}`);
        last = Math.max(last, ...result.seqs);
      }
      // The disk idle when the clock starts: the write-ahead log copied into the database (RESTART: the log starts over
      // at its beginning; TRUNCATE would make every commit of the run grow the file again), and every file written so
      // far (the 3 GB copy of the shop, the segments' build) on disk, so that their writeback does not fall into the
      // measurement.
      await sql`PRAGMA wal_checkpoint(RESTART)`.execute(database.kysely);
      execFileSync('sync');
      timer.reset();
      Object.assign(reads, { calls: 0, people: 0, rows: 0, seconds: 0 });
      const t = performance.now();
      let failure: string | null = null;
      try {
        await profiled(file, () => engine.processor.drain({ sliceBudgetMs: settings.sliceBudgetMs }));
      } catch (error) {
        // Reported, not thrown, when every event was processed: the failure is then in the jobs after them.
        failure = describeFailure(error);
        if (engine.processor.cursor < last) throw error;
        progress.detail(`the drain failed after processing every event: ${failure}`);
      }
      const seconds = (performance.now() - t) / 1000;
      const changes = await changesAfter(engine, changeSeq);
      changeSeq = changes.last;
      return {
        events,
        seconds,
        eventsPerSecond: events / seconds,
        sliceSeconds: timer.seconds,
        slices: timer.slices,
        processed: timer.events,
        jobsSeconds: seconds - timer.seconds,
        changes: changes.byReason,
        failure,
        behaviourReads: { ...reads },
      } satisfies DrainMeasurement;
    };

    progress.detail(`warming up on ${WARMUP_EVENTS.toLocaleString('en-US')} events (not counted)`);
    await drainPart(WARMUP_PART, WARMUP_EVENTS, data.shape.end);
    progress.detail(`measuring: ${settings.liveEvents.toLocaleString('en-US')} new events`);
    const file = settings.cpuProfile ? join(RESULTS_DIR, `segments-live-${name}.cpuprofile`) : undefined;
    const drain = await drainPart(MEASURED_PART, settings.liveEvents, data.shape.end + HOUR, file);
    const profiles = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM profiles WHERE workspace_id = ${data.workspaceId} AND merged_into IS NULL`.execute(
      database.kysely,
    );
    return {
      copySeconds,
      build,
      drain,
      profilesAfter: Number(profiles.rows[0]!.n),
      cursorAfter: engine.processor.cursor,
      cpuProfile: file ?? null,
    };
  } finally {
    await engine.stop();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
