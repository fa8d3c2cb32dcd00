import type { RfmSegmentName, SegmentRule } from '@rapport/contracts';
import { parseJson, type Database, type Executor, type Repositories, type SegmentRow } from '@rapport/storage';
import type { Clock } from '@rapport/core';
import type { WorkspaceService } from '../workspaces/index.js';
import { collectNeeds, type FactsNeeds, type RfmLookup } from './person-facts.js';
import type { GeofenceShape, RfmFacts, RuleContext, SegmentDefinition } from './rule-context.js';
import { compileRule, type CompiledRule } from './rule-evaluator.js';
import { isTimeDependent, timeDependence, type TimeDependence } from './time-dependence.js';

/** A segment as the live path evaluates it. */
export interface LiveSegment {
  readonly id: string;
  readonly name: string;
  readonly purpose: string | null;
  readonly version: number;
  readonly rule: SegmentRule;
  readonly compiled: CompiledRule;
  readonly time: TimeDependence;
  readonly usesRfm: boolean;
}

/** The segments of one workspace and what their rules refer to, compiled. */
export interface WorkspaceSegments {
  readonly workspaceId: string;
  readonly context: RuleContext;
  readonly segments: readonly LiveSegment[];
  /** `id:version` of every segment: a slice evaluated with other definitions is evaluated again. */
  readonly signature: string;
  /** What evaluating every segment needs to read, at `now`. */
  needs(now: number): FactsNeeds;
}

/** How long loaded definitions are used before being read again (the rebuild job reconciles anything missed). */
const TTL_MS = 1000;

export function segmentSignature(rows: readonly Pick<SegmentRow, 'id' | 'version'>[]): string {
  return rows.map((r) => `${r.id}:${r.version}`).join(',');
}

export function definitionOf(row: SegmentRow): SegmentDefinition {
  return { id: row.id, name: row.name, purpose: row.purpose, rule: parseJson<SegmentRule>(row.rule) };
}

/**
 * Loads and compiles the segments of each workspace for the processor and the API, with their rule context
 * (referenced segments, geofences, consent purposes, lifecycle thresholds), cached for a second.
 */
export class SegmentCatalog {
  readonly #cache = new Map<string, { at: number; value: WorkspaceSegments }>();

  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly workspaces: WorkspaceService,
    private readonly clock: Clock,
  ) {}

  /** The workspace's segments, at most a second old unless `fresh`. */
  async get(workspaceId: string, options: { db?: Executor; fresh?: boolean } = {}): Promise<WorkspaceSegments> {
    const cached = this.#cache.get(workspaceId);
    const now = this.clock.now();
    if (!options.fresh && cached !== undefined && now - cached.at < TTL_MS) return cached.value;
    const value = await this.load(workspaceId, options.db ?? this.database.kysely);
    this.#cache.set(workspaceId, { at: now, value });
    return value;
  }

  /** Forgets what was loaded (after a change made in this thread). */
  invalidate(workspaceId: string): void {
    this.#cache.delete(workspaceId);
  }

  /** The rule context of a workspace, for validating and compiling rules that are not saved (previews). */
  async context(workspaceId: string, db: Executor = this.database.kysely): Promise<RuleContext> {
    return (await this.load(workspaceId, db)).context;
  }

  async load(workspaceId: string, db: Executor): Promise<WorkspaceSegments> {
    const [rows, geofenceRows, workspace] = await Promise.all([
      this.repos.segments.list(db, workspaceId),
      this.repos.geofences.list(db, workspaceId),
      this.workspaces.get(workspaceId, db),
    ]);
    const definitions = new Map(rows.map((r) => [r.id, definitionOf(r)]));
    const geofences = new Map(geofenceRows.map((g) => [g.key, parseJson<GeofenceShape>(g.shape)]));
    const context: RuleContext = { segments: definitions, geofences, purposes: workspace.settings.purposes, lifecycle: workspace.settings.lifecycle };
    const segments = rows.map((r): LiveSegment => {
      const def = definitions.get(r.id)!;
      return {
        id: r.id,
        name: r.name,
        purpose: r.purpose,
        version: r.version,
        rule: def.rule,
        compiled: compileRule(def.rule, context),
        time: timeDependence(def.rule, context, workspace.settings.retention.eventsDays),
        usesRfm: collectNeeds([def.rule], context, 0).rfm,
      };
    });
    return {
      workspaceId,
      context,
      segments,
      signature: segmentSignature(rows),
      needs: (now) => collectNeeds(segments.map((s) => s.rule), context, now),
    };
  }
}

/** Whether any segment of a workspace changes with time alone. */
export function anyTimeDependent(ws: WorkspaceSegments): boolean {
  return ws.segments.some((s) => isTimeDependent(s.time));
}

/** Reads RFM scores for rules, from the RFM module's table. */
export function rfmLookup(repos: Repositories): RfmLookup {
  return async (db, workspaceId, profileIds) => {
    const rows = await repos.rfm.scoresOf(db, workspaceId, profileIds);
    return new Map(
      rows.map((r): [string, RfmFacts] => [r.profile_id, { r: r.r, f: r.f, m: r.m, segment: r.segment as RfmSegmentName, recencyDays: r.recency_days, frequency: r.frequency, monetary: r.monetary }]),
    );
  };
}
