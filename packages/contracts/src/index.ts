/**
 * @rapport/contracts — the shapes the API and the SDK agree on: JSON schemas (TypeBox) with their inferred types,
 * the vocabularies (message types, scopes, purposes) and the error codes with their HTTP statuses. Imports nothing
 * of Rapport's.
 */
export * from './errors.js';
export * from './common.js';
export * from './segment-messages.js';
export * from './ecommerce.js';
export * from './keys.js';
export * from './consent.js';
export * from './profiles.js';
export * from './catalog.js';
export * from './privacy.js';
export * from './workspace.js';
export * from './events.js';
export * from './segment-rules.js';
export * from './segments.js';
export * from './geofences.js';
export * from './rfm.js';
export * from './recommendations.js';
export * from './rec-evaluations.js';
export * from './roles.js';
export * from './accounts.js';
export * from './audit.js';
export * from './stats.js';
export * from './suppressions.js';
export * from './placements.js';
export * from './in-app.js';
export * from './me.js';
