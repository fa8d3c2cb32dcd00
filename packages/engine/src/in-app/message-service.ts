import type { CreateMessageBody, Frequency, InAppMessageView, MessageStatus, UpdateMessageBody } from '@rapport/contracts';
import { err, ok, uuidv7, type Clock, type Logger, type ProblemDetail, type Result } from '@rapport/core';
import { parseJson, type Database, type InAppMessageRow, type Repositories } from '@rapport/storage';
import { loadReferences, WorkspaceCache, type TemplateEngine } from '../decisions/index.js';
import type { WorkspaceService } from '../workspaces/index.js';
import { compileMessage, type CompiledMessage, type MessageDefinition } from './message-compiler.js';

/** Why a change to a message was refused. */
export type MessageFailure = { readonly reason: 'not_found' } | { readonly reason: 'key_taken' } | { readonly reason: 'invalid'; readonly problems: readonly ProblemDetail[] };

export interface MessageServiceOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly workspaces: WorkspaceService;
  readonly templates: TemplateEngine;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly cacheMs?: number;
}

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

export function messageView(r: InAppMessageRow): InAppMessageView {
  const d = parseJson<MessageDefinition>(r.definition);
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    format: d.format,
    content: d.content,
    trigger: d.trigger,
    audience: d.audience ?? null,
    purpose: d.purpose === undefined ? 'marketing' : d.purpose,
    frequency: d.frequency ?? ({} as Frequency),
    quietHours: d.quietHours ?? null,
    priority: d.priority ?? 0,
    startAt: d.startAt ?? null,
    endAt: d.endAt ?? null,
    status: r.status as MessageStatus,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

function definitionOf(body: Omit<CreateMessageBody, 'key' | 'name' | 'status'> | Record<string, unknown>): MessageDefinition {
  const { format, content, trigger, audience, purpose, frequency, quietHours, priority, startAt, endAt } = body;
  return JSON.parse(JSON.stringify({ format, content, trigger, audience, purpose, frequency, quietHours, priority, startAt, endAt })) as MessageDefinition;
}

/**
 * In-app messages: the admin API's create, change, delete and reads, and the compiled messages that deliveries are
 * decided with, kept in memory per workspace (5 s; a change made here applies at once).
 */
export class MessageService {
  readonly #cache: WorkspaceCache<readonly CompiledMessage[]>;

  constructor(private readonly o: MessageServiceOptions) {
    this.#cache = new WorkspaceCache(o.clock, o.cacheMs ?? 5_000, (ws) => this.#load(ws));
  }

  async list(workspaceId: string): Promise<InAppMessageView[]> {
    return (await this.o.repos.inApp.list(this.o.database.kysely, workspaceId)).map(messageView);
  }

  async get(workspaceId: string, idOrKey: string): Promise<InAppMessageView | undefined> {
    const row = await this.o.repos.inApp.find(this.o.database.kysely, workspaceId, idOrKey);
    return row === undefined ? undefined : messageView(row);
  }

  async create(workspaceId: string, body: CreateMessageBody): Promise<Result<InAppMessageView, MessageFailure>> {
    const db = this.o.database.kysely;
    const now = this.o.clock.now();
    const row: InAppMessageRow = { workspace_id: workspaceId, id: uuidv7(now), key: body.key, name: body.name.trim(), definition: JSON.stringify(definitionOf(body)), status: body.status ?? 'active', created_at: now, updated_at: now };
    const checked = await this.#check(workspaceId, row);
    if (!checked.ok) return checked;
    if ((await this.o.repos.inApp.find(db, workspaceId, body.key)) !== undefined) return err({ reason: 'key_taken' });
    await this.o.repos.inApp.insert(db, row);
    this.#cache.forget(workspaceId);
    return ok(messageView(row));
  }

  async update(workspaceId: string, idOrKey: string, body: UpdateMessageBody): Promise<Result<InAppMessageView, MessageFailure>> {
    const db = this.o.database.kysely;
    const current = await this.o.repos.inApp.find(db, workspaceId, idOrKey);
    if (current === undefined) return err({ reason: 'not_found' });
    const { name, status, ...changes } = body;
    // null removes an optional field; JSON.stringify in definitionOf drops the undefined ones.
    const merged = { ...parseJson<MessageDefinition>(current.definition) } as Record<string, unknown>;
    for (const [k, v] of Object.entries(changes)) merged[k] = v === null && k !== 'purpose' ? undefined : v;
    const row: InAppMessageRow = { ...current, name: name?.trim() ?? current.name, status: status ?? current.status, definition: JSON.stringify(definitionOf(merged)), updated_at: this.o.clock.now() };
    const checked = await this.#check(workspaceId, row);
    if (!checked.ok) return checked;
    await this.o.repos.inApp.update(db, workspaceId, row.id, { name: row.name, status: row.status, definition: row.definition, updated_at: row.updated_at });
    this.#cache.forget(workspaceId);
    return ok(messageView(row));
  }

  async delete(workspaceId: string, idOrKey: string): Promise<Result<InAppMessageView, MessageFailure>> {
    const db = this.o.database.kysely;
    const row = await this.o.repos.inApp.find(db, workspaceId, idOrKey);
    if (row === undefined || !(await this.o.repos.inApp.remove(db, workspaceId, row.id))) return err({ reason: 'not_found' });
    this.#cache.forget(workspaceId);
    return ok(messageView(row));
  }

  /** The workspace's messages compiled for delivery. */
  compiled(workspaceId: string): Promise<readonly CompiledMessage[]> {
    return this.#cache.get(workspaceId);
  }

  async #check(workspaceId: string, row: InAppMessageRow): Promise<Result<CompiledMessage, MessageFailure>> {
    const refs = await loadReferences(this.o, workspaceId);
    const { message, problems } = compileMessage(this.#input(row), refs, this.o.templates);
    return problems.length > 0 ? err({ reason: 'invalid', problems }) : ok(message);
  }

  #input(row: InAppMessageRow) {
    return { id: row.id, key: row.key, name: row.name, status: row.status as MessageStatus, definition: parseJson<MessageDefinition>(row.definition) };
  }

  async #load(workspaceId: string): Promise<readonly CompiledMessage[]> {
    const [rows, refs] = await Promise.all([this.o.repos.inApp.list(this.o.database.kysely, workspaceId), loadReferences(this.o, workspaceId)]);
    return rows.map((row) => {
      const { message, problems } = compileMessage(this.#input(row), refs, this.o.templates);
      if (problems.length > 0) this.o.logger.warn({ workspaceId, message: row.key, problems: message.broken }, 'an in-app message refers to something that changed: it is not shown');
      return message;
    });
  }
}
