import type { ContentFields, CreatePlacementBody, Experience, PlacementKind, PlacementStatus, PlacementView, UpdatePlacementBody } from '@rapport/contracts';
import { err, ok, uuidv7, type Clock, type Logger, type ProblemDetail, type Result } from '@rapport/core';
import { parseJson, type Database, type PlacementRow, type Repositories } from '@rapport/storage';
import type { WorkspaceService } from '../workspaces/index.js';
import { compilePlacement, type CompiledPlacement, type PlacementDefinition } from './placement-compiler.js';
import { loadReferences } from './references.js';
import { WorkspaceCache } from './workspace-cache.js';
import type { TemplateEngine } from './template-engine.js';

/** Why a change to a placement was refused. */
export type PlacementFailure =
  | { readonly reason: 'not_found' }
  | { readonly reason: 'key_taken' }
  | { readonly reason: 'invalid'; readonly problems: readonly ProblemDetail[] };

export interface PlacementServiceOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly workspaces: WorkspaceService;
  readonly templates: TemplateEngine;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a workspace's compiled placements serve before they are read again (changes made here apply at once). */
  readonly cacheMs?: number;
}

/** 5 s: a change made through another node (or a segment renamed) shows within it. */
const DEFAULT_CACHE_MS = 5_000;

export function placementView(r: PlacementRow): PlacementView {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    kind: r.kind as PlacementKind,
    status: r.status as PlacementStatus,
    experiences: parseJson<Experience[]>(r.experiences),
    default: r.default_content === null ? null : parseJson<ContentFields>(r.default_content),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** The columns a create or a change writes. */
function changesOf(v: PlacementView, now: number): Omit<PlacementRow, 'workspace_id' | 'id' | 'key' | 'created_at'> {
  return {
    name: v.name,
    description: v.description,
    kind: v.kind,
    status: v.status,
    experiences: JSON.stringify(v.experiences),
    default_content: v.default === null ? null : JSON.stringify(v.default),
    updated_at: now,
  };
}

function definitionOf(v: Pick<PlacementView, 'id' | 'key' | 'name' | 'kind' | 'status' | 'experiences' | 'default'>): PlacementDefinition {
  return { id: v.id, key: v.key, name: v.name, kind: v.kind, status: v.status, experiences: v.experiences, default: v.default };
}

/**
 * Placements: the admin API's create, change, delete and reads, and the compiled placements that decisions are made
 * with, kept in memory per workspace. Every write is checked against the workspace's segments, geofences and
 * recommenders, and every template is parsed, so that what is saved can be shown.
 */
export class PlacementService {
  readonly #cache: WorkspaceCache<ReadonlyMap<string, CompiledPlacement>>;

  constructor(private readonly o: PlacementServiceOptions) {
    this.#cache = new WorkspaceCache(o.clock, o.cacheMs ?? DEFAULT_CACHE_MS, (ws) => this.#load(ws));
  }

  async list(workspaceId: string): Promise<PlacementView[]> {
    return (await this.o.repos.placements.list(this.o.database.kysely, workspaceId)).map(placementView);
  }

  async get(workspaceId: string, idOrKey: string): Promise<PlacementView | undefined> {
    const row = await this.o.repos.placements.find(this.o.database.kysely, workspaceId, idOrKey);
    return row === undefined ? undefined : placementView(row);
  }

  async create(workspaceId: string, body: CreatePlacementBody): Promise<Result<PlacementView, PlacementFailure>> {
    const db = this.o.database.kysely;
    const now = this.o.clock.now();
    const view: PlacementView = {
      id: uuidv7(now),
      key: body.key,
      name: body.name.trim(),
      description: body.description ?? '',
      kind: body.kind ?? 'content',
      status: body.status ?? 'active',
      experiences: body.experiences,
      default: body.default ?? null,
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
    };
    const checked = await this.check(workspaceId, view);
    if (!checked.ok) return checked;
    if ((await this.o.repos.placements.find(db, workspaceId, body.key)) !== undefined) return err({ reason: 'key_taken' });
    await this.o.repos.placements.insert(db, { workspace_id: workspaceId, id: view.id, key: view.key, created_at: now, ...changesOf(view, now) });
    this.#cache.forget(workspaceId);
    return ok(view);
  }

  async update(workspaceId: string, idOrKey: string, body: UpdatePlacementBody): Promise<Result<PlacementView, PlacementFailure>> {
    const db = this.o.database.kysely;
    const row = await this.o.repos.placements.find(db, workspaceId, idOrKey);
    if (row === undefined) return err({ reason: 'not_found' });
    const now = this.o.clock.now();
    const before = placementView(row);
    const view: PlacementView = {
      ...before,
      ...(body.name === undefined ? {} : { name: body.name.trim() }),
      ...(body.description === undefined ? {} : { description: body.description }),
      ...(body.kind === undefined ? {} : { kind: body.kind }),
      ...(body.status === undefined ? {} : { status: body.status }),
      ...(body.experiences === undefined ? {} : { experiences: body.experiences }),
      ...(body.default === undefined ? {} : { default: body.default }),
      updatedAt: new Date(now).toISOString(),
    };
    const checked = await this.check(workspaceId, view);
    if (!checked.ok) return checked;
    await this.o.repos.placements.update(db, workspaceId, row.id, changesOf(view, now));
    this.#cache.forget(workspaceId);
    return ok(view);
  }

  async delete(workspaceId: string, idOrKey: string): Promise<Result<PlacementView, PlacementFailure>> {
    const db = this.o.database.kysely;
    const row = await this.o.repos.placements.find(db, workspaceId, idOrKey);
    if (row === undefined || !(await this.o.repos.placements.remove(db, workspaceId, row.id))) return err({ reason: 'not_found' });
    this.#cache.forget(workspaceId);
    return ok(placementView(row));
  }

  /** Checks a placement as it would be saved: its templates and what it refers to. */
  async check(workspaceId: string, view: PlacementDefinition | PlacementView): Promise<Result<CompiledPlacement, PlacementFailure>> {
    const refs = await loadReferences(this.o, workspaceId);
    const { placement, problems } = compilePlacement(definitionOf(view), refs, this.o.templates);
    return problems.length > 0 ? err({ reason: 'invalid', problems }) : ok(placement);
  }

  /** The workspace's placements compiled for decisions, by key; read again after `cacheMs` or a change made here. */
  compiled(workspaceId: string): Promise<ReadonlyMap<string, CompiledPlacement>> {
    return this.#cache.get(workspaceId);
  }

  /** Forgets what is in memory (a segment or recommender renamed here): the next decision reads placements again. */
  forget(workspaceId: string): void {
    this.#cache.forget(workspaceId);
  }

  async #load(workspaceId: string): Promise<ReadonlyMap<string, CompiledPlacement>> {
    const [rows, refs] = await Promise.all([this.o.repos.placements.list(this.o.database.kysely, workspaceId), loadReferences(this.o, workspaceId)]);
    const out = new Map<string, CompiledPlacement>();
    for (const row of rows) {
      const { placement, problems } = compilePlacement(definitionOf(placementView(row)), refs, this.o.templates);
      if (problems.length > 0) this.o.logger.warn({ workspaceId, placement: row.key, problems: problems.map((p) => `${p.path}: ${p.message}`) }, 'a placement refers to something that changed: the experiences concerned are skipped');
      out.set(row.key, placement);
    }
    return out;
  }
}
