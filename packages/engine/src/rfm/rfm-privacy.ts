import type { RfmRepository } from '@rapport/storage';
import type { PersonalDataStore, PrivacyRegistry } from '../privacy/index.js';

/** The personal data the RFM model keeps: each customer's measures and scores of the last refresh. */
export function rfmPrivacyStores(rfm: RfmRepository): PersonalDataStore[] {
  return [
    {
      name: 'rfm_scores',
      tables: ['rfm_scores'],
      async *exportRecords(db, s) {
        for (const r of await rfm.scoresOf(db, s.workspaceId, s.profileIds)) {
          yield {
            profileId: r.profile_id,
            recencyDays: r.recency_days,
            frequency: r.frequency,
            monetary: r.monetary,
            r: r.r,
            f: r.f,
            m: r.m,
            segment: r.segment,
            computedAt: new Date(r.computed_at).toISOString(),
          };
        }
      },
      erase: (db, s) => rfm.deleteScoresOf(db, s.workspaceId, s.profileIds),
    },
  ];
}

/** Declares the RFM tables that hold nothing about a person. */
export function declareRfmNonPersonalTables(registry: PrivacyRegistry): void {
  registry.declareNonPersonal('rfm_runs', 'when the RFM model was refreshed, its cut points and the number of customers per segment');
}
