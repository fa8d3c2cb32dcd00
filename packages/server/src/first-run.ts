import type { Engine, Workspace } from '@rapport/engine';
import type { Logger } from '@rapport/core';

export interface FirstRun {
  readonly workspace: Workspace;
  /** True when this start created the workspace. */
  readonly created: boolean;
  /** Keys generated on this start, to show once; keys set by the operator are not repeated. */
  readonly generated: { writeKey?: string; secretKey?: string };
}

/**
 * On the first start, creates the workspace with a write key and an admin secret key (generated, or those of
 * RAPPORT_WRITE_KEY / RAPPORT_SECRET_KEY). On later starts, adds configured keys that do not exist yet, so that a
 * deployment can rotate them by configuration.
 */
export async function ensureWorkspace(engine: Engine, options: { name: string; writeKey?: string | undefined; secretKey?: string | undefined; logger: Logger }): Promise<FirstRun> {
  const [existing] = await engine.workspaces.list();
  if (existing === undefined) {
    const workspace = await engine.workspaces.create(options.name);
    const write = await engine.keys.create(workspace.id, { kind: 'write', name: 'Default write key' }, options.writeKey);
    const secret = await engine.keys.create(workspace.id, { kind: 'secret', name: 'Admin key', scopes: ['admin'] }, options.secretKey);
    return {
      workspace,
      created: true,
      generated: { ...(options.writeKey === undefined ? { writeKey: write.key } : {}), ...(options.secretKey === undefined ? { secretKey: secret.key } : {}) },
    };
  }
  for (const [kind, key] of [['write', options.writeKey], ['secret', options.secretKey]] as const) {
    if (key === undefined || (await engine.keys.exists(key))) continue;
    await engine.keys.create(existing.id, { kind, name: `Configured ${kind} key`, ...(kind === 'secret' ? { scopes: ['admin'] } : {}) }, key);
    options.logger.info({ kind }, 'added the key set in the environment');
  }
  return { workspace: existing, created: false, generated: {} };
}
