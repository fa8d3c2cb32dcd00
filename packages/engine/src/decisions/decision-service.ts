import { variantAt, type DecideContext, type DecisionReason, type DecisionsView, type DecisionView, type RankedItemView } from '@rapport/contracts';
import { bucketOf, uuidv7, type Clock, type Logger } from '@rapport/core';
import type { Database, Repositories } from '@rapport/storage';
import type { CatalogEntry, ServingCatalog } from '../catalog/index.js';
import type { GeofenceService } from '../geofences/index.js';
import type { ProfileService } from '../profiles/index.js';
import type { RecommendationService } from '../recommendations/index.js';
import type { WorkspaceService } from '../workspaces/index.js';
import { audienceSentence, checkAudience, type ContextFacts } from './audience-match.js';
import { contextFacts, loadPerson } from './person-context.js';
import { DEFAULT_AFFINITY_WEIGHT, rankList, unranked } from './list-ranking.js';
import type { CompiledContent, CompiledExperience, CompiledPlacement } from './placement-compiler.js';
import type { PlacementService } from './placement-service.js';
import { RECOMMENDATIONS_FOR_RANKING, requestRecommendations, templateScope, type Person, type RequestRecommendations } from './template-scope.js';
import { renderFields, type TemplateEngine } from './template-engine.js';

export interface DecisionServiceOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workspaces: WorkspaceService;
  readonly profiles: ProfileService;
  readonly placements: PlacementService;
  readonly templates: TemplateEngine;
  readonly recommendations: RecommendationService;
  readonly catalog: ServingCatalog;
  readonly geofences: GeofenceService;
  /** Records events (Experience Viewed) as ingestion would accept them from the app. */
  readonly record: (workspaceId: string, messages: readonly object[]) => Promise<void>;
}

/** Who asks and for what. A userId here has been verified (a user token, or a secret key). */
export interface DecisionRequest {
  readonly userId?: string | undefined;
  readonly anonymousId?: string | undefined;
  /** The admin preview may name a profile directly. */
  readonly profileId?: string | undefined;
  readonly placements: readonly string[];
  readonly context?: DecideContext | undefined;
  readonly recordExposure: boolean;
  /** A placement not saved yet (the admin preview), decided instead of the saved one with its key. */
  readonly draft?: CompiledPlacement | undefined;
}

/** What one request's decisions share: the person, the context's facts, the template scope, the catalog, the time. */
interface RequestRun {
  readonly person: Person;
  readonly facts: ContextFacts;
  readonly scope: ReturnType<typeof templateScope>;
  readonly catalog: ReadonlyMap<string, CatalogEntry>;
  readonly now: number;
  readonly recommend: RequestRecommendations;
}

/**
 * Exposures are gathered for a few milliseconds and handed to ingestion together: a page's decision records one
 * event per placement shown, and at hundreds of decisions a second one hand-over (and one commit of the event log)
 * per request cost the ingestion and log threads more CPU than the events themselves. The answer never waits for
 * them; a crash within the window loses them, as it would lose a hand-over in flight.
 */
const EXPOSURE_GATHER_MS = 10;
/** Handed over at once beyond this many (well within a batch's limits). */
const EXPOSURES_PER_HAND_OVER = 200;

/** An experience passed over, and why. */
interface Skip {
  readonly experience: string;
  readonly why: string;
}

/**
 * Decides what each placement shows a person: the first experience (by priority) whose schedule, segment and context
 * match, the variant of its split the person falls in, its content rendered from Liquid templates — or, for sort and
 * search placements, the list ordered by the person's interest — with the reason in data and in words. Segments,
 * location and the profile are used only with the person's consent to personalization; without it only the request's
 * context decides. Each decision that shows an experience is recorded as an `Experience Viewed` event.
 */
export class DecisionService {
  readonly #pending = new Set<Promise<void>>();
  /** Exposures not handed to ingestion yet, per workspace (see EXPOSURE_GATHER_MS). */
  readonly #gathered = new Map<string, object[]>();
  #handOverTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: DecisionServiceOptions) {}

  async decide(workspaceId: string, request: DecisionRequest): Promise<DecisionsView> {
    const { clock } = this.o;
    const now = clock.now();
    const context = request.context ?? {};
    const [compiled, catalog] = await Promise.all([this.o.placements.compiled(workspaceId), this.o.catalog.products(workspaceId)]);
    const wanted = request.placements.map((key) => (request.draft?.key === key ? request.draft : compiled.get(key)));
    const segments = wanted.some((p) => p?.experiences.some((e) => e.segment !== null) === true);
    const person = await loadPerson(this.o, workspaceId, request, request.context?.consent, { segments });
    const product = context.productId === undefined ? undefined : catalog.get(context.productId);
    const usesGeofences = wanted.some((p) => p?.experiences.some((e) => e.definition.audience?.context?.geofences !== undefined) === true);
    const facts = await contextFacts(this.o, workspaceId, { context, person, product, usesGeofences, now });
    const recommend = requestRecommendations(this.o.recommendations, workspaceId, person, context);
    const scope = templateScope({ workspaceId, person, context, product, recommend });
    const decisions: DecisionView[] = [];
    for (const [i, key] of request.placements.entries()) {
      decisions.push(await this.#decideOne(key, wanted[i], { person, facts, scope, catalog, now, recommend }));
    }
    if (request.recordExposure) this.#recordExposures(workspaceId, person, context, decisions, now);
    return { personalized: person.personalize && person.profile !== null, decisions };
  }

  /** Hands over the exposures gathered and waits for every one being written (at shutdown, and in tests). */
  async flush(): Promise<void> {
    this.#handOver();
    await Promise.all([...this.#pending]);
  }

  async #decideOne(key: string, placement: CompiledPlacement | undefined, run: RequestRun): Promise<DecisionView> {
    const decisionId = uuidv7(run.now);
    const items = run.facts.context.items;
    const base = { placement: key, decisionId, experience: null, variant: null, content: null } as const;
    const nothing = (kind: DecisionReason['kind'], sentence: string, skipped: Skip[] = []): DecisionView => ({
      ...base,
      kind: placement?.kind ?? null,
      ...(items !== undefined && placement !== undefined && placement.kind !== 'content' ? { items: unranked(items) } : {}),
      reason: { kind, conditions: [], skipped, sentence },
    });
    if (placement === undefined) return nothing('unknown_placement', 'This placement does not exist.');
    if (placement.status === 'paused') return nothing('paused', 'This placement is paused.');
    const skipped: Skip[] = [];
    for (const experience of placement.experiences) {
      const why = this.#passOver(experience, run.person, run.facts, run.now);
      if (typeof why === 'string') {
        skipped.push({ experience: experience.definition.key, why });
        continue;
      }
      const { held } = why;
      let variant: { key: string; bucket: number; content: CompiledContent } | null = null;
      if (experience.variants !== null) {
        const bucketKey = run.person.userId ?? run.person.anonymousId;
        if (bucketKey === null) {
          skipped.push({ experience: experience.definition.key, why: 'a split needs a userId or an anonymousId to keep the same variant' });
          continue;
        }
        const bucket = bucketOf(experience.seed, bucketKey);
        const chosen = variantAt(experience.variants, bucket);
        if (chosen === null) {
          skipped.push({ experience: experience.definition.key, why: 'the person falls outside the split' });
          continue;
        }
        variant = { key: chosen.key, bucket, content: chosen.content };
      }
      const reason: DecisionReason = {
        kind: experience.segment === null ? 'everyone' : 'audience',
        ...(experience.segment === null ? {} : { segment: experience.segment }),
        conditions: held,
        ...(variant === null ? {} : { variant: { key: variant.key, bucket: variant.bucket } }),
        skipped,
        sentence: sentenceOf(experience, held, variant?.key ?? null),
      };
      const chosen = { ...base, kind: placement.kind, experience: { key: experience.definition.key, name: experience.definition.name }, variant: variant?.key ?? null, reason };
      if (placement.kind !== 'content') return { ...chosen, items: await this.#rank(placement, experience, run) };
      const content = variant?.content ?? experience.content;
      if (content === null) continue;
      const rendered = await renderFields(this.o.templates, content, { ...run.scope, placement: { key: placement.key, name: placement.name }, experience: chosen.experience, variant: chosen.variant });
      if (typeof rendered === 'string') {
        this.o.logger.warn({ placement: key, experience: experience.definition.key, problem: rendered }, 'content did not render: the next experience is tried');
        skipped.push({ experience: experience.definition.key, why: `its content did not render: ${rendered}` });
        continue;
      }
      return { ...chosen, content: rendered };
    }
    if (placement.defaultContent !== null) {
      const rendered = await renderFields(this.o.templates, placement.defaultContent, { ...run.scope, placement: { key: placement.key, name: placement.name }, experience: null, variant: null });
      if (typeof rendered !== 'string') return { ...base, kind: placement.kind, content: rendered, reason: { kind: 'default', conditions: [], skipped, sentence: 'Nothing here was chosen for you in particular: everyone sees this.' } };
      skipped.push({ experience: '(default)', why: `the default content did not render: ${rendered}` });
    }
    return nothing('no_match', placement.kind === 'content' ? 'Nothing is shown here for you.' : 'The list is in the shop’s own order.', skipped);
  }

  /** Why an experience is passed over for this person now, or the context conditions that held. */
  #passOver(experience: CompiledExperience, person: Person, facts: ContextFacts, now: number): string | { held: string[] } {
    if (experience.broken !== null) return experience.broken;
    if (experience.startMs !== null && now < experience.startMs) return 'it has not started';
    if (experience.endMs !== null && now >= experience.endMs) return 'it has ended';
    return checkAudience(experience.segment, experience.definition.audience?.context, person, facts);
  }

  async #rank(placement: CompiledPlacement, experience: CompiledExperience, run: RequestRun): Promise<RankedItemView[]> {
    const items = run.facts.context.items ?? [];
    if (!run.person.personalize || run.person.profile === null) return unranked(items);
    const ranking = experience.definition.ranking ?? {};
    const picks = ranking.recommender === undefined ? new Map<string, number>() : await picksAmong(items, ranking.recommender, run.recommend);
    const weight = ranking.affinityWeight ?? DEFAULT_AFFINITY_WEIGHT[placement.kind === 'search' ? 'search' : 'sort'];
    return rankList(items, { affinity: run.person.profile.features.affinity.scores, picks, recommender: ranking.recommender ?? null, categoryOf: (id) => run.catalog.get(id)?.category ?? null }, weight);
  }

  #recordExposures(workspaceId: string, person: Person, context: DecideContext, decisions: readonly DecisionView[], now: number): void {
    if (person.userId === null && person.anonymousId === null) return;
    const shown = decisions.filter((d) => d.experience !== null || d.reason.kind === 'default');
    if (shown.length === 0) return;
    const messages = shown.map((d) => ({
      type: 'track',
      event: 'Experience Viewed',
      messageId: `decision-${d.decisionId}`,
      timestamp: new Date(now).toISOString(),
      ...(person.userId === null ? {} : { userId: person.userId }),
      ...(person.anonymousId === null ? {} : { anonymousId: person.anonymousId }),
      properties: { placement: d.placement, experience: d.experience?.key ?? null, variant: d.variant, decisionId: d.decisionId, reason: d.reason.kind },
      context: { ...(context.page === undefined ? {} : { page: { path: context.page } }) },
    }));
    const gathered = this.#gathered.get(workspaceId);
    if (gathered === undefined) this.#gathered.set(workspaceId, messages);
    else gathered.push(...messages);
    if ((gathered?.length ?? messages.length) >= EXPOSURES_PER_HAND_OVER) this.#handOver();
    else this.#handOverTimer ??= setTimeout(() => this.#handOver(), EXPOSURE_GATHER_MS);
  }

  /** Hands the gathered exposures to ingestion, one batch per workspace. */
  #handOver(): void {
    clearTimeout(this.#handOverTimer);
    this.#handOverTimer = undefined;
    for (const [workspaceId, messages] of this.#gathered) {
      const write = this.o.record(workspaceId, messages).catch((e: unknown) => this.o.logger.error({ err: e, workspaceId }, 'exposure events were not recorded'));
      this.#pending.add(write);
      void write.finally(() => this.#pending.delete(write));
    }
    this.#gathered.clear();
  }
}

/**
 * Where a recommender puts each product of a list (0 = first): its model's scores of the list's own products when it
 * can score them, otherwise the products' ranks among its 50 best for the person.
 */
async function picksAmong(items: readonly string[], recommender: string, recommend: RequestRecommendations): Promise<Map<string, number>> {
  const scores = await recommend.scores(recommender, items);
  const picks = new Map<string, number>();
  if (scores === undefined) {
    (await recommend.list(recommender, RECOMMENDATIONS_FOR_RANKING)).forEach((item, rank) => picks.set(item.productId, rank));
    return picks;
  }
  const position = new Map(items.map((id, i) => [id, i]));
  [...scores].sort((a, b) => b[1] - a[1] || position.get(a[0])! - position.get(b[0])!).forEach(([productId], rank) => picks.set(productId, rank));
  return picks;
}

/** Why, in words for the person. */
function sentenceOf(experience: CompiledExperience, held: readonly string[], variant: string | null): string {
  const base = audienceSentence(experience.segment, held);
  return variant === null ? base : `${base} It is version “${variant}” of a test: each person is given one version at random, always the same.`;
}
