import type { ActorKind, AuditEntryView, AuditQuery } from '@rapport/contracts';
import { sha256Hex, uuidv7, type Clock } from '@rapport/core';
import { parseJson, type AuditRow, type Database, type Repositories } from '@rapport/storage';
import { decodeCursor, pageOf } from '../pagination/index.js';
import { auditJson } from './audit-redaction.js';

/** Who made a change. */
export interface AuditActor {
  readonly kind: ActorKind;
  readonly id: string;
  /** The person's e-mail address; for a key, its name is looked up when absent. */
  readonly label?: string | undefined;
}

/** One change, as the HTTP layer saw it. */
export interface AuditRecord {
  readonly workspaceId: string;
  readonly actor: AuditActor;
  readonly method: string;
  /** The route pattern, e.g. /api/v1/segments/:id */
  readonly route: string;
  readonly targetId: string | null;
  /**
   * The target is a person (a customer's consent, an erasure): the log keeps a SHA-256 of the id and no bodies, so
   * that it never holds what an erasure must remove.
   */
  readonly aboutPerson: boolean;
  readonly status: number;
  readonly requestId: string;
  readonly ip: string | null;
  readonly request?: unknown;
  readonly before?: unknown;
  readonly after?: unknown;
}

function entryView(row: AuditRow): AuditEntryView {
  const json = (text: string | null): unknown => (text === null ? null : parseJson<unknown>(text));
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: { kind: row.actor_kind as ActorKind, id: row.actor_id, label: row.actor_label },
    action: `${row.method} ${row.route}`,
    targetId: row.target_id,
    status: row.status,
    requestId: row.request_id,
    ip: row.ip,
    request: json(row.request),
    before: json(row.before),
    after: json(row.after),
  };
}

/**
 * The audit log: who changed what, when, from what to what. Secrets are redacted before anything is written
 * (audit-redaction.ts); entries older than the retention are deleted by the accounts' housekeeping.
 */
export class AuditLog {
  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    const now = this.clock.now();
    const db = this.database.kysely;
    const label =
      entry.actor.label ??
      (entry.actor.kind === 'key'
        ? ((await this.repos.keys.find(db, entry.workspaceId, entry.actor.id))?.name ?? null)
        : null);
    const person = entry.aboutPerson;
    await this.repos.audit.insert(db, {
      workspace_id: entry.workspaceId,
      id: uuidv7(now),
      at: now,
      actor_kind: entry.actor.kind,
      actor_id: entry.actor.id,
      actor_label: label,
      method: entry.method,
      route: entry.route,
      target_id:
        entry.targetId === null ? null : person ? `sha256:${sha256Hex(entry.targetId)}` : entry.targetId,
      status: entry.status,
      request_id: entry.requestId,
      ip: entry.ip,
      request: person ? null : auditJson(entry.request),
      before: person ? null : auditJson(entry.before),
      after: person ? null : auditJson(entry.after),
    });
  }

  /** Entries newest first, filtered. */
  async list(
    workspaceId: string,
    query: AuditQuery,
  ): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const before =
      query.cursor === undefined ? undefined : decodeCursor<[string]>(query.cursor, ['string'])[0];
    const time = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
    // A person's id is kept hashed: asking for it finds the entries about them too.
    const targetIds =
      query.targetId === undefined ? undefined : [query.targetId, `sha256:${sha256Hex(query.targetId)}`];
    const filter = {
      actorId: query.actorId,
      targetIds,
      route: query.route,
      method: query.method,
      since: time(query.since),
      until: time(query.until),
    };
    const rows = await this.repos.audit.list(this.database.kysely, workspaceId, filter, limit + 1, before);
    return pageOf(rows, limit, entryView, (row) => [row.id]);
  }
}
