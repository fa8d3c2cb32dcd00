import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Logger } from '@rapport/core';
import type { EngineMetrics } from '../metrics/index.js';

/** What a worker tells its parent besides its own business: log lines and metrics. */
export type BridgeMessage =
  | { readonly type: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly obj: Record<string, unknown>; readonly msg: string | undefined }
  | { readonly type: 'metrics'; readonly counts: MetricCounts; readonly slices: readonly [number, number][]; readonly commits: readonly [number, number][] };

interface MetricCounts {
  accepted: number;
  deduplicated: number;
  conflicted: number;
  suppressed: number;
  processed: number;
  rejected: Record<string, number>;
}

/** Errors do not cross threads whole: send what a log needs of them. */
function cloneable(obj: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => [k, v instanceof Error ? { type: v.name, message: v.message, stack: v.stack } : v]),
  );
}

/** A logger for a worker: its lines go to the parent's logger. */
export function workerLogger(post: (m: BridgeMessage) => void, bindings: Record<string, unknown> = {}): Logger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object, msg?: string) => post({ type: 'log', level, obj: cloneable({ ...bindings, ...obj }), msg });
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (more) => workerLogger(post, { ...bindings, ...more }),
  };
}

/** Metrics for a worker: counted here, sent to the parent by `flush` (every quarter second is plenty). */
export function workerMetrics(post: (m: BridgeMessage) => void): EngineMetrics & { flush(): void } {
  const empty = (): MetricCounts => ({ accepted: 0, deduplicated: 0, conflicted: 0, suppressed: 0, processed: 0, rejected: {} });
  let counts = empty();
  let slices: [number, number][] = [];
  let commits: [number, number][] = [];
  return {
    eventsAccepted: (n) => void (counts.accepted += n),
    eventsRejected: (code, n) => void (counts.rejected[code] = (counts.rejected[code] ?? 0) + n),
    eventsDeduplicated: (n) => void (counts.deduplicated += n),
    eventsConflicted: (n) => void (counts.conflicted += n),
    eventsSuppressed: (n) => void (counts.suppressed += n),
    eventsProcessed: (n) => void (counts.processed += n),
    logCommitted: (rows, seconds) => void commits.push([rows, seconds]),
    sliceProcessed: (events, seconds) => void slices.push([events, seconds]),
    flush: () => {
      if (slices.length === 0 && commits.length === 0 && counts.processed + counts.accepted + counts.deduplicated + counts.conflicted + counts.suppressed === 0) return;
      post({ type: 'metrics', counts, slices, commits });
      counts = empty();
      slices = [];
      commits = [];
    },
  };
}

/** In the parent: hands a worker's log line or metrics to the parent's logger and metrics. Returns false for other messages. */
export function relay(message: { type: string }, logger: Logger, metrics: EngineMetrics): message is BridgeMessage {
  const m = message as BridgeMessage;
  if (m.type === 'log') {
    logger[m.level](m.obj, m.msg);
    return true;
  }
  if (m.type === 'metrics') {
    const c = m.counts;
    if (c.accepted > 0) metrics.eventsAccepted(c.accepted);
    if (c.processed > 0) metrics.eventsProcessed(c.processed);
    if (c.deduplicated > 0) metrics.eventsDeduplicated(c.deduplicated);
    if (c.conflicted > 0) metrics.eventsConflicted(c.conflicted);
    if (c.suppressed > 0) metrics.eventsSuppressed(c.suppressed);
    for (const [code, n] of Object.entries(c.rejected)) metrics.eventsRejected(code, n);
    for (const [events, seconds] of m.slices) metrics.sliceProcessed(events, seconds);
    for (const [rows, seconds] of m.commits) metrics.logCommitted(rows, seconds);
    return true;
  }
  return false;
}

/**
 * Memory limits of Rapport's worker threads. A young generation of 8 MB (V8 would let each grow to several times that)
 * keeps the process within its memory budget; short-lived garbage is collected a little more often for it.
 */
export const workerResourceLimits = { maxYoungGenerationSizeMb: 8 } as const;

/**
 * The processor thread's limits: its old generation is capped too. Left alone, V8 lets a busy heap grow to several
 * times what is live (about 20 MB, plus a slice of at most 4 MB of events); the cap makes it collect instead.
 * A thread that still ran out would be restarted, one event per slice at first.
 */
export const processorResourceLimits = { ...workerResourceLimits, maxOldGenerationSizeMb: 128 } as const;

/**
 * Lowers the priority of the calling thread (Linux: a thread has its own nice value, set through its thread id), so
 * that background work yields the CPU to requests. Elsewhere the thread keeps the normal priority.
 */
export function lowerThreadPriority(nice = 19): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // Not Linux, or not allowed: the thread runs at the process's priority.
  }
}

/** Asks a worker to finish (with its own closing message) and resolves once its thread has exited. */
export function endWorker(worker: Worker | undefined, closing: unknown): Promise<void> {
  if (worker === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.postMessage(closing);
  });
}
