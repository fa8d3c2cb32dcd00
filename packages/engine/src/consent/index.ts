/** Consent per purpose, with history: taken from events (Segment's categoryPreferences) and from the API. */
export { applyConsentPreferences, consentView, isGranted, type ConsentChange, type ConsentRecord } from './consent-state.js';
export { ConsentService, type ConsentServiceDependencies } from './consent-service.js';
export { consentPrivacyStores } from './consent-privacy.js';
