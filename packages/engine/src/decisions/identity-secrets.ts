import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomToken, type Clock } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';

/** How long a secret read from the database is trusted before it is read again (a rotation on another node). */
const CACHE_MS = 5_000;

/** The user token of a userId: hex HMAC-SHA256 with the workspace's identity secret. Shops compute it on their server. */
export function userTokenOf(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/**
 * Identity verification for public routes: a request that names a userId carries the shop server's signature of it,
 * so that nobody can read a signed-in person's data by guessing their id (what chat widgets call identity
 * verification). The secret is made on first use and can be rotated; it is kept as is because the shop's server needs
 * it to sign (a hash would not do).
 */
export class IdentitySecrets {
  readonly #cache = new Map<string, { secret: string | null; at: number }>();

  constructor(private readonly o: { readonly database: Database; readonly repos: Repositories; readonly clock: Clock }) {}

  /** The secret and when it was made, making it on first use. */
  async get(workspaceId: string): Promise<{ secret: string; createdAt: number }> {
    const db = this.o.database.kysely;
    let row = await this.o.repos.workspaces.find(db, workspaceId);
    if (row?.identity_secret == null) {
      await this.o.repos.workspaces.setIdentitySecret(db, workspaceId, randomToken('idv_'), this.o.clock.now(), true);
      row = await this.o.repos.workspaces.find(db, workspaceId);
    }
    if (row?.identity_secret == null || row.identity_secret_at === null) throw new Error(`workspace ${workspaceId} has no identity secret`);
    this.#cache.set(workspaceId, { secret: row.identity_secret, at: this.o.clock.now() });
    return { secret: row.identity_secret, createdAt: Number(row.identity_secret_at) };
  }

  /** A new secret: tokens signed with the old one stop working at once on this node, within 5 s on others. */
  async rotate(workspaceId: string): Promise<{ secret: string; createdAt: number }> {
    await this.o.repos.workspaces.setIdentitySecret(this.o.database.kysely, workspaceId, randomToken('idv_'), this.o.clock.now(), false);
    return this.get(workspaceId);
  }

  /** Whether `token` is the user token of `userId`; false when the workspace has no secret yet. */
  async verify(workspaceId: string, userId: string, token: string | undefined): Promise<boolean> {
    if (token === undefined || !/^[0-9a-f]{64}$/i.test(token)) return false;
    const secret = await this.#secret(workspaceId);
    if (secret === null) return false;
    return timingSafeEqual(Buffer.from(userTokenOf(secret, userId), 'hex'), Buffer.from(token, 'hex'));
  }

  async #secret(workspaceId: string): Promise<string | null> {
    const cached = this.#cache.get(workspaceId);
    const now = this.o.clock.now();
    if (cached !== undefined && now - cached.at < CACHE_MS) return cached.secret;
    const row = await this.o.repos.workspaces.find(this.o.database.kysely, workspaceId);
    const secret = row?.identity_secret ?? null;
    this.#cache.set(workspaceId, { secret, at: now });
    return secret;
  }
}
