import type { DecideContext, DecisionsView, RecommendationsView, RecommendationStrategy, WhyView } from '@rapport/contracts';
import { callJson, type Endpoint } from './api-call.js';
import type { ConsentState } from './consent.js';
import type { SdkError } from './failure.js';

/** The answer of `decide`: the server's, or no decisions and why. */
export type DecideResult = DecisionsView & { readonly error?: SdkError };

/** The answer of `recommendations`: the server's, or no items and why. */
export type RecommendationsResult = RecommendationsView & { readonly error?: SdkError };

/** The answer of `why`: GET /v1/me/why's, or an empty one (nothing known, nothing personalized) and why. */
export type WhyResult = WhyView & { readonly error?: SdkError };

/** The `why` answer when there is none. */
export function emptyWhy(error: SdkError): WhyResult {
  return {
    known: false,
    personalized: false,
    summary: '',
    consent: [],
    segments: [],
    interests: [],
    recentlyViewed: [],
    recommendations: '',
    placements: [],
    messages: [],
    preferences: { channels: { inApp: true, email: true, push: true, sms: true }, promotionalPerDay: null, shopPromotionalPerDay: 0 },
    error,
  };
}

/** The answer of `updateLocation`: whether it was sent, and the coarsened coordinates that were. */
export interface LocationResult {
  readonly sent: boolean;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly error?: SdkError;
}

/** What to recommend: a named recommender or a strategy, for the product viewed or the cart (`itemIds`). */
export interface RecommendationsQuery {
  readonly recommender?: string;
  readonly strategy?: RecommendationStrategy;
  readonly itemIds?: readonly string[];
  readonly category?: string;
  /** 1 to 50; the server's default is 10. */
  readonly limit?: number;
}

/** Options of one `decide` call. */
export interface DecideOptions {
  /** False when the content may not be shown (asked ahead): no Experience Viewed is recorded. Default true. */
  readonly recordExposure?: boolean;
}

/** The person's ids as the endpoints take them: the userId only with its token. */
export interface PersonIds {
  readonly userId?: string;
  readonly userToken?: string;
  readonly anonymousId?: string;
}

/** What the calls need from the client. */
export interface PersonalizationDeps {
  readonly endpoint: Endpoint;
  readonly consent: ConsentState;
  readonly timeoutMs: number;
  /** The ids to send: none while nothing may be collected. */
  readonly ids: () => PersonIds;
  /** The context filled in (time zone, page, platform, last location) under the one given. */
  readonly context: (given: DecideContext | undefined) => DecideContext;
}

/** POST /v1/decide; never rejects. */
export async function decide(deps: PersonalizationDeps, placements: readonly string[], given: DecideContext | undefined, options: DecideOptions, timeoutMs: number): Promise<DecideResult> {
  const none = (error: SdkError): DecideResult => ({ personalized: false, decisions: [], error });
  if (!Array.isArray(placements) || placements.length === 0) return none({ reason: 'invalid_input', message: 'name 1 to 10 placements' });
  const ids = deps.ids();
  // Without consent to collect, the decision is made from the context alone and nothing is recorded.
  const recordExposure = deps.consent.collecting ? options.recordExposure !== false : false;
  const answer = await callJson<DecisionsView>(deps.endpoint, {
    method: 'POST',
    path: '/v1/decide',
    body: { ...ids, placements, context: deps.context(given), recordExposure },
    timeoutMs,
  });
  return answer.ok ? answer.value : none(answer.error);
}

/**
 * GET /v1/recommendations; never rejects. Only the anonymousId is sent: what a signed-in person bought is served to
 * the shop's servers only (POST /api/v1/recommendations).
 */
export async function recommendations(deps: PersonalizationDeps, query: RecommendationsQuery, timeoutMs: number): Promise<RecommendationsResult> {
  const answer = await callJson<RecommendationsView>(deps.endpoint, {
    method: 'GET',
    path: '/v1/recommendations',
    query: {
      recommender: query.recommender,
      strategy: query.strategy,
      itemIds: query.itemIds === undefined || query.itemIds.length === 0 ? undefined : query.itemIds.join(','),
      category: query.category,
      limit: query.limit,
      anonymousId: deps.ids().anonymousId,
    },
    timeoutMs,
  });
  if (answer.ok) return answer.value;
  return { recommender: query.recommender ?? null, strategy: query.strategy ?? 'popular', fallback: false, personalized: false, modelVersion: null, items: [], error: answer.error };
}

/** GET /v1/me/why: what Rapport holds and decides about this person, and why; never rejects. */
export async function why(deps: PersonalizationDeps, ids: PersonIds, timeoutMs: number): Promise<WhyResult> {
  const answer = await callJson<WhyView>(deps.endpoint, { method: 'GET', path: '/v1/me/why', query: { ...ids }, timeoutMs });
  return answer.ok ? answer.value : emptyWhy(answer.error);
}

/** A coordinate rounded to `decimals` (2: about 1.1 km of latitude), so that the precise one never leaves the device. */
export function coarsen(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale + 0; // + 0: no -0 on the wire
}

/** POST /v1/location, coarsened, only with consent to personalization; never rejects. */
export async function sendLocation(deps: PersonalizationDeps, latitude: number, longitude: number, decimals: number, timeoutMs: number): Promise<LocationResult> {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    return { sent: false, error: { reason: 'invalid_input', message: 'latitude must be in [-90, 90] and longitude in [-180, 180]' } };
  }
  if (!deps.consent.granted('personalization') || !deps.consent.collecting) {
    return { sent: false, error: { reason: 'consent', message: 'the location is sent only with consent to personalization' } };
  }
  const coarse = { latitude: coarsen(latitude, decimals), longitude: coarsen(longitude, decimals) };
  const answer = await callJson<unknown>(deps.endpoint, { method: 'POST', path: '/v1/location', body: { ...deps.ids(), ...coarse }, timeoutMs });
  return answer.ok ? { sent: true, ...coarse } : { sent: false, ...coarse, error: answer.error };
}
