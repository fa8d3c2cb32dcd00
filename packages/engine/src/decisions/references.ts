import type { Database, Repositories } from '@rapport/storage';
import type { WorkspaceService } from '../workspaces/index.js';

/** What placements and messages may refer to, by the names a marketer writes. */
export interface References {
  /** Segments by id and by name. */
  readonly segments: ReadonlyMap<string, { readonly id: string; readonly name: string }>;
  readonly geofences: ReadonlySet<string>;
  readonly recommenders: ReadonlySet<string>;
  /** Consent purposes by id. */
  readonly purposes: ReadonlySet<string>;
}

/** Reads the segments, geofences, recommenders and purposes of a workspace. */
export async function loadReferences(deps: { readonly database: Database; readonly repos: Repositories; readonly workspaces: WorkspaceService }, workspaceId: string): Promise<References> {
  const db = deps.database.kysely;
  const { repos } = deps;
  const [segments, geofences, recommenders, workspace] = await Promise.all([
    repos.segments.list(db, workspaceId),
    repos.geofences.list(db, workspaceId),
    repos.recommendations.recommenders(db, workspaceId),
    deps.workspaces.get(workspaceId),
  ]);
  const byRef = new Map<string, { id: string; name: string }>();
  for (const s of segments) {
    byRef.set(s.id, { id: s.id, name: s.name });
    byRef.set(s.name, { id: s.id, name: s.name });
  }
  return {
    segments: byRef,
    geofences: new Set(geofences.map((g) => g.key)),
    recommenders: new Set(recommenders.map((r) => r.name)),
    purposes: new Set(workspace.settings.purposes.map((p) => p.id)),
  };
}
