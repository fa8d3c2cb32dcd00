import { sql } from 'kysely';
import type { DialectName } from '../dialect/dialect-name.js';
import { chunksOf, pushAll, type Executor } from './executor.js';
import { jsonTextField } from './json-sql.js';
import { preparedQuery } from './prepared-query.js';
import type { Row } from '../schema.js';

export type ProfileRow = Row<'profiles'>;
export type IdentityRow = Row<'identities'>;
export const identityKinds = ['user', 'anonymous'] as const;
export type IdentityKind = (typeof identityKinds)[number];

/** A profile by one of its identifiers (serving reads one per request: prepared once). */
const profileByIdentity = preparedQuery((db: Executor, workspaceId: string, kind: string, value: string) =>
  db
    .selectFrom('identities')
    .innerJoin('profiles', (j) => j.onRef('profiles.workspace_id', '=', 'identities.workspace_id').onRef('profiles.id', '=', 'identities.profile_id'))
    .selectAll('profiles')
    .where('identities.workspace_id', '=', workspaceId)
    .where('identities.kind', '=', kind as IdentityKind)
    .where('identities.value', '=', value)
    .limit(1),
);

/** Profiles and the identifiers (userIds, anonymousIds) that lead to them. */
export class ProfilesRepository {
  constructor(private readonly dialect: DialectName) {}

  async findIdentities(db: Executor, workspaceId: string, kind: IdentityKind, values: readonly string[]): Promise<IdentityRow[]> {
    const found: IdentityRow[] = [];
    for (const chunk of chunksOf([...new Set(values)], 1)) {
      found.push(
        ...(await db.selectFrom('identities').selectAll().where('workspace_id', '=', workspaceId).where('kind', '=', kind).where('value', 'in', chunk).execute()),
      );
    }
    return found;
  }

  /**
   * The profile an identifier leads to, in one query (identity and profile joined); it may have been merged into
   * another (`merged_into`), which the caller follows.
   */
  async findByIdentity(db: Executor, workspaceId: string, kind: IdentityKind, value: string): Promise<ProfileRow | undefined> {
    return (await profileByIdentity(db, workspaceId, kind, value))[0];
  }

  async identitiesOf(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<IdentityRow[]> {
    if (profileIds.length === 0) return [];
    return db
      .selectFrom('identities')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('profile_id', 'in', profileIds)
      .orderBy('created_at')
      .orderBy('value')
      .execute();
  }

  async insertIdentities(db: Executor, rows: readonly IdentityRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 5)) {
      await db
        .insertInto('identities')
        .values(chunk)
        .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'value']).doUpdateSet({ profile_id: (eb) => eb.ref('excluded.profile_id') }))
        .execute();
    }
  }

  async reassignIdentities(db: Executor, workspaceId: string, from: string, to: string): Promise<void> {
    await db.updateTable('identities').set({ profile_id: to }).where('workspace_id', '=', workspaceId).where('profile_id', '=', from).execute();
  }

  async findProfiles(db: Executor, workspaceId: string, ids: readonly string[]): Promise<ProfileRow[]> {
    const found: ProfileRow[] = [];
    for (const chunk of chunksOf([...new Set(ids)], 1)) {
      pushAll(found, await db.selectFrom('profiles').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', chunk).execute());
    }
    return found;
  }

  /** Inserts or replaces whole profile rows. */
  async upsertProfiles(db: Executor, rows: readonly ProfileRow[]): Promise<void> {
    for (const chunk of chunksOf(rows, 10)) {
      await db
        .insertInto('profiles')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'id']).doUpdateSet((eb) => ({
            updated_at: eb.ref('excluded.updated_at'),
            merged_into: eb.ref('excluded.merged_into'),
            traits: eb.ref('excluded.traits'),
            trait_times: eb.ref('excluded.trait_times'),
            features: eb.ref('excluded.features'),
            consent: eb.ref('excluded.consent'),
            groups: eb.ref('excluded.groups'),
          })),
        )
        .execute();
    }
  }

  /**
   * A merge keeps the earlier creation time of the two profiles: `upsertProfiles` leaves `created_at` alone (it never
   * changes otherwise, and rewriting it with every profile write would move its index entries for nothing).
   */
  async keepEarliestCreation(db: Executor, workspaceId: string, id: string, createdAt: number): Promise<void> {
    await db.updateTable('profiles').set({ created_at: createdAt }).where('workspace_id', '=', workspaceId).where('id', '=', id).where('created_at', '>', createdAt).execute();
  }

  /** Points tombstones of profiles merged into `from` at `to`, so that lookups stay one hop. */
  async redirectMerged(db: Executor, workspaceId: string, from: string, to: string): Promise<void> {
    await db.updateTable('profiles').set({ merged_into: to }).where('workspace_id', '=', workspaceId).where('merged_into', '=', from).execute();
  }

  /** Tombstones that point at these profiles. */
  async mergedInto(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<string[]> {
    if (profileIds.length === 0) return [];
    const rows = await db.selectFrom('profiles').select('id').where('workspace_id', '=', workspaceId).where('merged_into', 'in', profileIds).execute();
    return rows.map((r) => r.id);
  }

  async deleteProfiles(db: Executor, workspaceId: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await db.deleteFrom('profiles').where('workspace_id', '=', workspaceId).where('id', 'in', ids).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteIdentities(db: Executor, workspaceId: string, profileIds: readonly string[]): Promise<number> {
    if (profileIds.length === 0) return 0;
    const r = await db.deleteFrom('identities').where('workspace_id', '=', workspaceId).where('profile_id', 'in', profileIds).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Live profiles, newest first, optionally matching `q`: the start of a userId or anonymousId, or part of the email
   * or name trait (case-insensitive).
   */
  async listProfiles(
    db: Executor,
    options: { workspaceId: string; q?: string | undefined; limit: number; beforeId?: string | undefined },
  ): Promise<ProfileRow[]> {
    let query = db.selectFrom('profiles').selectAll().where('workspace_id', '=', options.workspaceId).where('merged_into', 'is', null);
    if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
    const q = options.q?.trim();
    if (q) {
      const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb(
            'id',
            'in',
            eb
              .selectFrom('identities')
              .select('profile_id')
              .where('workspace_id', '=', options.workspaceId)
              .where('value', '>=', q)
              .where('value', '<', `${q}\uffff`),
          ),
          eb('id', '=', q),
          eb(sql`lower(${jsonTextField(this.dialect, 'traits', 'email')})`, 'like', sql<string>`${like} ESCAPE '\\'`),
          eb(sql`lower(${jsonTextField(this.dialect, 'traits', 'name')})`, 'like', sql<string>`${like} ESCAPE '\\'`),
        ]),
      );
    }
    return query.orderBy('id', 'desc').limit(options.limit).execute();
  }
}
