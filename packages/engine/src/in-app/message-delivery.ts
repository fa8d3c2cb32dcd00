import { messageEvents, type DeliveredMessageView, type MessagesResponseView, type DecideContext, type TriggerKind } from '@rapport/contracts';
import { uuidv7, type Clock, type Logger } from '@rapport/core';
import { parseJson } from '@rapport/storage';
import type { ServingCatalog } from '../catalog/index.js';
import { isGranted } from '../consent/index.js';
import { audienceSentence, checkAudience, contactPreferencesOf, contextFacts, loadPerson, pageMatches, renderFields, requestRecommendations, templateScope, withinHours, type DecisionPerson, type PersonContextDependencies, type PersonIds, type TemplateEngine } from '../decisions/index.js';
import type { RecommendationService } from '../recommendations/index.js';
import type { WorkspaceService } from '../workspaces/index.js';
import { frequencyHold, type MessageHistoryEntry } from './frequency-rules.js';
import type { CompiledMessage } from './message-compiler.js';
import type { MessageService } from './message-service.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back frequency rules read: `total` counts the shows of the last year. */
const HISTORY_DAYS = 365;
/** How long a delivery counts as shown before its Message Shown event has been processed. */
const RECENT_MS = 120_000;
/** A segment_entered or geofence_entered message may show this long after entering, unless it says otherwise. */
const DEFAULT_WITHIN_HOURS = 24;

export interface MessageDeliveryOptions extends PersonContextDependencies {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workspaces: WorkspaceService;
  readonly messages: MessageService;
  readonly templates: TemplateEngine;
  readonly recommendations: RecommendationService;
  readonly catalog: ServingCatalog;
}

/** What the SDK asks with: who, on which trigger, in which context. A userId here has been verified. */
export interface MessageRequest extends PersonIds {
  readonly sessionId?: string | undefined;
  readonly trigger: { readonly kind: TriggerKind; readonly event?: string | undefined; readonly page?: string | undefined };
  readonly context?: DecideContext | undefined;
}

interface Recent {
  readonly at: number;
  readonly entry: MessageHistoryEntry;
}

/**
 * Decides which in-app message, if any, shows now: of the active messages whose trigger matches (or, on any request,
 * whose segment or geofence the person entered recently and which has not shown since), the highest priority whose
 * audience, consent purpose, quiet hours, frequency rules and the workspace's intrusiveness budget all allow it. The
 * others are held back, each with its reason, answered and logged. Frequency is counted from the Message Shown and
 * Message Dismissed events the SDK tracks, and from this node's deliveries of the last two minutes (whose events may
 * not be processed yet).
 */
export class MessageDelivery {
  readonly #recent = new Map<string, Recent[]>();

  constructor(private readonly o: MessageDeliveryOptions) {}

  async deliver(workspaceId: string, request: MessageRequest): Promise<MessagesResponseView> {
    const now = this.o.clock.now();
    const context = request.context ?? {};
    const [messages, person, workspace, catalog] = await Promise.all([this.o.messages.compiled(workspaceId), loadPerson(this.o, workspaceId, request, request.context?.consent), this.o.workspaces.get(workspaceId), this.o.catalog.products(workspaceId)]);
    const product = context.productId === undefined ? undefined : catalog.get(context.productId);
    const active = messages.filter((m) => m.status === 'active' && m.broken === null && (m.startMs === null || now >= m.startMs) && (m.endMs === null || now < m.endMs));
    if (active.length === 0) return { messages: [], heldBack: [] };
    const history = await this.#history(workspaceId, person, now);
    const candidates = active.filter((m) => this.#triggered(m, request, person, history, now)).sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : 1));
    const shows = history.filter((h): h is MessageHistoryEntry => h.kind !== 'geofence');
    const heldBack: { message: string; why: string }[] = [];
    if (candidates.length === 0) return { messages: [], heldBack };
    const facts = await contextFacts(this.o, workspaceId, { context, person, product, usesGeofences: candidates.some((m) => m.definition.audience?.context?.geofences !== undefined), now });
    // The person's local time (as context conditions read it), else UTC.
    const minutes = facts.localTime?.minutes ?? Math.floor((now % 86_400_000) / 60_000);
    const dayStart = now - minutes * 60_000 - (now % 60_000);
    const { purposes, messaging } = workspace.settings;
    // The person's own limit applies when it is lower than the shop's.
    const own = contactPreferencesOf(person.profile?.traits);
    const promotionalPerDay = own.promotionalPerDay === null ? messaging.promotionalPerDay : Math.min(own.promotionalPerDay, messaging.promotionalPerDay);
    const scope = templateScope({ workspaceId, person, context, product, recommend: requestRecommendations(this.o.recommendations, workspaceId, person, context) });
    let delivered: DeliveredMessageView | null = null;
    for (const m of candidates) {
      if (delivered !== null) {
        heldBack.push({ message: m.key, why: `“${delivered.message}” shows instead (higher priority)` });
        continue;
      }
      const audience = checkAudience(m.segment, m.definition.audience?.context, person, facts);
      if (typeof audience === 'string') {
        heldBack.push({ message: m.key, why: audience });
        continue;
      }
      if (m.purpose !== null && !isGranted(person.consent, m.purpose, purposes)) {
        heldBack.push({ message: m.key, why: `no consent to ${m.purpose}` });
        continue;
      }
      if (m.definition.quietHours !== undefined && withinHours(minutes, m.definition.quietHours.from, m.definition.quietHours.to)) {
        heldBack.push({ message: m.key, why: `quiet hours (${m.definition.quietHours.from}–${m.definition.quietHours.to} in their time zone)` });
        continue;
      }
      if (m.purpose !== null && own.channels.inApp === false) {
        heldBack.push({ message: m.key, why: 'they turned promotional in-app messages off' });
        continue;
      }
      const hold = frequencyHold({ key: m.key, frequency: m.definition.frequency ?? {}, promotional: m.purpose !== null }, { history: shows, sessionId: request.sessionId ?? null, now, dayStart, promotionalPerDay });
      if (hold !== null) {
        heldBack.push({ message: m.key, why: hold });
        continue;
      }
      const rendered = await renderFields(this.o.templates, m.fields, { ...scope, message: { key: m.key, name: m.name } });
      if (typeof rendered === 'string') {
        this.o.logger.warn({ workspaceId, message: m.key, problem: rendered }, 'an in-app message did not render');
        heldBack.push({ message: m.key, why: `its content did not render: ${rendered}` });
        continue;
      }
      delivered = this.#delivery(m, rendered, audience.held, request.sessionId ?? null, now);
    }
    if (heldBack.length > 0) this.o.logger.info({ workspaceId, trigger: request.trigger.kind, heldBack }, 'in-app messages held back');
    if (delivered !== null) {
      const { message, deliveryId } = delivered;
      this.#remember(workspaceId, person, { kind: 'shown', message, deliveryId, at: now, sessionId: request.sessionId ?? null, promotional: candidates.find((m) => m.key === message)?.purpose !== null });
    }
    return { messages: delivered === null ? [] : [delivered], heldBack };
  }

  /** Whether the request's trigger is the message's, or the person entered its segment or geofence recently and it has not shown since. */
  #triggered(m: CompiledMessage, request: MessageRequest, person: DecisionPerson, history: readonly (MessageHistoryEntry | GeofenceEntry)[], now: number): boolean {
    const t = m.definition.trigger;
    const asked = request.trigger;
    const within = (t.withinHours ?? DEFAULT_WITHIN_HOURS) * HOUR;
    const shownSince = (since: number) => history.some((h) => h.kind === 'shown' && h.message === m.key && h.at >= since);
    switch (t.kind) {
      case 'event':
        return asked.kind === 'event' && asked.event === t.event;
      case 'screen': {
        if (asked.kind !== 'screen') return false;
        const page = asked.page ?? request.context?.page;
        return t.pages === undefined || (page !== undefined && t.pages.some((p) => pageMatches(p, page)));
      }
      case 'session_start':
        return asked.kind === 'session_start';
      case 'segment_entered': {
        const entered = m.triggerSegment === null ? undefined : person.segments.get(m.triggerSegment.id);
        return entered !== undefined && now - entered <= within && !shownSince(entered);
      }
      case 'geofence_entered': {
        const entered = history.filter((h): h is GeofenceEntry => h.kind === 'geofence' && h.geofence === t.geofence).reduce((last, h) => Math.max(last, h.at), -Infinity);
        return now - entered <= within && !shownSince(entered);
      }
    }
  }

  #delivery(m: CompiledMessage, fields: Record<string, string>, held: readonly string[], sessionId: string | null, now: number): DeliveredMessageView {
    const deliveryId = uuidv7(now);
    const sentence = audienceSentence(m.segment, held);
    return {
      message: m.key,
      deliveryId,
      format: m.format,
      title: fields['title'] ?? '',
      body: fields['body'] ?? null,
      imageUrl: fields['imageUrl'] ?? null,
      imageAlt: fields['imageAlt'] ?? null,
      buttons: (m.definition.content.buttons ?? []).map((b, i) => ({ text: fields[`button${i}Text`] ?? '', action: b.action, url: fields[`button${i}Url`] ?? null })),
      reason: { sentence, ...(m.segment === null ? {} : { segment: m.segment }) },
      tracking: { message: m.key, deliveryId, sessionId },
    };
  }

  /** Shows and dismissals of the last year, entries into geofences, and this node's recent deliveries. */
  async #history(workspaceId: string, person: DecisionPerson, now: number): Promise<(MessageHistoryEntry | GeofenceEntry)[]> {
    const recent = this.#recentOf(workspaceId, person, now);
    if (person.profile === null) return recent;
    const since = now - HISTORY_DAYS * DAY;
    const rows = await this.o.repos.events.behaviourOf(this.o.database.kysely, workspaceId, [person.profile.id], [
      { name: messageEvents.shown, since, propertiesSince: since },
      { name: messageEvents.dismissed, since, propertiesSince: since },
      { name: 'Geofence Entered', since, propertiesSince: since },
    ]);
    const messages = new Map((await this.o.messages.compiled(workspaceId)).map((m) => [m.key, m]));
    const entries: (MessageHistoryEntry | GeofenceEntry)[] = [];
    for (const r of rows) {
      const props = (r.payload === null ? {} : (parseJson<{ properties?: Record<string, unknown> }>(r.payload).properties ?? {})) as Record<string, unknown>;
      if (r.event === 'Geofence Entered') {
        if (typeof props['geofence'] === 'string') entries.push({ kind: 'geofence', geofence: props['geofence'], at: r.timestamp });
        continue;
      }
      if (typeof props['message'] !== 'string') continue;
      const key = props['message'];
      entries.push({
        kind: r.event === messageEvents.shown ? 'shown' : 'dismissed',
        message: key,
        at: r.timestamp,
        sessionId: typeof props['sessionId'] === 'string' ? props['sessionId'] : null,
        deliveryId: typeof props['deliveryId'] === 'string' ? props['deliveryId'] : null,
        promotional: messages.get(key)?.purpose !== null,
      });
    }
    // A recent delivery whose Message Shown has been processed is not counted twice.
    const tracked = new Set(entries.map((e) => (e.kind === 'geofence' ? null : e.deliveryId)));
    return [...entries, ...recent.filter((e) => !tracked.has(e.deliveryId))];
  }

  #personKey(workspaceId: string, person: DecisionPerson): string | null {
    const id = person.profile?.id ?? (person.userId === null ? null : `u:${person.userId}`) ?? (person.anonymousId === null ? null : `a:${person.anonymousId}`);
    return id === null ? null : `${workspaceId}|${id}`;
  }

  #recentOf(workspaceId: string, person: DecisionPerson, now: number): MessageHistoryEntry[] {
    const key = this.#personKey(workspaceId, person);
    if (key === null) return [];
    const kept = (this.#recent.get(key) ?? []).filter((r) => now - r.at < RECENT_MS);
    if (kept.length === 0) this.#recent.delete(key);
    else this.#recent.set(key, kept);
    return kept.map((r) => r.entry);
  }

  #remember(workspaceId: string, person: DecisionPerson, entry: MessageHistoryEntry): void {
    const key = this.#personKey(workspaceId, person);
    if (key === null) return;
    const list = this.#recent.get(key) ?? [];
    list.push({ at: entry.at, entry });
    this.#recent.set(key, list);
    // Bounded: a node forgets the oldest people first when many ask at once.
    if (this.#recent.size > 100_000) this.#recent.delete(this.#recent.keys().next().value!);
  }
}

/** An entry into a geofence, from a Geofence Entered event. */
interface GeofenceEntry {
  readonly kind: 'geofence';
  readonly geofence: string;
  readonly at: number;
}
