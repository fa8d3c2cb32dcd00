/**
 * What the engine counts. The server implements it with Prometheus metrics; tests and tools use `noopMetrics`.
 * Rejection reasons are error codes, a closed set, so they are safe as label values.
 */
export interface EngineMetrics {
  eventsAccepted(count: number): void;
  eventsRejected(code: string, count: number): void;
  eventsDeduplicated(count: number): void;
  eventsConflicted(count: number): void;
  eventsSuppressed(count: number): void;
  eventsProcessed(count: number): void;
  logCommitted(rows: number, seconds: number): void;
  sliceProcessed(events: number, seconds: number): void;
}

export const noopMetrics: EngineMetrics = {
  eventsAccepted: () => undefined,
  eventsRejected: () => undefined,
  eventsDeduplicated: () => undefined,
  eventsConflicted: () => undefined,
  eventsSuppressed: () => undefined,
  eventsProcessed: () => undefined,
  logCommitted: () => undefined,
  sliceProcessed: () => undefined,
};
