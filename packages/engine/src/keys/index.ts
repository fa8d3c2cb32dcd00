/** API keys: write keys for ingestion and client-side personalization, scoped secret keys for the admin API. */
export { KeyService, keyView, allows, KEY_PATTERN, type AuthenticatedKey } from './key-service.js';
