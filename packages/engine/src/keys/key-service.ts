import type { ApiKeyView, CreateKeyBody, KeyKind, SecretKeyScope } from '@rapport/contracts';
import { randomToken, sha256Hex, uuidv7, type Clock, type Result, ok, err } from '@rapport/core';
import { parseJson, type ApiKeyRow, type Database, type Repositories } from '@rapport/storage';

/** A key that authenticated: who it belongs to and what it may do. */
export interface AuthenticatedKey {
  readonly id: string;
  readonly workspaceId: string;
  readonly kind: KeyKind;
  readonly scopes: readonly SecretKeyScope[];
}

/** Keys chosen by an operator (RAPPORT_WRITE_KEY, RAPPORT_SECRET_KEY) must look like keys. */
export const KEY_PATTERN = /^[A-Za-z0-9_.-]{16,200}$/;

/** Revocation in another process takes effect within this time; in this one, at once. */
const CACHE_MS = 10_000;
const TOUCH_EVERY_MS = 60_000;

export function keyView(row: ApiKeyRow): ApiKeyView {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: row.id,
    kind: row.kind as KeyKind,
    name: row.name,
    prefix: row.prefix,
    scopes: parseJson<SecretKeyScope[]>(row.scopes),
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

/** True when a key with `scopes` may do what `needed` names (`admin` may do anything, `read` any read). */
export function allows(scopes: readonly SecretKeyScope[], needed: SecretKeyScope): boolean {
  return scopes.includes('admin') || scopes.includes(needed);
}

/**
 * API keys. Only a SHA-256 of each key is stored: keys carry 192 random bits, so a slow password hash would add
 * nothing but latency to every request.
 */
export class KeyService {
  readonly #cache = new Map<string, { key: AuthenticatedKey | undefined; at: number }>();
  readonly #used = new Set<string>();
  #lastTouch = 0;
  readonly #revokedListeners: ((keyHash: string) => void)[] = [];

  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  /** Creates a key; `chosen` is a key set by the operator instead of a random one. Returns the key, shown once. */
  async create(workspaceId: string, body: CreateKeyBody, chosen?: string): Promise<{ key: string; apiKey: ApiKeyView }> {
    const now = this.clock.now();
    const key = chosen ?? randomToken(body.kind === 'write' ? 'wk_' : 'sk_');
    const scopes: SecretKeyScope[] = body.kind === 'write' ? [] : [...(body.scopes ?? ['admin'])];
    const row: ApiKeyRow = {
      id: uuidv7(now),
      workspace_id: workspaceId,
      kind: body.kind,
      name: body.name,
      key_hash: sha256Hex(key),
      prefix: `${key.slice(0, 7)}…`,
      scopes: JSON.stringify(scopes),
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    };
    await this.repos.keys.insert(this.database.kysely, row);
    this.#cache.delete(row.key_hash);
    return { key, apiKey: keyView(row) };
  }

  /** The key's owner and rights, or undefined for an unknown or revoked key. */
  async authenticate(key: string): Promise<AuthenticatedKey | undefined> {
    const hash = sha256Hex(key);
    const now = this.clock.now();
    const cached = this.#cache.get(hash);
    let found: AuthenticatedKey | undefined;
    if (cached !== undefined && now - cached.at < CACHE_MS) {
      found = cached.key;
    } else {
      const row = await this.repos.keys.findByHash(this.database.kysely, hash);
      found =
        row === undefined || row.revoked_at !== null
          ? undefined
          : { id: row.id, workspaceId: row.workspace_id, kind: row.kind as KeyKind, scopes: parseJson<SecretKeyScope[]>(row.scopes) };
      if (this.#cache.size > 10_000) this.#cache.clear();
      this.#cache.set(hash, { key: found, at: now });
    }
    if (found !== undefined) this.#noteUse(found.id, now);
    return found;
  }

  async find(workspaceId: string, id: string): Promise<ApiKeyView | undefined> {
    const row = await this.repos.keys.find(this.database.kysely, workspaceId, id);
    return row === undefined ? undefined : keyView(row);
  }

  async list(workspaceId: string): Promise<ApiKeyView[]> {
    return (await this.repos.keys.list(this.database.kysely, workspaceId)).map(keyView);
  }

  /** True when a key with this exact value exists (revoked or not). */
  async exists(key: string): Promise<boolean> {
    return (await this.repos.keys.findByHash(this.database.kysely, sha256Hex(key))) !== undefined;
  }

  /** Revokes a key, unless it is the last active admin key of its workspace (which would lock the owner out). */
  async revoke(workspaceId: string, id: string): Promise<Result<ApiKeyView, 'not_found' | 'last_admin'>> {
    return this.database.writeTransaction(async (trx) => {
      const keys = await this.repos.keys.list(trx, workspaceId);
      const target = keys.find((k) => k.id === id);
      if (target === undefined) return err('not_found' as const);
      if (target.revoked_at !== null) return ok(keyView(target));
      const isAdmin = (k: ApiKeyRow) => k.kind === 'secret' && k.revoked_at === null && parseJson<string[]>(k.scopes).includes('admin');
      if (isAdmin(target) && keys.filter(isAdmin).length === 1) return err('last_admin' as const);
      const now = this.clock.now();
      await this.repos.keys.revoke(trx, workspaceId, id, now);
      this.forget(target.key_hash);
      for (const listener of this.#revokedListeners) listener(target.key_hash);
      return ok(keyView({ ...target, revoked_at: now }));
    });
  }

  /** Calls `listener` with the hash of every key revoked in this process (to tell other threads at once). */
  onRevoked(listener: (keyHash: string) => void): void {
    this.#revokedListeners.push(listener);
  }

  /** Drops what is cached of a key (revoked elsewhere): its next use reads the database. */
  forget(keyHash: string): void {
    this.#cache.delete(keyHash);
  }

  /** Records that keys were used, at most once a minute, off the request path. */
  #noteUse(id: string, now: number): void {
    this.#used.add(id);
    if (now - this.#lastTouch < TOUCH_EVERY_MS) return;
    this.#lastTouch = now;
    const ids = [...this.#used];
    this.#used.clear();
    this.repos.keys.touch(this.database.kysely, ids, now).catch(() => undefined);
  }
}
