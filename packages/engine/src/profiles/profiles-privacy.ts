import type { Repositories } from '@rapport/storage';
import type { PersonalDataStore } from '../privacy/index.js';
import { featuresView } from './profile-views.js';
import { profileFromRow } from './profile-state.js';

const EXPORT_PAGE = 1000;

/** The personal data the profiles module keeps: profiles, identifiers, events and product interactions. */
export function profilesPrivacyStores(repos: Repositories): PersonalDataStore[] {
  return [
    {
      name: 'profiles',
      tables: ['profiles'],
      async *exportRecords(db, s) {
        const rows = await repos.profiles.findProfiles(db, s.workspaceId, s.profileIds);
        // The live profile first, then those merged into it, oldest first.
        rows.sort((a, b) => (a.merged_into === null ? -1 : b.merged_into === null ? 1 : a.id.localeCompare(b.id)));
        for (const row of rows) {
          const p = profileFromRow(row);
          yield {
            id: p.id,
            mergedInto: p.mergedInto,
            createdAt: new Date(p.createdAt).toISOString(),
            updatedAt: new Date(p.updatedAt).toISOString(),
            traits: p.traits,
            groups: p.groups,
            consent: p.consent,
            features: featuresView(p.features),
          };
        }
      },
      erase: (db, s) => repos.profiles.deleteProfiles(db, s.workspaceId, s.profileIds),
    },
    {
      name: 'identities',
      tables: ['identities'],
      async *exportRecords(db, s) {
        for (const i of await repos.profiles.identitiesOf(db, s.workspaceId, s.profileIds)) {
          yield { kind: i.kind, value: i.value, profileId: i.profile_id, firstSeenAt: new Date(i.created_at).toISOString() };
        }
      },
      erase: (db, s) => repos.profiles.deleteIdentities(db, s.workspaceId, s.profileIds),
    },
    {
      name: 'events',
      // An event's messageId goes with it (the count is of events): senders' ids may name the person.
      tables: ['events', 'message_ids'],
      async *exportRecords(db, s) {
        for (let after = 0; ; ) {
          const rows = await repos.events.ofProfiles(db, s.workspaceId, s.profileIds, after, EXPORT_PAGE);
          for (const r of rows) yield { seq: r.seq, ...(JSON.parse(r.payload) as Record<string, unknown>), ...(r.flags === null ? {} : { flags: r.flags.split(',') }) };
          if (rows.length < EXPORT_PAGE) return;
          after = rows[rows.length - 1]!.seq;
        }
      },
      erase: async (db, s) => {
        await repos.ingest.deleteMessageIdsOfProfiles(db, s.workspaceId, s.profileIds);
        return repos.events.deleteOfProfiles(db, s.workspaceId, s.profileIds);
      },
    },
    {
      name: 'product_interactions',
      tables: ['profile_products'],
      async *exportRecords(db, s) {
        const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
        for (const r of await repos.profileProducts.ofProfiles(db, s.workspaceId, s.profileIds)) {
          yield {
            productId: r.product_id,
            views: r.views,
            adds: r.adds,
            purchases: r.purchases,
            lastViewedAt: iso(r.last_viewed_at),
            lastAddedAt: iso(r.last_added_at),
            lastPurchasedAt: iso(r.last_purchased_at),
          };
        }
      },
      erase: (db, s) => repos.profileProducts.deleteOfProfiles(db, s.workspaceId, s.profileIds),
    },
  ];
}
