import type { RetryOptions } from './backoff.js';
import type { ConsentPreferences } from './consent.js';
import type { SdkError } from './failure.js';
import type { MessageRenderer } from './in-app.js';
import type { Lifecycle } from './lifecycle.js';
import type { Storage } from './storage.js';
import type { Transport } from './transport.js';

/** How a client is set up. Only `writeKey` and `host` are needed. */
export interface RapportOptions {
  /** The workspace's write key (public: it can only send events and ask for personalization). */
  readonly writeKey: string;
  /** Where Rapport listens: `https://rapport.shop.example` (a trailing slash is ignored). */
  readonly host: string;
  /** Where ids, consent and unsent events are kept. Default: localStorage in browsers, else memory. */
  readonly storage?: Storage;
  /** Prefix of the storage keys. Default `rapport.`. */
  readonly storagePrefix?: string;
  /** How requests are made. Default: fetch, and navigator.sendBeacon when the page is hidden. */
  readonly transport?: Transport;
  /** When the page or app is hidden. Default: the browser's visibilitychange and pagehide; none elsewhere. */
  readonly lifecycle?: Lifecycle;
  /** Collect and store nothing until the person consents (setConsent): for workspaces that need opt-in. */
  readonly requireConsent?: boolean;
  /** The person's choices as known at start (from your consent tool); `setConsent` changes them later. */
  readonly consent?: ConsentPreferences;
  /** What a person who has not chosen is taken to accept. Default: analytics and personalization (docs/privacy.md). */
  readonly consentDefaults?: ConsentPreferences;
  /** A signed-in person's id, known when the page is rendered (no identify event is sent for it). */
  readonly userId?: string;
  /** The userId's token: hex(HMAC-SHA256(identity secret, userId)), computed by your server. */
  readonly userToken?: string;
  /** Send when this many events wait. Default 20. */
  readonly flushAt?: number;
  /** Send at most this long (ms) after an event was queued. Default 5000. */
  readonly flushIntervalMs?: number;
  /** Most events kept while offline; past it the oldest go (counted in `stats().dropped`). Default 1000. */
  readonly maxQueueSize?: number;
  /** Waits between upload retries. */
  readonly retry?: RetryOptions;
  /** How long decide, recommendations, messages, why and location wait for an answer (ms). Default 1500. */
  readonly timeoutMs?: number;
  /** How long an upload of events waits for an answer (ms). Default 10,000. */
  readonly uploadTimeoutMs?: number;
  /** Decimals of latitude and longitude kept by `updateLocation`. Default 2 (about 1.1 km). */
  readonly locationDecimals?: number;
  /** A session ends after this long (ms) without events. Default 30 minutes. */
  readonly sessionTimeoutMs?: number;
  /** Added to every event's context: in React Native, `app`, `device`, `os`. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** The platform placements match on (`ios`, `android`, `web`). Default `web` in browsers. */
  readonly platform?: string;
  /** Shows in-app messages; without one, the SDK does not ask for them. */
  readonly renderer?: MessageRenderer;
  /** Told of every failure the SDK absorbed (it never throws). Default: nothing. */
  readonly onError?: (error: SdkError) => void;
}

/** Options with their defaults. */
export type ResolvedOptions = Required<Omit<RapportOptions, 'storage' | 'transport' | 'lifecycle' | 'consent' | 'userId' | 'userToken' | 'renderer' | 'onError' | 'retry'>> &
  Pick<RapportOptions, 'storage' | 'transport' | 'lifecycle' | 'consent' | 'userId' | 'userToken' | 'renderer' | 'onError'> & { readonly retry: RetryOptions };

export const DEFAULTS = {
  storagePrefix: 'rapport.',
  requireConsent: false,
  flushAt: 20,
  flushIntervalMs: 5000,
  maxQueueSize: 1000,
  timeoutMs: 1500,
  uploadTimeoutMs: 10_000,
  locationDecimals: 2,
  sessionTimeoutMs: 30 * 60_000,
} as const;

/** Options with defaults filled in, and numbers that make no sense replaced by the defaults. */
export function resolveOptions(options: RapportOptions, consentDefaults: ConsentPreferences, platform: string | undefined): ResolvedOptions {
  const positive = (value: number | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);
  return {
    ...options,
    host: String(options.host ?? '').replace(/\/+$/, ''),
    writeKey: String(options.writeKey ?? ''),
    storagePrefix: options.storagePrefix ?? DEFAULTS.storagePrefix,
    requireConsent: options.requireConsent === true,
    consentDefaults: options.consentDefaults ?? consentDefaults,
    flushAt: Math.floor(positive(options.flushAt, DEFAULTS.flushAt)),
    flushIntervalMs: positive(options.flushIntervalMs, DEFAULTS.flushIntervalMs),
    maxQueueSize: Math.floor(positive(options.maxQueueSize, DEFAULTS.maxQueueSize)),
    retry: options.retry ?? {},
    timeoutMs: positive(options.timeoutMs, DEFAULTS.timeoutMs),
    uploadTimeoutMs: positive(options.uploadTimeoutMs, DEFAULTS.uploadTimeoutMs),
    locationDecimals: Number.isFinite(options.locationDecimals) ? Math.min(6, Math.max(0, Math.floor(options.locationDecimals!))) : DEFAULTS.locationDecimals,
    sessionTimeoutMs: positive(options.sessionTimeoutMs, DEFAULTS.sessionTimeoutMs),
    context: options.context ?? {},
    platform: options.platform ?? platform ?? '',
  };
}
