/** Profiles: one per person, with traits, computed features and consent, kept up to date by the processor. */
export { type Features, emptyFeatures, emptyPersonalization, emptyAnalytics, affinityShares, addAffinity, AFFINITY_HALF_LIFE_MS, SESSION_GAP_MS } from './features.js';
export { reduceEvent, orderRevenue, orderProductIds, LOCATION_EVENT, type EventFacts, type ReduceContext, type ProductTouch } from './feature-reducer.js';
export { mergeFeatures, mergeProfiles } from './profile-merge.js';
export { newProfile, profileFromRow, profileToRow, applyTraits, applyGroup, type ProfileState, type GroupRecord } from './profile-state.js';
export { UserAgentParser, type ParsedUserAgent } from './user-agent.js';
export { ProfileService, lookupKinds, type LookupKind, type Subject, type Page, type TimelineEvent } from './profile-service.js';
export { featuresView, profileView, profileSummary } from './profile-views.js';
export { profilesPrivacyStores } from './profiles-privacy.js';
export { lifecycleStage } from './lifecycle.js';
