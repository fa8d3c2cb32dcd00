import type { RfmSegmentName, SegmentRule } from '@rapport/contracts';
import { parseJson, type Database, type Executor, type Repositories, type SegmentRow } from '@rapport/storage';
import type { Clock, Logger } from '@rapport/core';
import type { WorkspaceService } from '../workspaces/index.js';
import { collectNeeds, type FactsNeeds, type RfmLookup } from './person-facts.js';
import type { GeofenceShape, RfmFacts, RuleContext, SegmentDefinition } from './rule-context.js';
import { segmentInputs, type SegmentInputs } from './event-inputs.js';
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
  /** What can change its result for a person: a person's new events of other names leave it as it was. */
  readonly inputs: SegmentInputs;
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

/** How long the rule context (geofences, purposes, lifecycle thresholds) is used before it is read again. */
const TTL_MS = 5000;

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
    private readonly logger: Logger,
  ) {}

  /**
   * The workspace's segments. Their definitions are always current: one small query compares every segment's id and
   * version with what was compiled (a change of a geofence or of the settings that rules read also changes the
   * versions of the segments concerned); the rest is read again at most every 5 s, or now with `fresh`.
   */
  async get(workspaceId: string, options: { db?: Executor; fresh?: boolean } = {}): Promise<WorkspaceSegments> {
    const db = options.db ?? this.database.kysely;
    const cached = this.#cache.get(workspaceId);
    const now = this.clock.now();
    if (!options.fresh && cached !== undefined && now - cached.at < TTL_MS && segmentSignature(await this.repos.segments.versions(db, workspaceId)) === cached.value.signature) {
      return cached.value;
    }
    const value = await this.load(workspaceId, db);
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
    const segments: LiveSegment[] = [];
    for (const r of rows) {
      const def = definitions.get(r.id)!;
      let compiled: CompiledRule;
      try {
        compiled = compileRule(def.rule, context);
      } catch (error) {
        // A rule that no longer compiles (it was saved by an older version, or what it names is gone) must not stop
        // the processing of events: that segment alone is left as it is, and the log says why.
        this.logger.error({ err: error, segmentId: r.id }, 'a segment rule could not be compiled; its membership is not updated');
        continue;
      }
      segments.push({
        id: r.id,
        name: r.name,
        purpose: r.purpose,
        version: r.version,
        rule: def.rule,
        compiled,
        time: timeDependence(def.rule, context, workspace.settings.retention.eventsDays),
        usesRfm: collectNeeds([def.rule], context, 0).rfm,
        inputs: segmentInputs(def, context),
      });
    }
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
