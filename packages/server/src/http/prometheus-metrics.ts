import type { EngineMetrics } from '@rapport/engine';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Rapport's Prometheus metrics, in a registry of its own (not prom-client's global one, so that two servers in one
 * process, as in tests, do not share counters).
 */
export class PrometheusMetrics implements EngineMetrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({ name: 'rapport_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly #duration = new Histogram({
    name: 'rapport_http_request_duration_seconds',
    help: 'Time to answer HTTP requests',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly #accepted = new Counter({ name: 'rapport_events_accepted_total', help: 'Events accepted: durable in the log', registers: [this.registry] });
  readonly #rejected = new Counter({ name: 'rapport_events_rejected_total', help: 'Events or requests rejected, by error code', labelNames: ['code'], registers: [this.registry] });
  readonly #deduplicated = new Counter({ name: 'rapport_events_deduplicated_total', help: 'Accepted events that repeated an earlier messageId and payload, counted once', registers: [this.registry] });
  readonly #conflicts = new Counter({ name: 'rapport_events_conflicts_total', help: 'Events that reused a messageId with a different payload, kept aside', registers: [this.registry] });
  readonly #suppressed = new Counter({ name: 'rapport_events_suppressed_total', help: 'Events of erased people, refused', registers: [this.registry] });
  readonly #processed = new Counter({ name: 'rapport_events_processed_total', help: 'Events processed into profiles', registers: [this.registry] });
  readonly #commitRows = new Histogram({
    name: 'rapport_log_commit_rows',
    help: 'Events per durable commit of the log (group commit)',
    buckets: [1, 2, 5, 10, 50, 100, 500, 1000, 5000],
    registers: [this.registry],
  });
  readonly #commitSeconds = new Histogram({
    name: 'rapport_log_commit_seconds',
    help: 'Time of one durable commit of the log, fsync included',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly #sliceSeconds = new Histogram({
    name: 'rapport_processor_slice_seconds',
    help: 'Time to process one slice of the log',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(lag: () => Promise<{ events: number; seconds: number }>) {
    let lastLag: Promise<{ events: number; seconds: number }> | undefined;
    const currentLag = () => (lastLag ??= lag().finally(() => setImmediate(() => (lastLag = undefined))));
    new Gauge({
      name: 'rapport_processor_lag_events',
      help: 'Events accepted but not yet processed',
      registers: [this.registry],
      async collect() {
        this.set((await currentLag()).events);
      },
    });
    new Gauge({
      name: 'rapport_processor_lag_seconds',
      help: 'How long the oldest unprocessed event has waited',
      registers: [this.registry],
      async collect() {
        this.set((await currentLag()).seconds);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'rapport_' });
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.#requests.inc({ method, route, status: String(status) });
    this.#duration.observe({ method, route }, seconds);
  }

  eventsAccepted(count: number): void {
    if (count > 0) this.#accepted.inc(count);
  }
  eventsRejected(code: string, count: number): void {
    this.#rejected.inc({ code }, count);
  }
  eventsDeduplicated(count: number): void {
    this.#deduplicated.inc(count);
  }
  eventsConflicted(count: number): void {
    this.#conflicts.inc(count);
  }
  eventsSuppressed(count: number): void {
    this.#suppressed.inc(count);
  }
  eventsProcessed(count: number): void {
    if (count > 0) this.#processed.inc(count);
  }
  logCommitted(rows: number, seconds: number): void {
    this.#commitRows.observe(rows);
    this.#commitSeconds.observe(seconds);
  }
  sliceProcessed(_events: number, seconds: number): void {
    this.#sliceSeconds.observe(seconds);
  }
}
