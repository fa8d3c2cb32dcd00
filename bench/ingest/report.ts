import { textTable } from './machine.js';
import type { IngestBenchResults, RapportMeasurement } from './bench-results.js';
import type { LoadResult } from './load-test.js';
import { lowerCeiling, targets, verdicts } from './targets.js';

interface Row {
  readonly measurement: string;
  readonly eventsPerSecond?: number;
  readonly p50?: string;
  readonly p99?: string;
  readonly ratio?: string;
  readonly target?: string;
  readonly result?: string;
}

const whole = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
const percent = (share: number): string => `${Math.round(share * 100)} %`;
const megabytes = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;
const passFail = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');

function loadRow(measurement: string, r: LoadResult, extra: Partial<Row> = {}): Row {
  const failed = r.failures > 0 ? { result: `FAIL (${r.failures} failed requests)` } : {};
  return {
    measurement,
    eventsPerSecond: r.eventsPerSecond,
    p50: ms(r.p50Ms),
    p99: ms(r.p99Ms),
    ...extra,
    ...failed,
  };
}

function table(rows: readonly Row[]): string {
  const header = ['measurement', 'events/s', 'p50', 'p99', 'ratio to ceiling', 'target', 'result'];
  const cells = rows.map((r) => [
    r.measurement,
    r.eventsPerSecond === undefined ? '' : whole(r.eventsPerSecond),
    r.p50 ?? '',
    r.p99 ?? '',
    r.ratio ?? '',
    r.target ?? '',
    r.result ?? '',
  ]);
  return textTable(header, cells, new Set([1, 2, 3]));
}

function processorLine(name: string, m: RapportMeasurement): string {
  const { lagEvents, catchUpSeconds, backlogAtStart } = m.processor;
  const caughtUp =
    catchUpSeconds === undefined
      ? 'had not caught up when the wait ended'
      : `caught up in ${catchUpSeconds.toFixed(1)} s`;
  const backlog = backlogAtStart > 0 ? `; began with a backlog of ${whole(backlogAtStart)} events` : '';
  const rss = `; peak RSS so far ${megabytes(m.peakRssBytesSoFar)}`;
  return `  ${`${name}:`.padEnd(29)}lag at the end ${whole(lagEvents).padStart(9)} events, ${caughtUp}${backlog}${rss}`;
}

/** A measurement that began while the processor was still catching up also measured that catch-up. */
function backlogMark(m: RapportMeasurement): string {
  return m.processor.backlogAtStart > 0 ? ' *' : '';
}

/** The table of a run, the targets with PASS/FAIL, and what the processor did behind the log. */
export function renderReport(results: IngestBenchResults): string {
  const { rapport, ceilings, settings } = results;
  const v = verdicts(results);
  const batchCeiling = lowerCeiling(results, 'batch');
  const singleCeiling = lowerCeiling(results, 'single');
  const share = (events: number, c = batchCeiling) => `${percent(events / c.eventsPerSecond)} of ${c.name}`;
  const halfRate = (r: LoadResult) =>
    `${whole(r.eventsPerSecond)} events/s offered at ${percent(settings.halfLoad)}`;
  const rows: Row[] = [
    loadRow(`Rapport, batches of ${settings.eventsPerBatch}${backlogMark(rapport.batch)}`, rapport.batch, {
      ratio: share(rapport.batch.eventsPerSecond),
      target: `≥ ${whole(targets.batchEventsPerSecond)}/s and ≥ ${percent(targets.ceilingShare)}`,
      result:
        v.batchRate && v.batchShare
          ? 'PASS'
          : `FAIL (${[!v.batchRate && 'rate', !v.batchShare && 'ratio'].filter(Boolean).join(', ')})`,
    }),
    loadRow(
      `Rapport, batches at ${percent(settings.halfLoad)} load${backlogMark(rapport.batchHalfLoad)}`,
      rapport.batchHalfLoad,
      {
        target: `p99 ≤ ${targets.halfLoadP99Ms} ms`,
        result: passFail(v.halfLoadP99),
      },
    ),
    loadRow(`Rapport, single events${backlogMark(rapport.single)}`, rapport.single, {
      ratio: share(rapport.single.eventsPerSecond, singleCeiling),
      target: '(information)',
    }),
    loadRow(
      `Rapport, single at ${percent(settings.halfLoad)} load${backlogMark(rapport.singleHalfLoad)}`,
      rapport.singleHalfLoad,
      {
        target: '(information)',
      },
    ),
    loadRow(`Ceiling: bare HTTP, batches`, ceilings.bareBatch),
    loadRow('Ceiling: bare HTTP, single', ceilings.bareSingle),
    {
      measurement: `Ceiling: raw inserts, ${settings.eventsPerBatch}/tx`,
      eventsPerSecond: ceilings.rawInsert.rowsPerSecond,
      p50: ms(ceilings.rawInsert.p50Ms),
      p99: ms(ceilings.rawInsert.p99Ms),
    },
    {
      measurement: `Rapport, peak RSS ${megabytes(rapport.peakRssBytes)}`,
      target: `RSS ≤ ${megabytes(targets.peakRssBytes)}`,
      result: passFail(v.peakRss),
    },
  ];
  // autocannon drops the requests in flight when a run ends; the server still accepts them. Its runs: warm-up and
  // saturated, for batches and for single events (the rate-limited runs wait for every answer).
  const inFlight = 2 * (settings.batchConnections * settings.eventsPerBatch + settings.singleConnections);
  const unacknowledged = rapport.acceptedEvents - rapport.acknowledgedEvents;
  const consistent = unacknowledged >= 0 && unacknowledged <= inFlight;
  const measurements = [rapport.batch, rapport.batchHalfLoad, rapport.single, rapport.singleHalfLoad];
  const marked = measurements.some((m) => m.processor.backlogAtStart > 0)
    ? [
        '* began while the processor was still catching up with an earlier phase: its work weighs on these figures.',
      ]
    : [];
  return [
    table(rows),
    ...marked,
    '',
    `Latencies are per request (raw inserts: per transaction). Rate-limited runs: ${halfRate(rapport.batchHalfLoad)} (batches), ${halfRate(rapport.singleHalfLoad)} (single).`,
    `Machine: ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}; load average ${results.machine.loadAverage.atStart.toFixed(1)} before the run, ${results.machine.loadAverage.atEnd.toFixed(1)} after.`,
    `Bodies: ${whole(results.bodyBytes.batch)} bytes per batch, ${whole(results.bodyBytes.single)} per single event; ${settings.batchConnections} connections for batches, ${settings.singleConnections} for single events; ${settings.seconds} s per measurement after ${settings.warmupSeconds} s of warm-up.`,
    `Accepted by Rapport (rapport_events_accepted_total): ${whole(rapport.acceptedEvents)}; acknowledged to the load generator: ${whole(rapport.acknowledgedEvents)}; ` +
      (consistent
        ? `the ${whole(unacknowledged)} more were in flight when autocannon stopped (at most ${whole(inFlight)}: one request per connection and run).`
        : `MISMATCH: ${whole(unacknowledged)} events unaccounted for.`),
    'Processor (behind the log, same process):',
    processorLine('batches', rapport.batch),
    processorLine('batches, rate-limited', rapport.batchHalfLoad),
    processorLine('single events', rapport.single),
    processorLine('single events, rate-limited', rapport.singleHalfLoad),
  ].join('\n');
}
