/**
 * @rapport/sdk — Rapport's client for browsers and React Native: Segment's calls (track, identify, page, screen,
 * group, alias, reset), consent, placements, recommendations, in-app messages, why, location. No DOM here: the
 * renderer of in-app messages for the web is `@rapport/sdk/dom`. Nothing is imported from @rapport/contracts at run
 * time (types only): its runtime (TypeBox) is far larger than this whole SDK.
 */
export { Rapport, createRapport, type EventOptions, type IdentifyOptions, type ClientStats } from './client.js';
export type { RapportOptions } from './options.js';
export type { DecideResult, RecommendationsResult, RecommendationsQuery, WhyResult, LocationResult, DecideOptions, PersonIds } from './personalization.js';
export { coarsen } from './personalization.js';
export { ConsentState, CONSENT_UPDATED_EVENT, DEFAULT_CONSENT, type ConsentPreferences } from './consent.js';
export { MESSAGE_EVENTS, type InAppMessage, type MessageActions, type MessageRenderer, type MessageTrigger } from './in-app.js';
export { failureReasons, type FailureReason, type SdkError } from './failure.js';
export { memoryStorage, defaultStorage, type Storage } from './storage.js';
export { fetchTransport, type Transport, type TransportRequest, type TransportResponse } from './transport.js';
export { browserLifecycle, type Lifecycle } from './lifecycle.js';
export { backoffDelay, retryAfterMs, type RetryOptions } from './backoff.js';
export type { FlushResult } from './uploader.js';
export { bucketOf, variantAt } from './bucketing.js';
export { sha256Hex } from './sha256.js';
export { safeUrl } from './safe-url.js';
export { SDK_NAME, SDK_VERSION } from './event-context.js';
