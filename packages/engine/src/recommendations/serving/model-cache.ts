import type { Clock } from '@rapport/core';
import type { Database, RecModelRow, Repositories } from '@rapport/storage';

/** How often the serving side looks for a newer version of a model. */
const CHECK_MS = 30_000;

interface Entry<T> {
  readonly version: number;
  readonly value: T;
  checkedAt: number;
  /** A look for a newer version under way (one at a time). */
  checking?: Promise<void> | undefined;
}

/**
 * The trained models the serving side answers from, in memory, by workspace and algorithm. The newest ready
 * version is loaded on first use; after that, every 30 s, a light query (the version, not the snapshot) looks for a
 * newer one in the background while the loaded one keeps answering — a request never waits for a model being
 * trained or loaded, except the very first of a model.
 */
export class ModelCache {
  readonly #entries = new Map<string, Entry<unknown>>();

  constructor(private readonly o: { database: Database; repos: Repositories; clock: Clock }) {}

  /** The model of an algorithm, decoded by `decode`; undefined while none is trained. */
  async get<T>(workspaceId: string, algorithm: string, decode: (row: RecModelRow) => T): Promise<{ version: number; value: T } | undefined> {
    const key = `${workspaceId}\u0000${algorithm}`;
    const now = this.o.clock.now();
    const entry = this.#entries.get(key) as Entry<T> | undefined;
    if (entry === undefined) return this.#load(key, workspaceId, algorithm, decode, now);
    if (now - entry.checkedAt >= CHECK_MS && entry.checking === undefined) {
      entry.checking = this.#refresh(entry, key, workspaceId, algorithm, decode, now).finally(() => (entry.checking = undefined));
    }
    return entry;
  }

  async #load<T>(key: string, workspaceId: string, algorithm: string, decode: (row: RecModelRow) => T, now: number): Promise<Entry<T> | undefined> {
    const row = await this.o.repos.recommendations.latestModel(this.o.database.kysely, workspaceId, algorithm);
    if (row === undefined || row.snapshot === null) return undefined;
    const loaded: Entry<T> = { version: row.version, value: decode(row), checkedAt: now };
    this.#entries.set(key, loaded);
    return loaded;
  }

  async #refresh<T>(entry: Entry<T>, key: string, workspaceId: string, algorithm: string, decode: (row: RecModelRow) => T, now: number): Promise<void> {
    entry.checkedAt = now;
    const version = await this.o.repos.recommendations.latestModelVersion(this.o.database.kysely, workspaceId, algorithm);
    if (version !== undefined && version !== entry.version) await this.#load(key, workspaceId, algorithm, decode, now);
  }

  /** Forgets what was loaded (tests, and a model trained in this thread). */
  clear(): void {
    this.#entries.clear();
  }
}
