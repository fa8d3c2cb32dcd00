import type { UpdateWorkspaceBody, WorkspaceSettings, WorkspaceView } from '@rapport/contracts';
import { AppError, uuidv7, type Clock, type Result, ok, err, type ProblemDetail } from '@rapport/core';
import { parseJson, type Database, type Executor, type Repositories, type WorkspaceRow } from '@rapport/storage';
import { completeSettings, defaultSettings } from './workspace-settings.js';

export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly settings: WorkspaceSettings;
}

/** How long another process's change to settings may take to be seen here. */
const CACHE_MS = 5000;

function toWorkspace(row: WorkspaceRow): Workspace {
  return { id: row.id, name: row.name, createdAt: row.created_at, settings: completeSettings(parseJson<WorkspaceSettings>(row.settings)) };
}

export function workspaceView(w: Workspace): WorkspaceView {
  return { id: w.id, name: w.name, createdAt: new Date(w.createdAt).toISOString(), settings: w.settings };
}

/** Workspaces and their settings, cached for reads on hot paths. */
export class WorkspaceService {
  readonly #cache = new Map<string, { workspace: Workspace; at: number }>();

  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  async create(name: string): Promise<Workspace> {
    const now = this.clock.now();
    const workspace: Workspace = { id: uuidv7(now), name, createdAt: now, settings: defaultSettings() };
    await this.repos.workspaces.insert(this.database.kysely, {
      id: workspace.id,
      name,
      created_at: now,
      settings: JSON.stringify(workspace.settings),
    });
    return workspace;
  }

  async list(): Promise<Workspace[]> {
    return (await this.repos.workspaces.list(this.database.kysely)).map(toWorkspace);
  }

  /** The workspace, from a cache at most 5 s old; inside a transaction, pass it as `db`. */
  async get(id: string, db: Executor = this.database.kysely): Promise<Workspace> {
    const cached = this.#cache.get(id);
    if (cached !== undefined && this.clock.now() - cached.at < CACHE_MS) return cached.workspace;
    const row = await this.repos.workspaces.find(db, id);
    if (row === undefined) throw new AppError({ code: 'ERR_INTERNAL', message: `workspace ${id} does not exist` });
    const workspace = toWorkspace(row);
    this.#cache.set(id, { workspace, at: this.clock.now() });
    return workspace;
  }

  async update(id: string, body: UpdateWorkspaceBody): Promise<Result<Workspace, ProblemDetail[]>> {
    const current = await this.get(id);
    const settings: WorkspaceSettings = {
      purposes: body.purposes ?? current.settings.purposes,
      retention: { ...current.settings.retention, ...body.retention },
      lifecycle: { ...current.settings.lifecycle, ...body.lifecycle },
      rfm: { ...current.settings.rfm, ...body.rfm },
      messaging: { ...current.settings.messaging, ...body.messaging },
    };
    const problems = settingsProblems(settings);
    if (problems.length > 0) return err(problems);
    await this.repos.workspaces.update(this.database.kysely, id, {
      ...(body.name === undefined ? {} : { name: body.name }),
      settings: JSON.stringify(settings),
    });
    this.#cache.delete(id);
    return ok(await this.get(id));
  }
}

function settingsProblems(settings: WorkspaceSettings): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const seen = new Map<string, string>();
  settings.purposes.forEach((p, i) => {
    for (const name of [p.id, ...p.aliases.map((a) => a.toLowerCase())]) {
      const owner = seen.get(name);
      if (owner !== undefined && owner !== p.id) {
        problems.push({ path: `/purposes/${i}`, message: `"${name}" already names the purpose ${owner}` });
      }
      seen.set(name, p.id);
    }
    if (settings.purposes.findIndex((q) => q.id === p.id) !== i) problems.push({ path: `/purposes/${i}/id`, message: `purpose ${p.id} is listed twice` });
  });
  const { atRiskDays, lapsedDays, churnedDays } = settings.lifecycle;
  if (!(atRiskDays < lapsedDays && lapsedDays < churnedDays)) {
    problems.push({ path: '/lifecycle', message: 'the thresholds must grow: atRiskDays < lapsedDays < churnedDays', expected: 'atRiskDays < lapsedDays < churnedDays', got: `${atRiskDays}, ${lapsedDays}, ${churnedDays}` });
  }
  return problems;
}
