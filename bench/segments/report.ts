import { textTable } from '../ingest/machine.js';
import { targets, type SegmentsBenchResults } from './bench-results.js';
import type { DrainMeasurement } from './live.js';

interface Row {
  readonly measurement: string;
  readonly members: string;
  readonly rapport: string;
  readonly ceiling: string;
  readonly ratio: string;
  readonly target: string;
  readonly result: string;
}

const whole = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${n < 10 ? n.toFixed(1) : whole(n)} ms`;
const percent = (share: number): string => `${Math.round(share * 100)} %`;
const times = (x: number): string => `${x < 10 ? x.toFixed(1) : whole(x)}×`;
const seconds = (s: number): string => `${s < 10 ? s.toFixed(1) : whole(s)} s`;

function table(rows: readonly Row[]): string {
  const header = ['measurement', 'members', 'Rapport', 'ceiling', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [
    r.measurement,
    r.members,
    r.rapport,
    r.ceiling,
    r.ratio,
    r.target,
    r.result,
  ]);
  return textTable(header, cells, new Set([1, 2, 3]));
}

function drainLine(name: string, m: DrainMeasurement): string {
  const changes = Object.entries(m.changes).map(([reason, n]) => `${whole(n)} ${reason}`);
  return (
    `  ${name}: ${whole(m.events)} events in ${seconds(m.seconds)} = ${whole(m.eventsPerSecond)} events/s; ` +
    `${m.slices} slices took ${seconds(m.sliceSeconds)}, the jobs after them ${seconds(m.jobsSeconds)}` +
    (changes.length > 0 ? `; membership changes: ${changes.join(', ')}` : '') +
    (m.behaviourReads.calls > 0
      ? `; reading people's events for the rules: ${seconds(m.behaviourReads.seconds)}, ${whole(m.behaviourReads.rows)} rows for ${whole(m.behaviourReads.people)} people read from the database (${whole(m.behaviourReads.rows / m.behaviourReads.people)} each; the processor keeps them for later slices)`
      : '') +
    (m.failure === null ? '' : `; FAILED after processing: ${m.failure}`)
  );
}

/** The table of a run, the targets with PASS or FAIL, and what the figures rest on. */
export function renderReport(results: SegmentsBenchResults): string {
  const { batch, ceiling, live, data } = results;
  const rows: Row[] = [];
  for (const r of batch.segments) {
    const c = ceiling.segments.find((s) => s.key === r.key)!;
    for (const [what, mine, theirs] of [
      ['count', r.countMs, c.countMs],
      ['list ids', r.idsMs, c.idsMs],
    ] as const) {
      rows.push({
        measurement: what === 'count' ? `batch ${r.label}, count` : `  … list the member ids`,
        members: what === 'count' ? whole(r.members) : '',
        rapport: ms(mine),
        ceiling: ms(theirs),
        ratio: `${times(mine / theirs)} DuckDB's time`,
        target: `≤ ${whole(targets.batchMs)} ms`,
        result: mine <= targets.batchMs ? 'PASS' : 'FAIL',
      });
    }
  }
  if (live !== null) {
    const slices = live.basis === 'slices';
    const rate = (m: DrainMeasurement) => (slices ? m.events / m.sliceSeconds : m.eventsPerSecond);
    const failed = live.with.failure !== null || live.without.failure !== null;
    rows.push({
      measurement: `live: processor with ${live.build.segments} segments (ceiling: without)${live.shop.sameAsBatch ? '' : ` ‡`}${slices ? ' †' : ''}`,
      members: '',
      rapport: `${whole(rate(live.with))} ev/s`,
      ceiling: `${whole(rate(live.without))} ev/s`,
      ratio: `${percent(1 - live.cost)} (cost ${percent(live.cost)})`,
      target: `cost ≤ ${percent(targets.liveCost)}`,
      result: live.cost <= targets.liveCost && !failed ? 'PASS' : failed ? 'FAIL (drain failed †)' : 'FAIL',
    });
  }
  const c = data.counts;
  const pp = c.eventsPerPerson;
  const made = data.reused
    ? `reused from ${data.dataDir} (generated ${data.generatedAt})`
    : `generated in ${seconds(Object.values(data.seconds).reduce((a, b) => a + b, 0))}: people ${seconds(data.seconds['people']!)}, events ${seconds(data.seconds['events']!)} (${whole(c.events / data.seconds['events']!)} rows/s), indexes ${seconds(data.seconds['indexes']!)}, ANALYZE ${seconds(data.seconds['analyze']!)}`;
  const lines = [
    table(rows),
    ...(live?.basis === 'slices'
      ? [
          `† a drain failed in the jobs after processing every event (below): events/s and cost count the processor's slices only, so the cost is a lower bound.`,
        ]
      : []),
    '',
    `Batch: Rapport's compiled rule SQL on the embedded SQLite database (one connection, one core) over ${whole(batch.profiles)} profiles, countMatching and idsMatching at now = ${new Date(data.shape.end).toISOString()} (the end of the data); median of ${results.settings.runs} runs after a warm-up.`,
    ...batch.segments.map((r) => `  ${r.label}: ${r.description}.`),
    `Ceiling: ${ceiling.engine} (${ceiling.threads} threads) over the same data as ${ceiling.layout}; every segment's member ids checked equal to Rapport's. Loaded in ${seconds(ceiling.loadSeconds)} (information).`,
  ];
  if (live !== null) {
    const s = live.shop;
    const where = s.sameAsBatch
      ? `on the batch shop itself`
      : `‡ on a smaller shop of ${whole(s.profiles)} profiles and ${whole(s.events)} events (${whole(s.databaseBytes / 1e9)} GB), not the batch shop: the same generator, seed and events per person (p50 ${s.eventsPerPerson.p50}, p90 ${s.eventsPerPerson.p90}, p99 ${s.eventsPerPerson.p99}, max ${whole(s.eventsPerPerson.max)}), ${s.reused ? 'reused from an earlier run' : `generated in this run in ${seconds(s.generatedSeconds)}`}. The cost is a ratio of two throughputs of the same code on the same data; the batch shop's database is larger than the page cache holds beside everything else, and on it the processor's reads measured the disk (--live-profiles sets the size)`;
    lines.push(
      `Live: ${where}. ${live.pairs.length === 1 ? 'Two runs' : `${live.pairs.length} pairs of runs (the pair with the median cost is reported)`}, each on its own copy of that database: without segments, then with ${live.build.segments} segments created and built first; each appends the same ${whole(live.warmupEvents)} warm-up events (drained, not counted) and then the same ${whole(live.with.events)} new events for the shop's people (15 % new visitors) with ingestMessages (not timed), and times engine.processor.drain() over them, with the processor thread's settings of rapport start (${whole(live.cacheKb / 1000)} MB page cache, ${live.sliceBudgetMs} ms slices for a backlog). A drain includes the jobs that run after processing (segment rebuilds, the time sweep of windowed segments, daily sizes; product signals for recommendations, in both runs).`,
      drainLine('without segments', live.without),
      drainLine(`with ${live.build.segments} segments`, live.with),
      ...(live.pairs.length > 1
        ? [`  every pair's cost, in order: ${live.pairs.map((p) => `${percent(p.cost)} (${whole(p.without.eventsPerSecond)} · ${whole(p.with.eventsPerSecond)} events/s)`).join(', ')}`]
        : []),
      `  building the ${live.build.segments} segments (information): ${seconds(live.build.seconds)}, ${whole(live.build.memberships)} memberships`,
    );
  }
  lines.push(
    `Data (synthetic, seed ${data.shape.seed}): ${whole(c.profiles)} profiles (${percent(c.identified / c.profiles)} signed in), ${whole(c.events)} events over ${Math.round((data.shape.end - data.shape.start) / 86_400_000)} days, ${whole(c.sessions)} sessions, ${whole(c.orders)} orders, ${whole(c.refunds)} refunds; events per person p50 ${pp.p50}, p90 ${pp.p90}, p99 ${pp.p99}, max ${whole(pp.max)}; payloads ${whole(c.meanPayloadBytes)} bytes on average; database ${whole(c.databaseBytes / 1e9)} GB.`,
    `  ${made}; RFM refresh (Rapport's RfmService): ${whole(data.rfm.customers)} customers in ${seconds(data.rfm.seconds)}.`,
    `Code: ${results.code === null ? 'not a git checkout' : `commit ${results.code.commit}${results.code.localChanges ? ' with local changes (work in progress in the tree)' : ''}`}.`,
    `Machine: ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}; load average ${results.machine.loadAverage.atStart.toFixed(1)} before the run, ${results.machine.loadAverage.atEnd.toFixed(1)} after.`,
  );
  return lines.join('\n');
}
