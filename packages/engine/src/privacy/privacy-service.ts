import type { ErasureReport, PrivacyRequestKind, privacyRequestStatuses, SuppressionView } from '@rapport/contracts';
import { sha256Hex, uuidv7, type Clock } from '@rapport/core';
import { parseJson, type Database, type PrivacyRequestRow, type Repositories, type SuppressionRow } from '@rapport/storage';
import { decodeCursor, pageOf } from '../pagination/index.js';
import type { PrivacyRegistry, PrivacySubject } from './privacy-registry.js';
import { identityHash, type SuppressionList } from './suppression-list.js';

export interface PrivacyRequestView {
  id: string;
  kind: PrivacyRequestKind;
  status: (typeof privacyRequestStatuses)[number];
  subjectHash: string;
  requestedBy: string;
  report: Record<string, unknown> | null;
  createdAt: string;
  completedAt: string | null;
}

function requestView(r: PrivacyRequestRow): PrivacyRequestView {
  return {
    id: r.id,
    kind: r.kind as PrivacyRequestKind,
    status: r.status as PrivacyRequestView['status'],
    subjectHash: r.subject_hash,
    requestedBy: r.requested_by,
    report: r.report === null ? null : parseJson(r.report),
    createdAt: new Date(r.created_at).toISOString(),
    completedAt: r.completed_at === null ? null : new Date(r.completed_at).toISOString(),
  };
}

function suppressionView(r: SuppressionRow): SuppressionView {
  return { hashPrefix: r.id_hash.slice(0, 12), suppressedAt: new Date(Number(r.created_at)).toISOString(), reason: 'erasure', requestId: r.request_id };
}

/** Export and erasure of everything held about a person, across every registered store. */
export class PrivacyService {
  constructor(
    private readonly database: Database,
    private readonly repos: Repositories,
    private readonly registry: PrivacyRegistry,
    private readonly suppressions: SuppressionList,
    private readonly clock: Clock,
  ) {}

  /** Every record of every store about the subject, store by store. */
  async *exportRecords(subject: PrivacySubject): AsyncGenerator<{ store: string; record: Record<string, unknown> }> {
    for (const store of this.registry.stores) {
      for await (const record of store.exportRecords(this.database.kysely, subject)) yield { store: store.name, record };
    }
  }

  /** Logs that an export was made (who asked, for whom as a hash, when). */
  async recordExport(workspaceId: string, requestedId: string, requestedBy: string): Promise<void> {
    const now = this.clock.now();
    await this.repos.privacy.insertRequest(this.database.kysely, {
      id: uuidv7(now),
      workspace_id: workspaceId,
      kind: 'export',
      status: 'completed',
      subject_hash: sha256Hex(requestedId),
      requested_by: requestedBy,
      report: null,
      created_at: now,
      completed_at: now,
    });
  }

  /**
   * Erases the subject from every store in one transaction serialized with the processor, so that no slice in flight
   * writes them back; then suppresses their identifiers (as hashes) so that late events from offline devices are
   * refused. Returns rows removed per store.
   */
  async erase(subject: PrivacySubject, requestedId: string, requestedBy: string): Promise<ErasureReport> {
    const requestId = uuidv7(this.clock.now());
    const result = await this.database.processingTransaction(async (trx) => {
      // Read the person again under the lock: a merge may have added profiles or identifiers since.
      const current = await this.#refresh(trx, subject);
      const removed: Record<string, number> = {};
      for (const store of this.registry.stores) removed[store.name] = await store.erase(trx, current);
      const hashes = [...current.userIds.map((u) => identityHash('user', u)), ...current.anonymousIds.map((a) => identityHash('anonymous', a))];
      const now = this.clock.now();
      await this.repos.privacy.suppress(trx, hashes.map((id_hash) => ({ workspace_id: subject.workspaceId, id_hash, created_at: now, request_id: requestId })));
      // Tells the processor that a slice it prepared before this erasure may hold this person: it will redo it.
      await this.repos.processor.countRemoval(trx, now);
      const report: ErasureReport = { requestId, profiles: current.profileIds.length, removed, suppressed: hashes.length, completedAt: new Date(now).toISOString() };
      await this.repos.privacy.insertRequest(trx, {
        id: requestId,
        workspace_id: subject.workspaceId,
        kind: 'erase',
        status: 'completed',
        subject_hash: sha256Hex(requestedId),
        requested_by: requestedBy,
        report: JSON.stringify(report),
        created_at: now,
        completed_at: now,
      });
      return { report, hashes };
    });
    this.suppressions.add(subject.workspaceId, result.hashes);
    return result.report;
  }

  async listRequests(workspaceId: string, query: { limit?: number | undefined; cursor?: string | undefined }): Promise<{ items: PrivacyRequestView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const before = query.cursor === undefined ? undefined : decodeCursor<[string]>(query.cursor, ['string'])[0];
    const rows = await this.repos.privacy.listRequests(this.database.kysely, workspaceId, limit + 1, before);
    return pageOf(rows, limit, requestView, (r) => [r.id]);
  }

  /** The suppression list, newest first: a prefix of each hash, when and by which erasure; never an identifier. */
  async listSuppressions(workspaceId: string, query: { limit?: number | undefined; cursor?: string | undefined }): Promise<{ items: SuppressionView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const after = query.cursor === undefined ? undefined : decodeCursor<[number, string]>(query.cursor, ['number', 'string']);
    const rows = await this.repos.privacy.listSuppressions(this.database.kysely, workspaceId, limit + 1, after === undefined ? undefined : { createdAt: after[0], idHash: after[1] });
    return pageOf(rows, limit, suppressionView, (r) => [Number(r.created_at), r.id_hash]);
  }

  async getRequest(workspaceId: string, id: string): Promise<PrivacyRequestView | undefined> {
    const row = await this.repos.privacy.findRequest(this.database.kysely, workspaceId, id);
    return row === undefined ? undefined : requestView(row);
  }

  async #refresh(trx: Parameters<Repositories['profiles']['identitiesOf']>[0], subject: PrivacySubject): Promise<PrivacySubject> {
    const tombstones = await this.repos.profiles.mergedInto(trx, subject.workspaceId, [subject.profileId]);
    const identities = await this.repos.profiles.identitiesOf(trx, subject.workspaceId, [subject.profileId, ...tombstones]);
    const union = (a: readonly string[], b: string[]) => [...new Set([...a, ...b])];
    return {
      ...subject,
      profileIds: union(subject.profileIds, [subject.profileId, ...tombstones]),
      userIds: union(subject.userIds, identities.filter((i) => i.kind === 'user').map((i) => i.value)),
      anonymousIds: union(subject.anonymousIds, identities.filter((i) => i.kind === 'anonymous').map((i) => i.value)),
    };
  }
}
