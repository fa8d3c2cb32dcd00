/**
 * Privacy: export and erasure across every module that keeps personal data, and suppression of erased people. Imports
 * no other engine module: modules register their stores with it.
 */
export { SuppressionList, identityHash, hashesOf, type EventIdentifiers } from './suppression-list.js';
export { PrivacyRegistry, type PersonalDataStore, type PrivacySubject } from './privacy-registry.js';
export { PrivacyService, type PrivacyRequestView } from './privacy-service.js';
