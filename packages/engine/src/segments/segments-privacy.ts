import type { Repositories } from '@rapport/storage';
import type { PersonalDataStore, PrivacyRegistry } from '../privacy/index.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The personal data segments keep: which segments a person is in, and their history of entries and exits. Erasing a
 * person takes them out of every segment (the segments' sizes follow) and deletes their history.
 */
export function segmentsPrivacyStores(repos: Repositories): PersonalDataStore[] {
  return [
    {
      name: 'segment_members',
      tables: ['segment_members'],
      async *exportRecords(db, s) {
        const names = new Map((await repos.segments.list(db, s.workspaceId, { withDeleted: true })).map((x) => [x.id, x.name]));
        for (const r of await repos.segments.membershipsOf(db, s.workspaceId, s.profileIds)) {
          yield { segmentId: r.segment_id, segment: names.get(r.segment_id) ?? null, profileId: r.profile_id, enteredAt: iso(r.entered_at) };
        }
      },
      async erase(db, s) {
        const rows = await repos.segments.membershipsOf(db, s.workspaceId, s.profileIds);
        const removed = await repos.segments.removeMembershipsOf(db, s.workspaceId, s.profileIds);
        const deltas = new Map<string, number>();
        for (const r of rows) deltas.set(r.segment_id, (deltas.get(r.segment_id) ?? 0) - 1);
        await repos.segments.adjustSizes(db, s.workspaceId, deltas);
        return removed;
      },
    },
    {
      name: 'segment_changes',
      tables: ['segment_changes'],
      async *exportRecords(db, s) {
        const names = new Map((await repos.segments.list(db, s.workspaceId, { withDeleted: true })).map((x) => [x.id, x.name]));
        let before: number | undefined;
        for (;;) {
          const rows = await repos.segments.changesOfProfiles(db, s.workspaceId, s.profileIds, { limit: 1000, ...(before === undefined ? {} : { beforeSeq: before }) });
          if (rows.length === 0) return;
          for (const r of rows) yield { segmentId: r.segment_id, segment: names.get(r.segment_id) ?? null, profileId: r.profile_id, kind: r.kind, reason: r.reason, at: iso(r.at) };
          before = rows[rows.length - 1]!.seq;
        }
      },
      erase: (db, s) => repos.segments.deleteChangesOf(db, s.workspaceId, s.profileIds),
    },
  ];
}

/** Declares the segment tables that hold nothing about a person. */
export function declareSegmentsNonPersonalTables(registry: PrivacyRegistry): void {
  registry.declareNonPersonal('segments', 'segment definitions (rules written by the shop) and their member counts');
  registry.declareNonPersonal('segment_sizes', 'the number of members of each segment per day');
}
