import type {
  CreateSegmentBody,
  PreviewSegmentBody,
  SegmentChangeView,
  SegmentExplanationView,
  SegmentMemberView,
  SegmentPreviewView,
  SegmentRule,
  SegmentView,
  UpdateSegmentBody,
} from '@rapport/contracts';
import { err, ok, uuidv7, type Clock, type ProblemDetail, type Result } from '@rapport/core';
import { parseJson, ruleSqlDialect, type Database, type Repositories, type SegmentRow } from '@rapport/storage';
import { decodeCursor, pageOf } from '../pagination/index.js';
import { profileFromRow, type ProfileService } from '../profiles/index.js';
import { membershipOf } from './membership-diff.js';
import { loadFacts, type RfmLookup } from './person-facts.js';
import { explain } from './rule-explainer.js';
import { compileRuleSql } from './rule-sql.js';
import { referencedSegments, validateRule } from './rule-validator.js';
import { isTimeDependent, timeDependence } from './time-dependence.js';
import type { SegmentCatalog } from './segment-catalog.js';
import { compileRule } from './rule-evaluator.js';

/** Why a segment request was refused; the routes answer each with its error code. */
export type SegmentFailure =
  | { readonly reason: 'not_found' }
  | { readonly reason: 'invalid'; readonly problems: ProblemDetail[] }
  | { readonly reason: 'name_taken' }
  | { readonly reason: 'in_use'; readonly by: string[] };

export interface SegmentServiceOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly catalog: SegmentCatalog;
  readonly profiles: ProfileService;
  readonly rfm: RfmLookup;
  readonly clock: Clock;
}

const DAY_MS = 86_400_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Segments as the admin API sees them: create, change and delete definitions (membership is then built by the
 * processor), preview a rule before saving it (batch SQL), list members, sizes over time, the stream of entries and
 * exits, and explain why a person is in a segment or not (the live path's evaluator, with its values).
 */
export class SegmentService {
  constructor(private readonly o: SegmentServiceOptions) {}

  async list(workspaceId: string): Promise<SegmentView[]> {
    const rows = await this.o.repos.segments.list(this.o.database.kysely, workspaceId);
    const views: SegmentView[] = [];
    for (const row of rows) views.push(await this.#view(row));
    return views;
  }

  async get(workspaceId: string, id: string): Promise<SegmentView | undefined> {
    const row = await this.o.repos.segments.find(this.o.database.kysely, workspaceId, id);
    return row === undefined ? undefined : this.#view(row);
  }

  async create(workspaceId: string, body: CreateSegmentBody): Promise<Result<SegmentView, SegmentFailure>> {
    const db = this.o.database.kysely;
    const checked = await this.#check(workspaceId, body.rule, body.purpose ?? null, undefined);
    if (!checked.ok) return checked;
    if ((await this.o.repos.segments.findByName(db, workspaceId, body.name)) !== undefined) return err({ reason: 'name_taken' });
    const now = this.o.clock.now();
    const row: SegmentRow = {
      workspace_id: workspaceId,
      id: uuidv7(now),
      name: body.name,
      description: body.description ?? '',
      purpose: body.purpose ?? null,
      rule: JSON.stringify(checked.value),
      version: 1,
      built_version: 0,
      built_at: null,
      size: 0,
      deleted_at: null,
      created_at: now,
      updated_at: now,
    };
    await this.o.repos.segments.insert(db, row);
    this.o.catalog.invalidate(workspaceId);
    return ok(await this.#view(row));
  }

  async update(workspaceId: string, id: string, body: UpdateSegmentBody): Promise<Result<SegmentView, SegmentFailure>> {
    const db = this.o.database.kysely;
    const row = await this.o.repos.segments.find(db, workspaceId, id);
    if (row === undefined) return err({ reason: 'not_found' });
    const purpose = body.purpose === undefined ? row.purpose : body.purpose;
    const ruleInput = body.rule === undefined ? parseJson<unknown>(row.rule) : body.rule;
    const checked = await this.#check(workspaceId, ruleInput, purpose, id);
    if (!checked.ok) return checked;
    if (body.name !== undefined && body.name !== row.name) {
      const other = await this.o.repos.segments.findByName(db, workspaceId, body.name);
      if (other !== undefined && other.id !== id) return err({ reason: 'name_taken' });
    }
    const rule = JSON.stringify(checked.value);
    const changed = rule !== JSON.stringify(parseJson(row.rule)) || purpose !== row.purpose;
    const changes = {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.description === undefined ? {} : { description: body.description }),
      purpose,
      rule,
      version: changed ? row.version + 1 : row.version,
      updated_at: this.o.clock.now(),
    };
    await this.o.repos.segments.update(db, workspaceId, id, changes);
    // Segments that refer to this one change meaning with it: their membership is built again too.
    if (changed) await this.#touchDependents(workspaceId, id);
    this.o.catalog.invalidate(workspaceId);
    return ok((await this.get(workspaceId, id))!);
  }

  /** Marks a segment deleted (the processor removes its members); refused while another segment refers to it. */
  async delete(workspaceId: string, id: string): Promise<Result<void, SegmentFailure>> {
    const db = this.o.database.kysely;
    const row = await this.o.repos.segments.find(db, workspaceId, id);
    if (row === undefined) return err({ reason: 'not_found' });
    const users = (await this.o.repos.segments.list(db, workspaceId)).filter((s) => s.id !== id && referencedSegments(parseJson<SegmentRule>(s.rule).root).includes(id));
    if (users.length > 0) return err({ reason: 'in_use', by: users.map((u) => u.name) });
    await this.o.repos.segments.update(db, workspaceId, id, { deleted_at: this.o.clock.now(), name: `${row.name} (deleted ${row.id})` });
    this.o.catalog.invalidate(workspaceId);
    return ok(undefined);
  }

  /** Marks the segments that use a geofence to be built again (after it changed). */
  async geofenceChanged(workspaceId: string, keys: readonly string[]): Promise<void> {
    const db = this.o.database.kysely;
    const ws = await this.o.catalog.get(workspaceId, { fresh: true });
    for (const s of ws.segments) {
      if (keys.some((k) => JSON.stringify(s.rule).includes(`"geofence":${JSON.stringify(k)}`))) {
        await this.o.repos.segments.update(db, workspaceId, s.id, { version: s.version + 1 });
        await this.#touchDependents(workspaceId, s.id);
      }
    }
    this.o.catalog.invalidate(workspaceId);
  }

  /**
   * The workspace settings rules read changed (consent purposes and their defaults, lifecycle thresholds, event
   * retention): every segment is built again.
   */
  async settingsChanged(workspaceId: string): Promise<void> {
    const db = this.o.database.kysely;
    for (const s of await this.o.repos.segments.list(db, workspaceId)) await this.o.repos.segments.update(db, workspaceId, s.id, { version: s.version + 1 });
    this.o.catalog.invalidate(workspaceId);
  }

  /** Counts and a sample of who a rule selects now, without saving it (the batch path). */
  async preview(workspaceId: string, body: PreviewSegmentBody): Promise<Result<SegmentPreviewView, SegmentFailure>> {
    const started = performance.now();
    const purpose = body.purpose ?? null;
    const checked = await this.#check(workspaceId, body.rule, purpose, undefined);
    if (!checked.ok) return checked;
    const db = this.o.database.kysely;
    const context = await this.o.catalog.context(workspaceId);
    const options = { dialect: ruleSqlDialect(this.o.database.dialect), context, workspaceId, now: this.o.clock.now() };
    const matchedCondition = compileRuleSql(checked.value, options);
    const memberCondition = purpose === null ? matchedCondition : compileRuleSql(checked.value, { ...options, purpose });
    // One evaluation of the rule gives both counts: who matches, and who of them consents to the purpose.
    const consents = purpose === null ? ruleSqlDialect(this.o.database.dialect).true : compileRuleSql({ version: 1, root: { type: 'consent', purpose, granted: true } }, options);
    const [{ matched, both: size }, total] = await Promise.all([
      this.o.repos.segments.countMatchingBoth(db, workspaceId, matchedCondition, consents),
      this.o.repos.segments.countProfiles(db, workspaceId),
    ]);
    const ids = (body.sample ?? 10) === 0 ? [] : await this.o.repos.segments.idsMatching(db, workspaceId, memberCondition, { limit: body.sample ?? 10 });
    const sample = await this.#members(workspaceId, ids.map((id) => ({ profile_id: id, entered_at: null })));
    return ok({ size, matched, excludedForConsent: matched - size, total, sample, tookMs: Math.round((performance.now() - started) * 10) / 10 });
  }

  async members(workspaceId: string, id: string, query: { limit?: number; cursor?: string }): Promise<{ items: SegmentMemberView[]; nextCursor: string | null } | undefined> {
    const db = this.o.database.kysely;
    if ((await this.o.repos.segments.find(db, workspaceId, id)) === undefined) return undefined;
    const limit = query.limit ?? 50;
    const after = query.cursor === undefined ? undefined : decodeCursor<[string]>(query.cursor, ['string'])[0];
    const rows = await this.o.repos.segments.members(db, workspaceId, id, { limit: limit + 1, ...(after === undefined ? {} : { afterId: after }) });
    const views = new Map((await this.#members(workspaceId, rows.slice(0, limit))).map((m) => [m.profileId, m]));
    return pageOf(rows, limit, (r) => views.get(r.profile_id)!, (r) => [r.profile_id]);
  }

  /** Every member, for the CSV export: pages of 1,000. */
  async *allMembers(workspaceId: string, id: string): AsyncGenerator<SegmentMemberView> {
    let after: string | undefined;
    for (;;) {
      const rows = await this.o.repos.segments.members(this.o.database.kysely, workspaceId, id, { limit: 1000, ...(after === undefined ? {} : { afterId: after }) });
      if (rows.length === 0) return;
      yield* await this.#members(workspaceId, rows);
      after = rows[rows.length - 1]!.profile_id;
    }
  }

  /** The segment's size on each UTC day of the last `days` days (days without a record are absent). */
  async sizes(workspaceId: string, id: string, days: number): Promise<{ day: string; size: number }[] | undefined> {
    const db = this.o.database.kysely;
    if ((await this.o.repos.segments.find(db, workspaceId, id)) === undefined) return undefined;
    const from = new Date(this.o.clock.now() - days * DAY_MS).toISOString().slice(0, 10);
    return this.o.repos.segments.sizes(db, workspaceId, id, from);
  }

  /** Membership changes after a seq: the segment.entered / segment.exited signals, in order. */
  async changes(workspaceId: string, query: { after?: number; limit?: number; segmentId?: string }): Promise<{ items: SegmentChangeView[]; last: number }> {
    const db = this.o.database.kysely;
    const rows = await this.o.repos.segments.changesAfter(db, workspaceId, { afterSeq: query.after ?? 0, limit: query.limit ?? 100, ...(query.segmentId === undefined ? {} : { segmentId: query.segmentId }) });
    const names = new Map((await this.o.repos.segments.list(db, workspaceId, { withDeleted: true })).map((s) => [s.id, s.name]));
    return {
      items: rows.map((r) => ({ seq: r.seq, segmentId: r.segment_id, segmentName: names.get(r.segment_id) ?? null, profileId: r.profile_id, kind: r.kind as 'entered' | 'exited', reason: r.reason as SegmentChangeView['reason'], at: iso(r.at)! })),
      last: rows.length === 0 ? (query.after ?? 0) : rows[rows.length - 1]!.seq,
    };
  }

  /** A person's entries and exits, newest first. */
  async history(workspaceId: string, profileRef: string, limit = 100): Promise<SegmentChangeView[] | undefined> {
    const profile = await this.o.profiles.find(workspaceId, profileRef);
    if (profile === undefined) return undefined;
    const db = this.o.database.kysely;
    const rows = await this.o.repos.segments.changesOfProfiles(db, workspaceId, [profile.id], { limit });
    const names = new Map((await this.o.repos.segments.list(db, workspaceId, { withDeleted: true })).map((s) => [s.id, s.name]));
    return rows.map((r) => ({ seq: r.seq, segmentId: r.segment_id, segmentName: names.get(r.segment_id) ?? null, profileId: r.profile_id, kind: r.kind as 'entered' | 'exited', reason: r.reason as SegmentChangeView['reason'], at: iso(r.at)! }));
  }

  /** The segments a person is in now, with when they entered. */
  async ofProfile(workspaceId: string, profileRef: string): Promise<{ segmentId: string; name: string; enteredAt: string }[] | undefined> {
    const profile = await this.o.profiles.find(workspaceId, profileRef);
    if (profile === undefined) return undefined;
    const db = this.o.database.kysely;
    const rows = await this.o.repos.segments.membershipsOf(db, workspaceId, [profile.id]);
    const names = new Map((await this.o.repos.segments.list(db, workspaceId)).map((s) => [s.id, s.name]));
    return rows.filter((r) => names.has(r.segment_id)).map((r) => ({ segmentId: r.segment_id, name: names.get(r.segment_id)!, enteredAt: iso(r.entered_at)! }));
  }

  /** Why a person is in a segment or not: each condition, whether it held, with its values and a sentence. */
  async explain(workspaceId: string, id: string, profileRef: string): Promise<Result<SegmentExplanationView, SegmentFailure>> {
    const db = this.o.database.kysely;
    const ws = await this.o.catalog.get(workspaceId, { fresh: true });
    const segment = ws.segments.find((s) => s.id === id);
    const profileRow = await this.o.profiles.find(workspaceId, profileRef);
    if (segment === undefined || profileRow === undefined) return err({ reason: 'not_found' });
    const now = this.o.clock.now();
    const p = profileFromRow(profileRow);
    const facts = await loadFacts([{ profileId: p.id, traits: p.traits, features: p.features, consent: p.consent }], {
      db,
      repos: this.o.repos,
      workspaceId,
      needs: { ...ws.needs(now), identified: true },
      rfm: this.o.rfm,
    });
    const m = membershipOf(segment, facts.get(p.id)!, now, ws.context);
    const root = explain(segment.rule.root, m.outcome, ws.context);
    const consent = segment.purpose === null ? null : { purpose: segment.purpose, granted: m.consented === true };
    const summary = m.member
      ? `In "${segment.name}": ${root.sentence.charAt(0).toLowerCase()}${root.sentence.slice(1)}`
      : m.matched
        ? `Not in "${segment.name}": the rule holds, but this person does not consent to ${segment.purpose ?? ''}`
        : `Not in "${segment.name}": ${root.sentence.charAt(0).toLowerCase()}${root.sentence.slice(1)}`;
    return ok({ segmentId: id, profileId: p.id, member: m.member, matched: m.matched, consent, summary, root, evaluatedAt: iso(now)! });
  }

  async #check(workspaceId: string, rule: unknown, purpose: string | null, selfId: string | undefined): Promise<Result<SegmentRule, SegmentFailure>> {
    const context = await this.o.catalog.context(workspaceId);
    const problems: ProblemDetail[] = [];
    if (purpose !== null && !context.purposes.some((p) => p.id === purpose)) {
      problems.push({ path: '/purpose', message: 'is not a consent purpose of this workspace', expected: context.purposes.map((p) => p.id).join(', '), got: JSON.stringify(purpose) });
    }
    const checked = validateRule(rule, { context, ...(selfId === undefined ? {} : { selfId }) });
    if (!checked.ok) problems.push(...checked.error.map((p) => ({ ...p, path: `/rule${p.path}` })));
    if (problems.length > 0 || !checked.ok) return err({ reason: 'invalid', problems });
    return ok(checked.value);
  }

  async #touchDependents(workspaceId: string, id: string): Promise<void> {
    const db = this.o.database.kysely;
    const all = await this.o.repos.segments.list(db, workspaceId);
    const dependents = new Set<string>([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of all) {
        if (dependents.has(s.id)) continue;
        if (referencedSegments(parseJson<SegmentRule>(s.rule).root).some((r) => dependents.has(r))) {
          dependents.add(s.id);
          await this.o.repos.segments.update(db, workspaceId, s.id, { version: s.version + 1 });
          grew = true;
        }
      }
    }
  }

  async #members(workspaceId: string, rows: readonly { profile_id: string; entered_at: number | null }[]): Promise<SegmentMemberView[]> {
    if (rows.length === 0) return [];
    const db = this.o.database.kysely;
    const ids = rows.map((r) => r.profile_id);
    const identities = await this.o.repos.profiles.identitiesOf(db, workspaceId, ids);
    const profiles = new Map((await this.o.repos.profiles.findProfiles(db, workspaceId, ids)).map((p) => [p.id, p]));
    return rows.map((r) => {
      const mine = identities.filter((i) => i.profile_id === r.profile_id);
      const traits = profiles.get(r.profile_id)?.traits;
      const email = traits === undefined ? undefined : parseJson<Record<string, unknown>>(traits)['email'];
      return {
        profileId: r.profile_id,
        userId: mine.find((i) => i.kind === 'user')?.value ?? null,
        anonymousId: mine.find((i) => i.kind === 'anonymous')?.value ?? null,
        email: typeof email === 'string' ? email : null,
        enteredAt: iso(r.entered_at),
      };
    });
  }

  async #view(row: SegmentRow): Promise<SegmentView> {
    const context = await this.o.catalog.context(row.workspace_id);
    const rule = parseJson<SegmentRule>(row.rule);
    let timeDependent = false;
    try {
      timeDependent = isTimeDependent(timeDependence(rule, context, null));
      compileRule(rule, context);
    } catch {
      // A referenced segment or geofence was removed since: the view still shows the definition.
    }
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      purpose: row.purpose,
      rule,
      version: row.version,
      status: row.built_version >= row.version ? 'live' : 'building',
      size: row.size,
      timeDependent,
      dependsOn: referencedSegments(rule.root),
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
      builtAt: iso(row.built_at),
    };
  }
}
