import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Progress } from '../ingest/progress.js';
import type { BatchResults } from './batch.js';
import type { GeneratedData } from './data-cache.js';
import { loadCeiling } from './duckdb-load.js';
import {
  AFFINITY_CATEGORY,
  ORDER_COUNT_AT_LEAST,
  ORDER_REVENUE_OVER,
  ORDER_WINDOW_DAYS,
  RFM_SEGMENTS,
  TRAIT_COUNTRY,
  type RepresentativeSegment,
} from './representative-segments.js';
import { timed } from './timing.js';

export interface CeilingMeasurement {
  readonly key: RepresentativeSegment['key'];
  readonly members: number;
  readonly countMs: number;
  readonly countRunsMs: readonly number[];
  readonly idsMs: number;
  readonly idsRunsMs: readonly number[];
}

export interface CeilingResults {
  readonly engine: string;
  readonly threads: number;
  readonly layout: string;
  readonly rows: Readonly<Record<string, number>>;
  readonly loadSeconds: number;
  readonly segments: readonly CeilingMeasurement[];
}

const DAY_MS = 86_400_000;

/**
 * The three segments in DuckDB's SQL over the typed columns, each as `p.id` of the live profiles of the workspace
 * that satisfy it; the same meaning as Rapport's compiled rules (docs of each in representative-segments.ts).
 */
function members(
  key: RepresentativeSegment['key'],
  workspaceId: string,
  now: number,
): { where: string; params: DuckDBValue[] } {
  switch (key) {
    case 'trait':
      return { where: 'p.country = ?', params: [TRAIT_COUNTRY] };
    case 'event':
      return {
        where: `p.id IN (SELECT e.profile_id FROM events e WHERE e.workspace_id = ? AND e.event = 'Order Completed' AND e.timestamp >= ? AND e.timestamp <= ?
                 AND e.property_revenue > ? GROUP BY e.profile_id HAVING count(*) >= ?)`,
        params: [
          workspaceId,
          now - ORDER_WINDOW_DAYS * DAY_MS,
          now,
          ORDER_REVENUE_OVER,
          ORDER_COUNT_AT_LEAST,
        ],
      };
    case 'compound':
      // Among the k strongest: a score above 0 and fewer than k categories scoring higher (Rapport's definition), that
      // is a rank (1 + those scoring higher) of at most k — ranked among the RFM segments' people only.
      return {
        where: `p.id IN (SELECT k.profile_id FROM (
                   SELECT a.profile_id, a.category, a.score, rank() OVER (PARTITION BY a.profile_id ORDER BY a.score DESC) AS n
                   FROM affinity a SEMI JOIN rfm_scores r ON r.workspace_id = a.workspace_id AND r.profile_id = a.profile_id
                     AND r.segment IN (${RFM_SEGMENTS.map(() => '?').join(', ')})
                   WHERE a.workspace_id = ?) k
                 WHERE k.category = ? AND k.score > 0 AND k.n <= 3)`,
        params: [...RFM_SEGMENTS, workspaceId, AFFINITY_CATEGORY],
      };
  }
}

async function count(
  c: DuckDBConnection,
  workspaceId: string,
  m: { where: string; params: DuckDBValue[] },
): Promise<number> {
  const reader = await c.runAndReadAll(
    `SELECT count(*) FROM profiles p WHERE p.workspace_id = ? AND p.merged_into IS NULL AND ${m.where}`,
    [workspaceId, ...m.params],
  );
  return Number(reader.getRows()[0]![0]);
}

async function ids(
  c: DuckDBConnection,
  workspaceId: string,
  m: { where: string; params: DuckDBValue[] },
): Promise<string[]> {
  const reader = await c.runAndReadAll(
    `SELECT p.id FROM profiles p WHERE p.workspace_id = ? AND p.merged_into IS NULL AND ${m.where} ORDER BY p.id`,
    [workspaceId, ...m.params],
  );
  return reader.getRows().map((r) => r[0] as string);
}

/**
 * The ceiling: the same data in DuckDB (an embedded columnar engine, a dev-only baseline) with the needed fields as
 * typed columns, and the same three segments; their members must be exactly Rapport's, or the run stops.
 */
export async function measureCeiling(
  data: GeneratedData,
  batch: BatchResults,
  o: { runs: number; progress: Progress },
): Promise<CeilingResults> {
  o.progress.phase('DuckDB ceiling: loading the same data (typed columns, appenders)');
  const ceiling = await loadCeiling(data, o.progress);
  o.progress.detail(
    `DuckDB ${ceiling.version}, ${ceiling.threads} threads; loaded ${Object.entries(ceiling.rows)
      .map(([t, n]) => `${n.toLocaleString('en-US')} ${t}`)
      .join(', ')} in ${ceiling.seconds.toFixed(0)} s`,
  );
  try {
    const segments: CeilingMeasurement[] = [];
    for (const rapport of batch.segments) {
      o.progress.phase(`DuckDB, ${rapport.label}`);
      const m = members(rapport.key, data.workspaceId, data.shape.end);
      const counted = await timed(o.runs, () => count(ceiling.connection, data.workspaceId, m));
      const listed = await timed(o.runs, () => ids(ceiling.connection, data.workspaceId, m));
      const expected = batch.ids.get(rapport.key)!;
      const differs =
        listed.result.length !== expected.length || listed.result.some((id, i) => id !== expected[i]);
      if (counted.result !== rapport.members || differs) {
        const first =
          listed.result.find((id, i) => id !== expected[i]) ??
          expected.find((id, i) => id !== listed.result[i]);
        throw new Error(
          `${rapport.label}: DuckDB finds ${counted.result} members, Rapport ${rapport.members} (first difference: ${first ?? 'none'}); the ceiling does not answer the same question`,
        );
      }
      segments.push({
        key: rapport.key,
        members: counted.result,
        countMs: counted.medianMs,
        countRunsMs: counted.runsMs,
        idsMs: listed.medianMs,
        idsRunsMs: listed.runsMs,
      });
      o.progress.detail(
        `${counted.result.toLocaleString('en-US')} members (the same ids as Rapport's); count ${counted.medianMs.toFixed(0)} ms, ids ${listed.medianMs.toFixed(0)} ms`,
      );
    }
    return {
      engine: `DuckDB ${ceiling.version}`,
      threads: ceiling.threads,
      layout: ceiling.json
        ? "typed columns, the ideal columnar layout (JSON fields extracted on load; DuckDB's JSON functions work offline here too, its json extension being built in)"
        : 'typed columns, the ideal columnar layout (JSON fields extracted on load; DuckDB could not run its JSON functions here)',
      rows: ceiling.rows,
      loadSeconds: ceiling.seconds,
      segments,
    };
  } finally {
    ceiling.close();
  }
}
