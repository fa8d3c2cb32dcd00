import { sha256Hex, type Clock } from '@rapport/core';
import type { Database, IdentityKind, Repositories } from '@rapport/storage';

/** The hash kept of an erased person's identifier: the identifier itself is not kept. */
export function identityHash(kind: IdentityKind, value: string): string {
  return sha256Hex(`${kind}:${value}`);
}

/** Identifiers an event carries, as far as suppression is concerned. */
export interface EventIdentifiers {
  readonly userId?: string | null | undefined;
  readonly anonymousId?: string | null | undefined;
  /** Alias's previousId may be either kind of identifier. */
  readonly previousId?: string | null | undefined;
}

export function hashesOf(ids: EventIdentifiers): string[] {
  const out: string[] = [];
  if (ids.userId) out.push(identityHash('user', ids.userId));
  if (ids.anonymousId) out.push(identityHash('anonymous', ids.anonymousId));
  if (ids.previousId) out.push(identityHash('user', ids.previousId), identityHash('anonymous', ids.previousId));
  return out;
}

const REFRESH_MS = 30_000;

/**
 * The suppression list in memory, so that ingestion can refuse an erased person's late events without a query.
 * Erasures in this process are added at once; those of other processes are read every 30 s (and the processor, which
 * reads the table itself, drops any event that slipped through meanwhile).
 */
export class SuppressionList {
  readonly #byWorkspace = new Map<string, Set<string>>();
  readonly #listeners: ((workspaceId: string, hashes: readonly string[]) => void)[] = [];
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;

  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    const rows = await this.repos.privacy.allSuppressed(this.database.kysely);
    this.#byWorkspace.clear();
    for (const r of rows) this.#set(r.workspace_id).add(r.id_hash);
    this.#loadedAt = this.clock.now();
  }

  add(workspaceId: string, hashes: readonly string[]): void {
    const set = this.#set(workspaceId);
    for (const h of hashes) set.add(h);
    for (const listener of this.#listeners) listener(workspaceId, hashes);
  }

  /** Calls `listener` with every suppression added in this process (to tell other threads at once). */
  onAdd(listener: (workspaceId: string, hashes: readonly string[]) => void): void {
    this.#listeners.push(listener);
  }

  /** True when a workspace has no erased person: then events need not be hashed to be checked. */
  isEmpty(workspaceId: string): boolean {
    this.#refreshIfStale();
    return (this.#byWorkspace.get(workspaceId)?.size ?? 0) === 0;
  }

  /** True when any of the event's identifiers belongs to an erased person. */
  isSuppressed(workspaceId: string, ids: EventIdentifiers): boolean {
    this.#refreshIfStale();
    const set = this.#byWorkspace.get(workspaceId);
    if (set === undefined || set.size === 0) return false;
    return hashesOf(ids).some((h) => set.has(h));
  }

  #set(workspaceId: string): Set<string> {
    let set = this.#byWorkspace.get(workspaceId);
    if (set === undefined) {
      set = new Set();
      this.#byWorkspace.set(workspaceId, set);
    }
    return set;
  }

  #refreshIfStale(): void {
    if (this.#loading !== undefined || this.clock.now() - this.#loadedAt < REFRESH_MS) return;
    this.#loading = this.load()
      .catch(() => undefined)
      .finally(() => {
        this.#loading = undefined;
      });
  }
}
