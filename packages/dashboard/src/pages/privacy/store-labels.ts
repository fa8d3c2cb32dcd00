/** The stores of an export or erasure report (docs/privacy.md) as a shop owner reads them. */
const storeLabels: Readonly<Record<string, string>> = {
  profiles: 'Profiles',
  identities: 'Identifiers (customer and visitor ids)',
  events: 'Events',
  product_interactions: 'Products viewed, added or bought',
  consent_history: 'Consent choices',
  event_log: 'Events waiting to be processed',
  rejected_events: 'Refused payloads',
  segment_members: 'Segment memberships',
  segment_changes: 'Segment entries and exits',
  rfm_scores: 'RFM scores',
};

/** A store's label; a store this dashboard does not know yet by its name. */
export function storeLabel(store: string): string {
  return storeLabels[store] ?? store.replace(/_/g, ' ');
}

/** What an erasure removes, in the order a person thinks of it, for its confirmation. */
export const erasedThings = [
  'their profile and traits',
  'every event they sent',
  'their consent choices',
  'what they viewed, added and bought',
  'their segment memberships and RFM scores',
  'refused payloads that carry their ids',
] as const;
