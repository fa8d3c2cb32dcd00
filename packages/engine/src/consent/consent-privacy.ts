import type { Repositories } from '@rapport/storage';
import type { PersonalDataStore } from '../privacy/index.js';

/** The history of a person's consent choices. */
export function consentPrivacyStores(repos: Repositories): PersonalDataStore[] {
  return [
    {
      name: 'consent_history',
      tables: ['consent_changes'],
      async *exportRecords(db, s) {
        for (const r of await repos.consent.ofProfiles(db, s.workspaceId, s.profileIds)) {
          yield { purpose: r.purpose, granted: r.granted === 1, source: r.source, at: new Date(r.at).toISOString(), recordedAt: new Date(r.recorded_at).toISOString(), messageId: r.message_id };
        }
      },
      erase: (db, s) => repos.consent.deleteOfProfiles(db, s.workspaceId, s.profileIds),
    },
  ];
}
