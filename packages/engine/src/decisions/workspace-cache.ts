import type { Clock } from '@rapport/core';

/**
 * Something read per workspace and kept in memory for a while (compiled placements, messages): read again after
 * `ttlMs`, or at once after `forget` (a change made through this node). A failed read is not kept.
 */
export class WorkspaceCache<T> {
  readonly #entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly load: (workspaceId: string) => Promise<T>,
  ) {}

  get(workspaceId: string): Promise<T> {
    const now = this.clock.now();
    const cached = this.#entries.get(workspaceId);
    if (cached !== undefined && now - cached.at < this.ttlMs) return cached.value;
    const value = this.load(workspaceId);
    this.#entries.set(workspaceId, { at: now, value });
    value.catch(() => this.#entries.delete(workspaceId));
    return value;
  }

  forget(workspaceId: string): void {
    this.#entries.delete(workspaceId);
  }
}
