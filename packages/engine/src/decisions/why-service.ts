import type { WhyView } from '@rapport/contracts';
import type { Clock } from '@rapport/core';
import { parseJson } from '@rapport/storage';
import type { ServingCatalog } from '../catalog/index.js';
import { consentView } from '../consent/index.js';
import type { SegmentService } from '../segments/index.js';
import type { WorkspaceService } from '../workspaces/index.js';
import type { DecisionService } from './decision-service.js';
import { contactPreferencesOf, loadPerson, type PersonContextDependencies, type PersonIds } from './person-context.js';
import type { PlacementService } from './placement-service.js';

const DAY = 86_400_000;
/** The segments explained at most: a person in more sees the first by name only. */
const MAX_EXPLAINED = 20;

export interface WhyServiceOptions extends PersonContextDependencies {
  readonly clock: Clock;
  readonly workspaces: WorkspaceService;
  readonly segments: SegmentService;
  readonly placements: PlacementService;
  readonly decisions: DecisionService;
  readonly catalog: ServingCatalog;
  /** In-app messages by key: their name and the segment they are for (from the in-app module, which decisions does not import). */
  readonly messageInfo?: (workspaceId: string) => Promise<ReadonlyMap<string, { readonly name: string; readonly segment: string | null }>>;
}

/**
 * "Why am I seeing this": everything personalized for a person right now — their consent, the segments they are in
 * and why, the interests recommendations lean on, what each placement shows them and why, the messages they were
 * shown — in data and in sentences written for them, not for the shop.
 */
export class WhyService {
  constructor(private readonly o: WhyServiceOptions) {}

  async why(workspaceId: string, ids: PersonIds): Promise<WhyView> {
    const { database, repos, clock } = this.o;
    const now = clock.now();
    const [person, workspace] = await Promise.all([loadPerson(this.o, workspaceId, ids), this.o.workspaces.get(workspaceId)]);
    const { purposes } = workspace.settings;
    const states = consentView(person.consent, purposes);
    const consent = purposes.map((p) => ({ purpose: p.id, name: p.name, description: p.description, granted: states[p.id]!.granted, source: states[p.id]!.source, at: states[p.id]!.at }));
    const placements = await this.#placements(workspaceId, ids);
    const own = contactPreferencesOf(person.profile?.traits);
    const preferences = {
      channels: { inApp: own.channels.inApp ?? true, email: own.channels.email ?? true, push: own.channels.push ?? true, sms: own.channels.sms ?? true },
      promotionalPerDay: own.promotionalPerDay,
      shopPromotionalPerDay: workspace.settings.messaging.promotionalPerDay,
    };
    if (person.profile === null) {
      return {
        known: false,
        personalized: false,
        summary: 'We hold nothing about you yet: what you see is what everyone sees.',
        consent,
        segments: [],
        interests: [],
        recentlyViewed: [],
        recommendations: 'Products are picked from what is popular in the shop.',
        placements,
        messages: [],
        preferences,
      };
    }
    const profile = person.profile;
    const segments: WhyView['segments'] = [];
    for (const [id, since] of [...person.segments].slice(0, MAX_EXPLAINED)) {
      const explained = await this.o.segments.explain(workspaceId, id, profile.id);
      if (!explained.ok) continue;
      const name = (await this.o.segments.get(workspaceId, id))?.name ?? id;
      segments.push({ id, name, since: new Date(since).toISOString(), sentence: explained.value.root.sentence });
    }
    const interests = person.personalize
      ? Object.entries(profile.features.affinity.scores)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([category]) => `You often look at ${category}`)
      : [];
    const catalog = await this.o.catalog.products(workspaceId);
    const viewed = person.personalize ? (await repos.profileProducts.ofProfile(database.kysely, workspaceId, profile.id)).filter((r) => r.last_viewed_at !== null).sort((a, b) => Number(b.last_viewed_at) - Number(a.last_viewed_at)) : [];
    const recentlyViewed = viewed.slice(0, 5).map((r) => catalog.get(r.product_id)?.name ?? r.product_id);
    const messages = await this.#messages(workspaceId, profile.id, now);
    return {
      known: true,
      personalized: person.personalize,
      summary: person.personalize
        ? `What you see is chosen from what you viewed and bought here${segments.length > 0 ? `, and from the ${segments.length === 1 ? 'group' : 'groups'} you are in` : ''}. You can turn this off below.`
        : 'You turned personalization off: what you see is what everyone sees, and your activity is not used to choose it.',
      consent,
      segments,
      interests,
      recentlyViewed,
      recommendations: person.personalize
        ? 'Products are picked from what you viewed and bought, what other customers bought with those products, and what is popular.'
        : 'Products are picked from what is popular in the shop, not from your activity.',
      placements,
      messages,
      preferences,
    };
  }

  /** What each active content placement shows the person now, without a page: its sentence. */
  async #placements(workspaceId: string, ids: PersonIds): Promise<WhyView['placements']> {
    const compiled = await this.o.placements.compiled(workspaceId);
    const keys = [...compiled.values()].filter((p) => p.status === 'active' && p.kind === 'content').map((p) => p.key);
    const out: WhyView['placements'] = [];
    // 10 at a time: decide's own limit.
    for (let i = 0; i < keys.length; i += 10) {
      const answer = await this.o.decisions.decide(workspaceId, { ...ids, placements: keys.slice(i, i + 10), recordExposure: false });
      for (const d of answer.decisions) if (d.content !== null) out.push({ placement: d.placement, experience: d.experience?.key ?? null, sentence: d.reason.sentence });
    }
    return out;
  }

  async #messages(workspaceId: string, profileId: string, now: number): Promise<WhyView['messages']> {
    const since = now - 30 * DAY;
    const rows = await this.o.repos.events.behaviourOf(this.o.database.kysely, workspaceId, [profileId], [{ name: 'Message Shown', since, propertiesSince: since }]);
    const info = (await this.o.messageInfo?.(workspaceId)) ?? new Map<string, { name: string; segment: string | null }>();
    return rows
      .map((r) => {
        const key = r.payload === null ? undefined : parseJson<{ properties?: { message?: unknown } }>(r.payload).properties?.message;
        if (typeof key !== 'string') return null;
        const m = info.get(key);
        const day = new Date(r.timestamp).toISOString().slice(0, 10);
        const sentence = m?.segment == null ? `Shown to you on ${day}: it is shown to everyone it applies to.` : `Shown to you on ${day} because you were in “${m.segment}”.`;
        return { message: key, name: m?.name ?? key, shownAt: new Date(r.timestamp).toISOString(), sentence };
      })
      .filter((m): m is NonNullable<typeof m> => m !== null)
      .reverse()
      .slice(0, 20);
  }
}
