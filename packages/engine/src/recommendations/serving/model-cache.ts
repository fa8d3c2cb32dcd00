import type { Clock } from '@rapport/core';
import type { Database, RecModelRow, Repositories } from '@rapport/storage';

/** How often the serving side looks for a newer version of a model. */
const CHECK_MS = 30_000;

interface Entry<T> {
  readonly version: number;
  readonly value: T;
  checkedAt: number;
}

/**
 * The trained models the serving side answers from, in memory, by workspace and algorithm. The newest ready
 * version is loaded on first use and looked for again every 30 s: a model being trained never blocks serving, and
 * the previous one serves until the new one is stored.
 */
export class ModelCache {
  readonly #entries = new Map<string, Entry<unknown>>();

  constructor(
    private readonly o: { database: Database; repos: Repositories; clock: Clock },
  ) {}

  /** The model of an algorithm, decoded by `decode`; undefined while none is trained. */
  async get<T>(workspaceId: string, algorithm: string, decode: (row: RecModelRow) => T): Promise<{ version: number; value: T } | undefined> {
    const key = `${workspaceId}\u0000${algorithm}`;
    const now = this.o.clock.now();
    const entry = this.#entries.get(key) as Entry<T> | undefined;
    if (entry !== undefined && now - entry.checkedAt < CHECK_MS) return entry;
    const row = await this.o.repos.recommendations.latestModel(this.o.database.kysely, workspaceId, algorithm);
    if (row === undefined || row.snapshot === null) {
      if (entry !== undefined) entry.checkedAt = now;
      return entry;
    }
    if (entry !== undefined && entry.version === row.version) {
      entry.checkedAt = now;
      return entry;
    }
    const loaded: Entry<T> = { version: row.version, value: decode(row), checkedAt: now };
    this.#entries.set(key, loaded);
    return loaded;
  }

  /** Forgets what was loaded (tests, and a model trained in this thread). */
  clear(): void {
    this.#entries.clear();
  }
}
