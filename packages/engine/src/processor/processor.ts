import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { uuidv7, type Clock, type Logger } from '@rapport/core';
import type { Database, LogRow, Repositories } from '@rapport/storage';
import type { EngineMetrics } from '../metrics/index.js';
import type { UserAgentParser } from '../profiles/index.js';
import type { ProcessorExtensions } from './processor-extensions.js';
import type { WorkspaceService } from '../workspaces/index.js';
import { CursorWatch, EVENTS_CURSOR, type ProcessorControl, type ProcessorLag } from './cursor-watch.js';
import { SliceProcessor, type SliceOutcome } from './slice-processor.js';

export interface ProcessorOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly workspaces: WorkspaceService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
  readonly userAgents: UserAgentParser;
  readonly locationDecimals: number;
  /** Live segment membership, maintained with each slice, and the segment jobs run between slices; absent: none. */
  readonly extensions?: ProcessorExtensions | undefined;
  /** How often to look for work appended by other processes, and for a free lease. */
  readonly pollMs?: number;
  /**
   * A slice's budget while events keep arriving: the slice size adapts so that one slice takes about this long. Its
   * writes hold the database's write lock, which the log's appends wait for.
   */
  readonly sliceBudgetMs?: number;
  /**
   * A slice's budget when no event arrived for a moment: larger slices write each touched page once for more events,
   * which is how a backlog is worked off fastest. Defaults to `sliceBudgetMs` (a processor in the request thread must
   * keep slices short whatever happens).
   */
  readonly quietSliceBudgetMs?: number;
  readonly leaseMs?: number;
  /** Told the cursor after each slice (a worker passes it on to its parent). */
  readonly onAdvance?: (cursor: number) => void;
  /**
   * Events in the first slice; the size then adapts to the budget. A processor thread restarted after a crash starts
   * with 1, so that an event that brought the thread down is tried alone (and set aside if it fails).
   */
  readonly firstSliceSize?: number;
}

const CURSOR = EVENTS_CURSOR;
const LEASE = 'processor';
const TRUNCATE_EVERY_MS = 2000;
/** Checkpoints while events flow (see #run). */
const CHECKPOINT_EVERY_MS = 1000;
/** Log rows deleted per transaction: about as long as a slice. */
const TRUNCATE_ROWS = 2000;
/** Between two of those transactions, time for a waiting append to take the log's write lock. */
const APPEND_GAP_MS = 5;
/** Largest slice, in events: past this size a slice saves little and its parsed events and profiles cost memory. */
const MAX_SLICE = 1000;
/**
 * Largest slice, in bytes of payload (at least one event): bounds the memory a slice takes whatever the events' size
 * (a thousand events of the 32 KiB allowed would be 32 MB of JSON before parsing).
 */
const MAX_SLICE_BYTES = 4 * 1024 * 1024;
/** Segment jobs (rebuilds, the time sweep) run when idle, and at least this often under a continuous flow. */
const JOBS_EVERY_MS = 5000;
/** A slice's time budget: of the whole slice, or of its write transaction (the write lock other writers wait for). */
interface SliceBudget {
  readonly ms: number;
  readonly of: 'slice' | 'lock';
}

/** Events arriving less than this apart count as a flow that the processor's slices should not hold up. */
const QUIET_AFTER_MS = 200;
/**
 * While events flow, the share of the time the processor works: after each slice it rests nine times as long. Its
 * writes, not its CPU, are what the log's fsync'd commits wait for (bench/README.md, 2 December 2026): at half the
 * sustained batch load, the p99 of acknowledgements after warm-up was 89–380 ms resting as long as each slice took
 * and 53–85 ms resting nine times as long. The backlog a heavy flow leaves is worked off once it pauses.
 */
const FLOW_SHARE = 0.1;
/** Longest rest while events flow: at any rate, an event waits at most this long, plus a slice, to be processed. */
const MAX_FLOW_REST_MS = 500;

/** How long the processor rests, while events flow, after working `workedMs`. */
export function restWhileFlowing(workedMs: number): number {
  return Math.min(MAX_FLOW_REST_MS, (workedMs * (1 - FLOW_SHARE)) / FLOW_SHARE);
}

/**
 * Runs behind the durable log: takes the next slice of events in seq order and processes it in one transaction,
 * moving the cursor with it, so that every accepted event has its effects exactly once. One processor works per
 * database at a time (a lease in the database); others wait and take over when it stops or dies.
 */
export class Processor implements ProcessorControl {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly #o: Required<Omit<ProcessorOptions, 'onAdvance' | 'quietSliceBudgetMs' | 'firstSliceSize' | 'extensions'>> & Pick<ProcessorOptions, 'onAdvance' | 'quietSliceBudgetMs' | 'extensions'>;
  #notifiedAt = Number.NEGATIVE_INFINITY;
  readonly #watch: CursorWatch;
  /**
   * Events per slice, adapted separately to each kind of budget: the size a backlog grew to while the flow paused
   * (up to MAX_SLICE) would hold the write lock for far longer than a flow's budget when events start arriving again.
   */
  readonly #sliceSizes: Record<SliceBudget['of'], number>;
  /** The last truncation of the log stopped with processed rows left to delete. */
  #truncateBehind = false;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #holdsLease = false;
  #leaseRenewedAt = 0;
  #lastTruncate = 0;
  #lastCheckpoint = 0;
  #lastJobs = 0;
  /** How long the last slice's write transaction took (ms). */
  #lockMs = 0;

  constructor(options: ProcessorOptions) {
    this.#o = { pollMs: 200, sliceBudgetMs: 20, leaseMs: 15_000, ...options };
    const first = options.firstSliceSize ?? 200;
    this.#sliceSizes = { slice: first, lock: first };
    this.#watch = new CursorWatch(options.database, options.repos, options.clock, () => this.#holdsLease);
  }

  /** The seq of the last processed event, as this process last saw it. */
  get cursor(): number {
    return this.#watch.cursor;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Finishes the slice in progress, gives the lease back and stops. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#loop = undefined;
    if (this.#holdsLease) await this.#o.repos.processor.releaseLease(this.#o.database.kysely, LEASE, this.owner).catch(() => undefined);
    this.#holdsLease = false;
    this.#watch.cancelAll();
  }

  /** New events were appended up to `seq` (called by the log writer after each commit). */
  notify(): void {
    this.#notifiedAt = performance.now();
    this.#wake?.();
  }

  /** Resolves true once the event at `seq` is processed, false after `timeoutMs`. */
  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    return this.#watch.waitFor(seq, timeoutMs);
  }

  /**
   * Processes everything appended so far, in this call (for tools and tests). Takes the lease when it is free; when
   * another process holds it, waits for that processor instead. Slices are sized by the time their write
   * transaction takes, within `sliceBudgetMs` (default: the quiet budget, or the budget): an import, with no requests
   * to answer in between, goes faster in fewer, larger slices.
   */
  async drain(options: { sliceBudgetMs?: number } = {}): Promise<void> {
    const target = await this.#o.repos.ingest.lastLogSeq(this.#o.database.log);
    // Ask for the lease again at every turn: the process that holds it may stop or die while we wait.
    for (;;) {
      if (await this.#acquireLease()) {
        // A drain works off a backlog with nothing else to answer: its slices are sized by the time they hold the lock.
        const budget: SliceBudget = { ms: options.sliceBudgetMs ?? this.#o.quietSliceBudgetMs ?? this.#o.sliceBudgetMs, of: 'lock' };
        while ((await this.processOnce(budget)) > 0);
        await this.#o.extensions?.jobs.run({ sweep: true });
        return;
      }
      if (await this.waitFor(target, 1000)) return;
    }
  }

  /** Processor lag: events appended but not processed, and how long the oldest of them has waited. */
  lag(): Promise<ProcessorLag> {
    return this.#watch.lag();
  }

  /**
   * Processes one slice; returns how many log rows it consumed. The slice size adapts to `budget`: so that a slice
   * takes about `ms`, or (`of: 'lock'`) so that its write transaction holds the write lock about that long.
   */
  async processOnce(budget: SliceBudget = this.#budget()): Promise<number> {
    const started = performance.now();
    const size = this.#sliceSizes[budget.of];
    let consumed: number;
    try {
      consumed = await this.#slice(size);
    } catch (error) {
      this.#o.logger.error({ err: error, cursor: this.cursor }, 'processing a slice failed; retrying its events one by one');
      consumed = await this.#sliceCarefully();
    }
    const ms = performance.now() - started;
    const spent = budget.of === 'lock' ? this.#lockMs : ms;
    if (consumed >= size && spent < budget.ms / 2) this.#sliceSizes[budget.of] = Math.min(MAX_SLICE, size * 2);
    else if (spent > budget.ms && size > 20) this.#sliceSizes[budget.of] = Math.max(20, Math.floor(size / 2));
    if (consumed > 0) this.#o.metrics.sliceProcessed(consumed, ms / 1000);
    return consumed;
  }

  /**
   * The slice budget now: short while events keep arriving (see ProcessorOptions), of the whole slice; longer when
   * they pause, and then of the write transaction only. A processor with a quiet budget runs in its own thread, where
   * preparing a slice holds up no request: what other writers (the log's appends) wait for is the write lock.
   */
  #budget(): SliceBudget {
    const quiet = this.#o.quietSliceBudgetMs;
    return quiet === undefined || this.#flowing() ? { ms: this.#o.sliceBudgetMs, of: 'slice' } : { ms: quiet, of: 'lock' };
  }

  /** True while events keep arriving (the log was committed to moments ago). */
  #flowing(): boolean {
    return performance.now() - this.#notifiedAt < QUIET_AFTER_MS;
  }

  /**
   * One slice in two phases. The first reads the events and what they touch and works out every change, without a
   * transaction: nothing else writes what it reads, except an erasure or the retention purge. The second writes the
   * changes and the cursor in one short transaction — short, because on SQLite every other writer of the main file
   * waits for it (the log's appends do not: the log is a file of its own) — which first checks that no removal ran in
   * between (they are counted); if one did, the slice starts over. People's events read for live segments are kept
   * between slices while the count and the cursor stay as they were (PeopleCache), and each committed slice's events
   * are added to them.
   */
  async #slice(limit: number): Promise<number> {
    const { database, repos, clock, metrics } = this.#o;
    const db = database.kysely;
    for (;;) {
      const cursor = await repos.processor.cursor(db, CURSOR);
      const removals = await repos.processor.removalCount(db);
      const cache = this.#o.extensions?.segments.cache;
      cache?.validate(removals, cursor);
      const rows = withinBytes(await repos.ingest.readLogAfter(database.log, cursor, limit), MAX_SLICE_BYTES);
      if (rows.length === 0) return 0;
      const now = clock.now();
      const totals: SliceOutcome = { processed: 0, duplicates: 0, conflicts: 0, suppressed: 0 };
      const slices: SliceProcessor[] = [];
      for (const [workspaceId, group] of groupByWorkspace(rows)) {
        const workspace = await this.#o.workspaces.get(workspaceId);
        const slice = new SliceProcessor({ db, repos, workspace, now, userAgents: this.#o.userAgents, locationDecimals: this.#o.locationDecimals, segments: this.#o.extensions?.segments });
        const o = await slice.prepare(group);
        totals.processed += o.processed;
        totals.duplicates += o.duplicates;
        totals.conflicts += o.conflicts;
        totals.suppressed += o.suppressed;
        slices.push(slice);
      }
      const last = rows[rows.length - 1]!.seq;
      const locked = performance.now();
      const written = await database.processingTransaction(
        async (trx) => {
          if ((await repos.processor.removalCount(trx)) !== removals || (await repos.processor.cursor(trx, CURSOR)) !== cursor) return false;
          for (const slice of slices) if (!(await slice.isCurrent(trx))) return false;
          for (const slice of slices) await slice.write(trx);
          await repos.processor.setCursor(trx, CURSOR, last, now);
          return true;
        },
        // A slice commits with its cursor and can be redone, so it need not wait for fsync (see processingTransaction).
        { durable: false },
      );
      this.#lockMs = performance.now() - locked;
      if (!written) continue;
      for (const slice of slices) slice.committed();
      cache?.advanced(last);
      metrics.eventsProcessed(totals.processed);
      if (totals.duplicates > 0) metrics.eventsDeduplicated(totals.duplicates);
      if (totals.conflicts > 0) metrics.eventsConflicted(totals.conflicts);
      if (totals.suppressed > 0) metrics.eventsSuppressed(totals.suppressed);
      this.#advance(last);
      return rows.length;
    }
  }

  /**
   * After a failed slice: one event at a time, so that one event that cannot be processed (a bug, a corrupt row) is
   * set aside with its reason instead of stopping every event behind it.
   */
  async #sliceCarefully(): Promise<number> {
    try {
      return await this.#slice(1);
    } catch (error) {
      const { database, repos, clock, logger } = this.#o;
      return database.processingTransaction(async (trx) => {
        const cursor = await repos.processor.cursor(trx, CURSOR);
        const [row] = await repos.ingest.readLogAfter(database.log, cursor, 1);
        if (row === undefined) return 0;
        logger.error({ err: error, seq: row.seq, workspaceId: row.workspace_id }, 'an event could not be processed; it is kept with the rejected payloads');
        await repos.ingest.insertRejected(trx, [
          {
            id: uuidv7(clock.now()),
            workspace_id: row.workspace_id,
            received_at: row.received_at,
            endpoint: 'processor',
            code: 'ERR_INTERNAL',
            message: 'the event was accepted but could not be processed; see the server log for this seq',
            details: JSON.stringify([{ path: '', message: `seq ${row.seq}` }]),
            content_type: 'application/json',
            body: Buffer.from(row.payload, 'utf8'),
            body_bytes: Buffer.byteLength(row.payload),
            truncated: 0,
            message_id: row.message_id,
            user_id: null,
            anonymous_id: null,
          },
        ]);
        await repos.processor.setCursor(trx, CURSOR, row.seq, clock.now());
        this.#advance(row.seq);
        return 1;
      });
    }
  }

  async #run(): Promise<void> {
    const { logger } = this.#o;
    while (this.#running) {
      try {
        if (!(await this.#acquireLease())) {
          await this.#sleep(this.#o.pollMs * 5);
          continue;
        }
        // A worker reads its messages (notify) only between tasks of its event loop, and a run of SQLite calls never
        // yields to it: without this, a slice that follows jobs or a backlog would not know that events are arriving, and
        // would take the size and budget of a backlog (hundreds of milliseconds holding the write lock).
        await new Promise((r) => setImmediate(r));
        const started = performance.now();
        const consumed = await this.processOnce();
        if (consumed === 0 || started - this.#lastJobs > JOBS_EVERY_MS) {
          this.#lastJobs = started;
          await this.#o.extensions?.jobs.run({ flowing: () => this.#flowing() });
        }
        if (consumed > 0) {
          // While events keep arriving, ingestion comes first (restWhileFlowing: the slice's writes compete with the
          // log's fsync'd commits). A backlog is worked off once the flow pauses. A plain timer: new events must not
          // cut the rest short (they arrive all the time in a flow).
          if (this.#flowing()) {
            // The log's appends run no checkpoints (they would wait for them): its write-ahead log is copied into its
            // file from here, or it would grow by tens of megabytes a second.
            if (started - this.#lastCheckpoint > CHECKPOINT_EVERY_MS) await this.#checkpoint();
            await new Promise((r) => setTimeout(r, restWhileFlowing(performance.now() - started)));
          } else {
            // Catching up after a flow, while nothing is appended: processed rows leave the log as the backlog is worked
            // off, and the log's write-ahead log is copied and cut, rather than all at once when the next flow starts.
            // Emptying a log of 220,000 processed rows held its write lock for a third of a second (bench/README.md).
            await this.#truncateLog();
            await new Promise((r) => setImmediate(r)); // let requests in between slices
          }
          continue;
        }
        await this.#truncateLog();
        await this.#sleep(this.#o.pollMs);
      } catch (error) {
        logger.error({ err: error }, 'the processor failed; retrying in 1 s');
        await this.#sleep(1000);
      }
    }
  }

  async #acquireLease(): Promise<boolean> {
    const now = this.#o.clock.now();
    if (this.#holdsLease && now - this.#leaseRenewedAt < this.#o.leaseMs / 3) return true;
    const held = await this.#o.repos.processor.acquireLease(this.#o.database.kysely, { name: LEASE, owner: this.owner, now, expiresAt: now + this.#o.leaseMs });
    if (held && !this.#holdsLease) this.#o.logger.info({ owner: this.owner }, 'processing the event log');
    this.#holdsLease = held;
    if (held) this.#leaseRenewedAt = now;
    return held;
  }

  /**
   * Deletes processed rows from the log (processed events live on in the events table), and checkpoints. In short
   * transactions, and only while no events arrive: after a large backlog there are a million rows to delete, and one
   * transaction for them all would hold the write lock, and every acknowledgement, for seconds.
   */
  async #truncateLog(): Promise<void> {
    const now = this.#o.clock.now();
    // Rows left behind last time are deleted at every idle moment, not only every few seconds.
    if (now - this.#lastTruncate < TRUNCATE_EVERY_MS && !this.#truncateBehind) return;
    this.#lastTruncate = now;
    const { database, repos } = this.#o;
    const oldest = await repos.ingest.firstLogRowAfter(database.log, 0);
    if (oldest !== undefined && oldest.seq <= (await repos.processor.cursor(database.kysely, CURSOR))) {
      if (!(await this.#deleteProcessed(now))) return;
    } else this.#truncateBehind = false;
    // While idle, copy the write-ahead logs into the database files, and cut the log's.
    if (!this.#flowing()) await this.#checkpoint({ idle: true });
  }

  /** Deletes processed rows from the log, a transaction at a time; false when rows are left for the next idle moment. */
  async #deleteProcessed(now: number): Promise<boolean> {
    const { database, repos } = this.#o;
    // The slices committed without waiting for fsync, their cursor with them: this durable commit of the cursor makes
    // them durable (a commit's fsync covers every commit before it) before their rows leave the log, which is a file
    // apart on SQLite and commits on its own.
    const cursor = await database.writeTransaction(async (trx) => {
      const at = await repos.processor.cursor(trx, CURSOR);
      await repos.processor.setCursor(trx, CURSOR, at, now);
      return at;
    });
    for (;;) {
      const deleted = await database.logTransaction((trx) => repos.ingest.truncateLog(trx, cursor, TRUNCATE_ROWS));
      this.#truncateBehind = deleted === TRUNCATE_ROWS;
      if (!this.#truncateBehind || !this.#running || this.#flowing()) break;
      // A gap that an append waiting for the lock (on a 1 ms timer) can take: back to back, these transactions kept the
      // appends of a flow starting meanwhile waiting for all of them, and the flow unnoticed (bench/README.md).
      await new Promise((r) => setTimeout(r, APPEND_GAP_MS));
    }
    return !this.#truncateBehind;
  }

  async #checkpoint(options?: { readonly idle: boolean }): Promise<void> {
    this.#lastCheckpoint = performance.now();
    await this.#o.database.checkpoint(options);
  }

  #advance(cursor: number): void {
    this.#watch.advance(cursor);
    this.#o.onAdvance?.(cursor);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }
}

/** The first rows whose payloads add up to at most `maxBytes` (always the first row). */
function withinBytes(rows: LogRow[], maxBytes: number): LogRow[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    bytes += rows[i]!.payload.length;
    if (bytes > maxBytes && i > 0) return rows.slice(0, i);
  }
  return rows;
}

function groupByWorkspace(rows: readonly LogRow[]): Map<string, LogRow[]> {
  const groups = new Map<string, LogRow[]>();
  for (const row of rows) {
    const list = groups.get(row.workspace_id);
    if (list === undefined) groups.set(row.workspace_id, [row]);
    else list.push(row);
  }
  return groups;
}
