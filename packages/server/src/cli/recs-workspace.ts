import { ok, type Result } from '@rapport/core';
import { createEngine, EvaluationStore, type Engine, type Workspace } from '@rapport/engine';
import { engineSettings, openConfiguredDatabase } from '../main.js';
import { chooseWorkspace } from './choose-workspace.js';
import { configOrExit } from './config-or-exit.js';
import { createLogger } from './logger.js';

/** The configured database's workspace that evaluations are read from and stored in. */
export interface WorkspaceAccess {
  readonly engine: Engine;
  readonly workspace: Workspace;
  readonly store: EvaluationStore;
  close(): Promise<void>;
}

/**
 * Opens the configured database (RAPPORT_* variables, as `rapport start` does) and the workspace `--workspace` names,
 * or the only one (a sentence when there is none to choose; a failure to open the database throws). The engine is not started: evaluating reads orders and writes reports, nothing else runs.
 */
export async function openWorkspace(requested: string | undefined): Promise<Result<WorkspaceAccess, string>> {
  const config = configOrExit(process.env);
  // Warnings and errors on stderr: stdout holds the table or the JSON.
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 2);
  const database = await openConfiguredDatabase(config).catch((error: unknown) => {
    throw new Error(`cannot open the database: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  const engine = createEngine({ database, settings: engineSettings(config), logger });
  const close = async () => {
    await engine.stop();
    await database.close();
  };
  const workspace = await chooseWorkspace(engine, requested);
  if (!workspace.ok) {
    await close();
    return workspace;
  }
  return ok({ engine, workspace: workspace.value, store: new EvaluationStore({ database, repos: engine.repos, clock: engine.clock }), close });
}
