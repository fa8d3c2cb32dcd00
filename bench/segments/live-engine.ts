import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { noopMetrics, type Engine, type EngineMetrics } from '@rapport/engine';

/** The engine's clock in the live measurement: set to an instant of the shop's time, then running with real time. */
export class BenchClock {
  #base: number;
  #setAt = performance.now();

  constructor(start: number) {
    this.#base = start;
  }

  now(): number {
    return Math.floor(this.#base + (performance.now() - this.#setAt));
  }

  set(at: number): void {
    this.#base = at;
    this.#setAt = performance.now();
  }
}

/** The engine's metrics, counting what the processor's slices took (the rest of a drain is the segment jobs). */
export class SliceTimer implements EngineMetrics {
  slices = 0;
  events = 0;
  seconds = 0;
  readonly eventsAccepted = noopMetrics.eventsAccepted;
  readonly eventsRejected = noopMetrics.eventsRejected;
  readonly eventsDeduplicated = noopMetrics.eventsDeduplicated;
  readonly eventsConflicted = noopMetrics.eventsConflicted;
  readonly eventsSuppressed = noopMetrics.eventsSuppressed;
  readonly eventsProcessed = noopMetrics.eventsProcessed;
  readonly logCommitted = noopMetrics.logCommitted;

  sliceProcessed(events: number, seconds: number): void {
    this.slices++;
    this.events += events;
    this.seconds += seconds;
  }

  reset(): void {
    this.slices = 0;
    this.events = 0;
    this.seconds = 0;
  }
}

/**
 * Runs `fn` under V8's CPU profiler (this thread: the processor runs in it) and writes the profile to `file`, also when
 * `fn` fails.
 */
export async function profiled<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (file === undefined) return fn();
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    try {
      return await fn();
    } finally {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
    }
  } finally {
    session.disconnect();
  }
}

/** What loading people's events for segment rules took (EventsRepository#behaviourOf, called by loadFacts). */
export interface BehaviourReads {
  calls: number;
  people: number;
  rows: number;
  seconds: number;
}

/**
 * Counts the engine's reads of people's events for segment rules, for the report's analysis: wraps behaviourOf on the
 * engine's repositories object (the one its processor uses). The wrapper costs a timer read per call.
 */
export function countBehaviourReads(engine: Engine): BehaviourReads {
  const reads: BehaviourReads = { calls: 0, people: 0, rows: 0, seconds: 0 };
  const events = engine.repos.events;
  const original = events.behaviourOf.bind(events);
  events.behaviourOf = async (db, workspaceId, profileIds, options) => {
    const started = performance.now();
    const rows = await original(db, workspaceId, profileIds, options);
    reads.calls++;
    reads.people += profileIds.length;
    reads.rows += rows.length;
    reads.seconds += (performance.now() - started) / 1000;
    return rows;
  };
  return reads;
}
