// Longer than the ~300 lines files are split at: it is the SDK's whole public surface (each method a few lines that
// guard, order and delegate); the work is in the modules it calls (uploader, queue, person, consent, in-app, calls).
import type { DecideContext } from '@rapport/contracts';
import type { Endpoint } from './api-call.js';
import { ConsentState, CONSENT_UPDATED_EVENT, DEFAULT_CONSENT, type ConsentPreferences } from './consent.js';
import { currentPath, pageProperties, platformContext, timezone } from './event-context.js';
import { EventQueue, type SdkEvent } from './event-queue.js';
import { failureOf, type SdkError } from './failure.js';
import { tryRead } from './host.js';
import { uuid } from './ids.js';
import { MESSAGE_EVENTS, MessagesController, type MessageTrigger } from './in-app.js';
import { browserLifecycle } from './lifecycle.js';
import { resolveOptions, type RapportOptions, type ResolvedOptions } from './options.js';
import { Person } from './person.js';
import * as calls from './personalization.js';
import { defaultStorage, type Storage } from './storage.js';
import { fetchTransport } from './transport.js';
import { Uploader, type FlushResult } from './uploader.js';

/** Options of one event: its time (for events that happened earlier), more context, Segment's integrations. */
export interface EventOptions {
  readonly timestamp?: Date | string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly integrations?: Readonly<Record<string, unknown>>;
}

/** Options of `identify`: also the userId's token, signed by your server. */
export interface IdentifyOptions extends EventOptions {
  readonly userToken?: string;
}

type Properties = Readonly<Record<string, unknown>>;

/** Counters of what the client did with events, for a debug panel or a health check. */
export interface ClientStats {
  readonly queued: number;
  readonly sent: number;
  readonly refused: number;
  /** Lost to a full offline queue. */
  readonly dropped: number;
}

/** Events the SDK sends itself, which must not ask for messages again. */
const QUIET_EVENTS: ReadonlySet<string> = new Set([...Object.values(MESSAGE_EVENTS), CONSENT_UPDATED_EVENT, 'Experience Viewed', 'Experience Clicked']);

const isObject = (v: unknown): v is Properties => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The Rapport client: Segment's analytics.js calls (track, identify, page, screen, group, alias, reset), consent,
 * placements (decide), recommendations, in-app messages, why, and location. No method throws or rejects: each returns
 * a default with the reason, and reports it to `onError`.
 */
export class Rapport {
  /** Resolves once the ids, the consent and the unsent events are read from storage. */
  readonly ready: Promise<void>;
  private readonly options: ResolvedOptions;
  private readonly storage: Storage;
  private readonly endpoint: Endpoint;
  private readonly consent: ConsentState;
  private readonly queue: EventQueue;
  private readonly uploader: Uploader;
  private readonly messages: MessagesController | null;
  private readonly invalid: SdkError | null;
  private readonly person: Person;
  private chain: Promise<void>;
  private location: { latitude: number; longitude: number } | undefined;
  /** Events made before the person chose, with `requireConsent`: in memory only, sent if they consent. */
  private waiting: SdkEvent[] = [];
  private warnedToken = false;
  private stopLifecycle: (() => void) | undefined;

  constructor(options: RapportOptions) {
    this.options = resolveOptions(options ?? ({} as RapportOptions), DEFAULT_CONSENT, tryRead((h) => (h.document === undefined ? undefined : 'web')));
    const o = this.options;
    this.invalid = o.writeKey === '' || !/^https?:\/\/[^/]/.test(o.host) ? { reason: 'invalid_input', message: 'writeKey and host (http:// or https://) are needed' } : null;
    this.storage = o.storage ?? defaultStorage();
    this.endpoint = { host: o.host, writeKey: o.writeKey, transport: o.transport ?? fetchTransport() };
    this.consent = new ConsentState(null, o.requireConsent, o.consentDefaults);
    this.person = new Person(this.storage, o.storagePrefix, (e) => this.report(e));
    this.queue = new EventQueue(this.storage, `${o.storagePrefix}queue`, o.maxQueueSize, (e) => this.report(e));
    this.uploader = new Uploader({
      endpoint: this.endpoint,
      queue: this.queue,
      flushAt: o.flushAt,
      flushIntervalMs: o.flushIntervalMs,
      timeoutMs: o.uploadTimeoutMs,
      retry: o.retry,
      onError: (e) => this.report(e),
    });
    const renderer = o.renderer;
    this.messages =
      renderer === undefined
        ? null
        : new MessagesController({
            endpoint: this.endpoint,
            renderer,
            timeoutMs: o.timeoutMs,
            request: () => (this.consent.collecting ? { ...this.ids(), sessionId: this.person.session?.id, context: this.decideContext(undefined) } : null),
            track: (event, properties) => this.track(event, properties),
            onError: (e) => this.report(e),
          });
    this.ready = this.load();
    this.chain = this.ready;
  }

  // --- Segment's calls -------------------------------------------------------------------------------------------

  /** Records an action: `track('Product Added', { product_id: 'p-1', price: 12.5 })`. */
  track(event: string, properties?: Properties, options?: EventOptions): void {
    this.guard(() => {
      if (typeof event !== 'string' || event === '') return this.report({ reason: 'invalid_input', message: 'track needs an event name' });
      this.collect('track', { event, properties: { ...properties } }, options, QUIET_EVENTS.has(event) ? null : { kind: 'event', event });
    });
  }

  /**
   * Says who the person is: `identify('u-1', { email }, { userToken })` for a signed-in person (the token signed by
   * your server), or `identify({ plan: 'pro' })` for traits of an anonymous visitor.
   */
  identify(userId?: string | Properties, traits?: Properties, options?: IdentifyOptions): void {
    this.guard(() => {
      const [id, t, o] = isObject(userId) ? [undefined, userId, traits as IdentifyOptions | undefined] : [userId, traits, options];
      this.run(() => {
        if (typeof id === 'string' && id !== '') this.setUser(id, o?.userToken);
        else if (o?.userToken !== undefined) this.setUser(this.person.userId, o.userToken);
        this.collectNow('identify', { traits: { ...t } }, o, null);
      });
    });
  }

  /**
   * Records a page view, as analytics.js: `page()`, `page('Home')`, `page('Shop', 'Product', { … })`. The path, URL,
   * title, referrer and search are filled in from the browser.
   */
  page(category?: string | Properties, name?: string | Properties, properties?: Properties | EventOptions, options?: EventOptions): void {
    this.guard(() => {
      let c: string | undefined, n: string | undefined, p: Properties | undefined, o: EventOptions | undefined;
      if (isObject(category)) [p, o] = [category, name as EventOptions];
      else if (typeof name === 'string') [c, n, p, o] = [category, name, properties as Properties, options];
      else [n, p, o] = [category, name, properties as EventOptions];
      const page = pageProperties();
      const fields = { ...(c === undefined ? {} : { category: c }), ...(n === undefined ? {} : { name: n }), properties: { ...page, ...(n === undefined ? {} : { name: n }), ...p } };
      this.collect('page', fields, o, { kind: 'screen', ...((page['path'] ?? n) === undefined ? {} : { page: page['path'] ?? n }) });
    });
  }

  /** Records a screen view in an app: `screen('Cart', { items: 2 })`. */
  screen(name: string, properties?: Properties, options?: EventOptions): void {
    this.guard(() => this.collect('screen', { name, properties: { name, ...properties } }, options, { kind: 'screen', page: name }));
  }

  /** Records membership of a company or a household: `group('company-1', { name: 'Acme' })`. */
  group(groupId: string, traits?: Properties, options?: EventOptions): void {
    this.guard(() => this.collect('group', { groupId, traits: { ...traits } }, options, null));
  }

  /** Says that two ids are the same person: `alias('u-1')` links the current id (or `previousId`) to u-1. */
  alias(userId: string, previousId?: string, options?: EventOptions): void {
    this.guard(() =>
      this.run(() => {
        const previous = previousId ?? this.person.userId ?? this.person.anonymousId;
        this.collectNow('alias', { userId, previousId: previous }, options, null);
      }),
    );
  }

  /** Forgets the person (sign-out): a new anonymous id and session; the consent choice stays. */
  reset(): void {
    this.guard(() =>
      this.run(() => {
        this.person.reset();
        this.location = undefined;
        if (this.consent.collecting) void this.person.save();
      }),
    );
  }

  // --- Consent ---------------------------------------------------------------------------------------------------

  /**
   * Records the person's choices (merged over earlier ones): `setConsent({ analytics: true, marketing: false })`. A
   * change is sent as `Segment Consent Preference Updated`; every event carries the choices in
   * `context.consent.categoryPreferences`.
   */
  setConsent(preferences: ConsentPreferences): void {
    this.guard(() => {
      if (!isObject(preferences)) return this.report({ reason: 'invalid_input', message: 'setConsent takes { category: boolean }' });
      const clean = Object.fromEntries(Object.entries(preferences).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'));
      this.run(() => this.applyConsent(clean, new Date()));
    });
  }

  /** The person's choices as recorded; null before any. */
  getConsent(): ConsentPreferences | null {
    return this.consent.preferences;
  }

  // --- Personalization -------------------------------------------------------------------------------------------

  /**
   * What the placements show this person now: `decide(['home_hero'], { page: 'home' })`. Resolves within
   * `timeoutMs` (1500 ms): on any failure `{ decisions: [], personalized: false, error: { reason } }`.
   */
  decide(placements: readonly string[], context?: DecideContext, options: calls.DecideOptions = {}): Promise<calls.DecideResult> {
    return this.call((ms) => calls.decide(this.deps(), placements, context, options ?? {}, ms), (error) => ({ personalized: false, decisions: [], error }));
  }

  /** Recommended products: `recommendations({ recommender: 'picks', itemIds: ['p-1'] })`; no items and why on failure. */
  recommendations(query: calls.RecommendationsQuery = {}): Promise<calls.RecommendationsResult> {
    return this.call(
      (ms) => calls.recommendations(this.deps(), query ?? {}, ms),
      (error) => ({ recommender: query?.recommender ?? null, strategy: query?.strategy ?? 'popular', fallback: false, personalized: false, modelVersion: null, items: [], error }),
    );
  }

  /** Why this person sees what they see (GET /v1/me/why), for a "Why am I seeing this?" screen. */
  why(): Promise<calls.WhyResult> {
    return this.call((ms) => calls.why(this.deps(), this.ids(true), ms), calls.emptyWhy);
  }

  /**
   * Sends where the person is, rounded to `locationDecimals` (2: about 1.1 km), only with their consent to
   * personalization. Later `decide` calls carry it too.
   */
  updateLocation(latitude: number, longitude: number): Promise<calls.LocationResult> {
    return this.call(async (ms) => {
      const result = await calls.sendLocation(this.deps(), latitude, longitude, this.options.locationDecimals, ms);
      if (result.latitude !== undefined && result.longitude !== undefined && result.error?.reason !== 'consent') this.location = { latitude: result.latitude, longitude: result.longitude };
      if (result.error !== undefined) this.report(result.error);
      return result;
    }, (error) => ({ sent: false, error }));
  }

  // --- Delivery --------------------------------------------------------------------------------------------------

  /** Sends every queued event now; resolves with what was sent and what waits (never rejects). */
  async flush(): Promise<FlushResult> {
    try {
      await this.chain;
      return await this.uploader.flush();
    } catch (e) {
      const error = failureOf('internal', e);
      this.report(error);
      return { sent: 0, refused: 0, pending: this.queue.size, error };
    }
  }

  /** The person's ids as the SDK holds them. */
  user(): { readonly anonymousId: string; readonly userId: string | null } {
    return { anonymousId: this.person.anonymousId, userId: this.person.userId ?? null };
  }

  /** What happened to events so far. */
  stats(): ClientStats {
    return { queued: this.queue.size, ...this.uploader.totals, dropped: this.queue.dropped };
  }

  /** Stops timers and listeners (unsent events stay stored for the next start). For tests and single-page apps' teardown. */
  async close(): Promise<void> {
    try {
      await this.chain;
    } catch {
      // Reported where it happened.
    }
    this.stopLifecycle?.();
    this.uploader.close();
  }

  // --- Inside ----------------------------------------------------------------------------------------------------

  private async load(): Promise<void> {
    const o = this.options;
    if (this.invalid !== null) return this.report(this.invalid);
    const consent = await this.person.load(o);
    if (consent !== null) this.consent.update(consent);
    await this.queue.load();
    if (o.consent !== undefined) this.applyConsent(o.consent, new Date());
    const lifecycle = o.lifecycle ?? browserLifecycle();
    this.stopLifecycle = lifecycle?.onHide(() => this.guard(() => this.uploader.hide()));
    if (this.consent.collecting) this.touchSession(Date.now());
    if (this.queue.size > 0) void this.uploader.flush();
  }

  /** Runs `f` after everything called before it, so that calls apply in order once storage is read. */
  private run(f: () => void): void {
    this.chain = this.chain.then(f).catch((e: unknown) => this.report(failureOf('internal', e)));
  }

  /** Runs a public method's body; anything thrown is reported, never thrown into the page. */
  private guard(f: () => void): void {
    try {
      if (this.invalid !== null) return this.report(this.invalid);
      f();
    } catch (e) {
      this.report(failureOf('internal', e));
    }
  }

  /** Runs a request after storage is read, within `timeoutMs` in all; a default with the reason on any failure. */
  private async call<T>(f: (ms: number) => Promise<T>, fallback: (error: SdkError) => T): Promise<T> {
    const start = Date.now();
    try {
      if (this.invalid !== null) throw this.invalid;
      await this.chain;
      return await f(Math.max(1, this.options.timeoutMs - (Date.now() - start)));
    } catch (e) {
      const error = isObject(e) && typeof e['reason'] === 'string' ? (e as unknown as SdkError) : failureOf('internal', e);
      this.report(error);
      return fallback(error);
    }
  }

  private report(error: SdkError): void {
    try {
      this.options.onError?.(error);
    } catch {
      // The host's own callback failed: nothing more to do.
    }
  }

  private deps(): calls.PersonalizationDeps {
    return { endpoint: this.endpoint, consent: this.consent, timeoutMs: this.options.timeoutMs, ids: () => this.ids(), context: (given) => this.decideContext(given) };
  }

  /**
   * The ids to send with a request: none while nothing may be collected (unless `always`, for why()); a userId only
   * with its token — without one the person is asked about as the anonymous visitor, and `onError` hears once.
   */
  private ids(always = false): calls.PersonIds {
    if (!always && !this.consent.collecting) return {};
    const { anonymousId, userId, userToken } = this.person;
    if (userId !== undefined && userToken === undefined && !this.warnedToken) {
      this.warnedToken = true;
      this.report({ reason: 'user_token', message: 'a userId needs its userToken (identify(userId, traits, { userToken }) or the userToken option): asking as the anonymous visitor' });
    }
    return { anonymousId, ...(userId !== undefined && userToken !== undefined ? { userId, userToken } : {}) };
  }

  private decideContext(given: DecideContext | undefined): DecideContext {
    const auto: Record<string, unknown> = {};
    const zone = timezone();
    if (zone !== undefined) auto['timezone'] = zone;
    const path = currentPath();
    if (path !== undefined) auto['page'] = path;
    if (this.options.platform !== '') auto['platform'] = this.options.platform;
    if (this.location !== undefined && this.consent.granted('personalization')) auto['location'] = this.location;
    // The person's choices apply to this request at once: the events that carry them may not be processed yet.
    const preferences = this.consent.preferences;
    if (preferences !== null) auto['consent'] = { ...preferences };
    return { ...auto, ...given };
  }

  private setUser(userId: string | undefined, userToken: string | undefined): void {
    this.person.setUser(userId, userToken);
    this.warnedToken = false;
    if (this.consent.collecting) void this.person.save();
  }

  private collect(type: string, fields: Record<string, unknown>, options: EventOptions | undefined, trigger: MessageTrigger | null): void {
    const timestamp = toIso(options?.timestamp) ?? new Date().toISOString();
    this.run(() => this.collectNow(type, fields, { ...options, timestamp }, trigger));
  }

  /** Builds an event with the ids and context as they are now, and queues it — or holds or drops it, by consent. */
  private collectNow(type: string, fields: Record<string, unknown>, options: EventOptions | undefined, trigger: MessageTrigger | null): void {
    const event = this.build(type, fields, options);
    if (this.consent.collecting) {
      this.touchSession(Date.now());
      this.enqueue(event);
      if (trigger !== null) void this.messages?.trigger(trigger);
    } else if (this.consent.preferences === null) {
      // requireConsent and no choice yet: kept in memory only, sent if the person consents.
      this.waiting.push(event);
      if (this.waiting.length > this.options.maxQueueSize) this.waiting.shift();
    }
  }

  private build(type: string, fields: Record<string, unknown>, options: EventOptions | undefined): SdkEvent {
    const preferences = this.consent.preferences;
    const context = {
      ...platformContext(),
      ...this.options.context,
      ...options?.context,
      ...(preferences === null ? {} : { consent: { categoryPreferences: { ...preferences } } }),
    };
    return {
      type,
      messageId: uuid(),
      timestamp: toIso(options?.timestamp) ?? new Date().toISOString(),
      anonymousId: this.person.anonymousId,
      ...(this.person.userId === undefined ? {} : { userId: this.person.userId }),
      context,
      ...(options?.integrations === undefined ? {} : { integrations: options.integrations }),
      ...fields,
    };
  }

  private enqueue(event: SdkEvent): void {
    this.queue.push(event);
    this.uploader.notify();
  }

  private applyConsent(preferences: ConsentPreferences, at: Date): void {
    const wasCollecting = this.consent.collecting;
    if (!this.consent.update(preferences)) return;
    // The choice itself is kept even when it refuses everything: it is what lets the SDK honour it on the next page.
    void this.person.write('consent', JSON.stringify(this.consent.preferences));
    const collecting = this.consent.collecting;
    const categoryPreferences = { ...this.consent.preferences };
    if (collecting && !wasCollecting) {
      const waiting = this.waiting;
      this.waiting = [];
      // Events made before the choice go out with it: the person has now consented to these purposes.
      for (const e of waiting) this.enqueue({ ...e, context: { ...(e['context'] as object), consent: { categoryPreferences } } });
    }
    // The server records the change (or the withdrawal) — unless the person refused before anything was collected.
    if (collecting || wasCollecting) this.enqueue(this.build('track', { event: CONSENT_UPDATED_EVENT, properties: {} }, { timestamp: at.toISOString() }));
    if (!collecting) {
      this.waiting = [];
      void this.person.forget();
    } else if (!wasCollecting) this.touchSession(Date.now());
  }

  /** Starts a session after `sessionTimeoutMs` without events (asking for session_start messages), else extends it. */
  private touchSession(now: number): void {
    const started = this.person.touch(now, this.options.sessionTimeoutMs);
    // Stored only while consent allows: callers collect.
    void this.person.save();
    if (started) void this.messages?.trigger({ kind: 'session_start' });
  }
}

function toIso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A client: `const rapport = createRapport({ writeKey, host })`. Never throws, even on bad options. */
export function createRapport(options: RapportOptions): Rapport {
  return new Rapport(options);
}
