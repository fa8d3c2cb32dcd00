import { err, ok, type Result } from '@rapport/core';
import type { Engine, Workspace } from '@rapport/engine';

/** The workspace a command works on: the only one, or the one `--workspace` names. */
export async function chooseWorkspace(engine: Engine, requested: string | undefined): Promise<Result<Workspace, string>> {
  const all = await engine.workspaces.list();
  if (all.length === 0) return err('the database has no workspace yet: import data first (rapport import) or start Rapport once');
  const list = all.map((w) => `  ${w.id}  ${w.name}`).join('\n');
  if (requested !== undefined) {
    const found = all.find((w) => w.id === requested);
    return found === undefined ? err(`there is no workspace ${requested}; the database has:\n${list}`) : ok(found);
  }
  if (all.length === 1) return ok(all[0]!);
  return err(`the database has ${all.length} workspaces; choose one with --workspace <id>:\n${list}`);
}
