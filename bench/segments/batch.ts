import { SegmentCatalog, WorkspaceService, compileRuleSql } from '@rapport/engine';
import {
  createRepositories,
  openDatabase,
  ruleSqlDialect,
  type Database,
  type ProfileCondition,
} from '@rapport/storage';
import { CompiledQuery } from 'kysely';
import type { Progress } from '../ingest/progress.js';
import type { GeneratedData } from './data-cache.js';
import { representativeSegments, type RepresentativeSegment } from './representative-segments.js';
import { timed } from './timing.js';

/** One segment evaluated in batch on the embedded database. */
export interface BatchMeasurement {
  readonly key: RepresentativeSegment['key'];
  readonly label: string;
  readonly description: string;
  readonly members: number;
  /** countMatching: the members counted. */
  readonly countMs: number;
  readonly countRunsMs: readonly number[];
  /** idsMatching: every member id listed, in id order. */
  readonly idsMs: number;
  readonly idsRunsMs: readonly number[];
  /** SQLite's plan of the count (EXPLAIN QUERY PLAN). */
  readonly plan: readonly string[];
}

export interface BatchResults {
  readonly profiles: number;
  readonly segments: readonly BatchMeasurement[];
  /** Member ids of each segment, to check the ceiling's against (not written to the results file). */
  readonly ids: ReadonlyMap<string, readonly string[]>;
}

const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** The plan SQLite chooses for the count of a compiled rule. */
async function queryPlan(
  database: Database,
  workspaceId: string,
  condition: ProfileCondition,
): Promise<string[]> {
  const query = database.kysely
    .selectFrom('profiles as p')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.workspace_id', '=', workspaceId)
    .where('p.merged_into', 'is', null)
    .where(condition)
    .compile();
  const result = await database.kysely.executeQuery<{ id: number; parent: number; detail: string }>(
    CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]),
  );
  const depth = new Map<number, number>([[0, 0]]);
  return result.rows.map((r) => {
    const d = (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d - 1)}${r.detail}`;
  });
}

/**
 * The batch path on the embedded default: each representative rule compiled by Rapport's SQL compiler (as a preview
 * or a rebuild does) at `now` = the end of the data, then counted with countMatching and listed with idsMatching,
 * each after a warm-up, median of `runs`.
 */
export async function measureBatch(
  data: GeneratedData,
  o: { runs: number; progress: Progress },
): Promise<BatchResults> {
  // The page cache of the connections of rapport start (the request thread's previews, the processor thread's rebuilds).
  const database = await openDatabase({ dataDir: data.dataDir, cacheKb: 8000 });
  try {
    const repos = createRepositories('sqlite');
    const clock = { now: () => data.shape.end };
    const catalog = new SegmentCatalog(
      database,
      repos,
      new WorkspaceService(database, repos, clock),
      clock,
      silentLogger,
    );
    const context = await catalog.context(data.workspaceId);
    const db = database.kysely;
    const profiles = await repos.segments.countProfiles(db, data.workspaceId);
    const segments: BatchMeasurement[] = [];
    const ids = new Map<string, readonly string[]>();
    for (const s of representativeSegments) {
      o.progress.phase(`Rapport (SQLite), ${s.label}`);
      const condition = compileRuleSql(s.rule, {
        dialect: ruleSqlDialect('sqlite'),
        context,
        workspaceId: data.workspaceId,
        now: data.shape.end,
        purpose: null,
      });
      const count = await timed(o.runs, () => repos.segments.countMatching(db, data.workspaceId, condition));
      const list = await timed(o.runs, () =>
        repos.segments.idsMatching(db, data.workspaceId, condition, { limit: profiles + 1 }),
      );
      if (list.result.length !== count.result)
        throw new Error(
          `${s.label}: countMatching says ${count.result}, idsMatching lists ${list.result.length}`,
        );
      const plan = await queryPlan(database, data.workspaceId, condition);
      segments.push({
        key: s.key,
        label: s.label,
        description: s.description,
        members: count.result,
        countMs: count.medianMs,
        countRunsMs: count.runsMs,
        idsMs: list.medianMs,
        idsRunsMs: list.runsMs,
        plan,
      });
      ids.set(s.key, list.result);
      o.progress.detail(
        `${count.result.toLocaleString('en-US')} members; count ${count.medianMs.toFixed(0)} ms, ids ${list.medianMs.toFixed(0)} ms (median of ${o.runs})`,
      );
      for (const line of plan) o.progress.detail(`  plan: ${line}`);
    }
    return { profiles, segments, ids };
  } finally {
    await database.close();
  }
}
