import type { RfmCounts, RfmCustomerView, RfmModelView, RfmRunView, RfmSegmentName } from '@rapport/contracts';
import type { RfmRun, RfmRunCutPoints, RfmScoreRow } from '@rapport/storage';
import { emptyCounts, type CutPoints, type Measures, type Scores } from './rfm-model.js';

/** A customer in a model: their measures and scores. */
export interface RfmCustomer extends Measures, Scores {
  readonly profileId: string;
}

/** The RFM model of a workspace as of an instant: every customer in scope. */
export interface RfmModel {
  readonly workspaceId: string;
  readonly asOf: number;
  readonly windowDays: number | null;
  /** In no particular order. */
  readonly customers: readonly RfmCustomer[];
  readonly cutPoints: CutPoints | null;
  readonly counts: Readonly<Record<RfmSegmentName, number>>;
  /** grid[r − 1][f − 1]: customers with recency score r and frequency score f. */
  readonly grid: readonly (readonly number[])[];
  readonly computedAt: number;
  readonly tookMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function customerView(c: RfmCustomer, userId: string | null): RfmCustomerView {
  return { profileId: c.profileId, userId, recencyDays: c.recencyDays, frequency: c.frequency, monetary: c.monetary, r: c.r, f: c.f, m: c.m, segment: c.segment };
}

/** A stored score row as a customer of the model. */
export function customerFromRow(row: RfmScoreRow): RfmCustomer {
  return {
    profileId: row.profile_id,
    recencyDays: row.recency_days,
    frequency: row.frequency,
    monetary: row.monetary,
    r: row.r,
    f: row.f,
    m: row.m,
    segment: row.segment as RfmSegmentName,
  };
}

export function scoreRow(workspaceId: string, c: RfmCustomer, computedAt: number): RfmScoreRow {
  return {
    workspace_id: workspaceId,
    profile_id: c.profileId,
    recency_days: c.recencyDays,
    frequency: c.frequency,
    monetary: c.monetary,
    r: c.r,
    f: c.f,
    m: c.m,
    segment: c.segment,
    computed_at: computedAt,
  };
}

/** What a model and a refresh have in common. */
interface ModelSummary {
  readonly asOf: number;
  readonly windowDays: number | null;
  readonly cutPoints: RfmRunCutPoints | null;
  readonly counts: Readonly<Record<string, number>>;
  readonly grid: readonly (readonly number[])[];
  readonly computedAt: number;
}

/** The summary part of the API's model view: everything but the page of customers. */
export function summaryView(m: ModelSummary, customers: number): Omit<RfmModelView, 'items' | 'nextCursor' | 'stored'> {
  return {
    asOf: iso(m.asOf),
    windowDays: m.windowDays,
    customers,
    cutPoints: m.cutPoints === null ? null : { recency: [...m.cutPoints.recency], frequency: [...m.cutPoints.frequency], monetary: [...m.cutPoints.monetary] },
    // Every name, zeros included, whatever was stored.
    counts: { ...emptyCounts(), ...m.counts } as RfmCounts,
    grid: m.grid.map((row) => [...row]),
    computedAt: iso(m.computedAt),
  };
}

/** A refresh as the API shows it. */
export function rfmRunView(run: RfmRun): RfmRunView {
  return { id: run.id, ...summaryView(run, run.customers), tookMs: run.tookMs };
}
