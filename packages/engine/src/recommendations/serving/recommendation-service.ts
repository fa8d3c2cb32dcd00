import {
  personalStrategies,
  type AdminRecommendationQuery,
  type CreateRecommenderBody,
  type RecommendationQuery,
  type RecommendationRules,
  type RecommendationsView,
  type RecommendationStrategy,
  type RecommenderView,
  type StrategyParams,
  type UpdateRecommenderBody,
} from '@rapport/contracts';
import { err, ok, uuidv7, type Clock, type Result } from '@rapport/core';
import { parseJson, type Database, type RecommenderRow, type Repositories } from '@rapport/storage';
import type { CatalogEntry, ServingCatalog } from '../../catalog/index.js';
import { isGranted } from '../../consent/index.js';
import { profileFromRow, type ProfileService, type ProfileState } from '../../profiles/index.js';
import type { WorkspaceService } from '../../workspaces/index.js';
import { applyRules, boostFactor, passes } from './business-rules.js';
import type { Candidate, Person, PersonProduct, ScorerTable, StrategyContext, StrategyTable } from './candidates.js';
import { signalStrategies } from './signal-strategies.js';

/** Why a recommendation request or a change to a recommender was refused. */
export type RecommendationFailure = { readonly reason: 'unknown_recommender'; readonly name: string } | { readonly reason: 'name_taken' } | { readonly reason: 'not_found' } | { readonly reason: 'no_strategy' };

export interface RecommendationServiceOptions {
  readonly database: Database;
  readonly repos: Repositories;
  readonly profiles: ProfileService;
  readonly workspaces: WorkspaceService;
  /** The catalog in memory: what is shown, its names and the rules' filters, without reading product rows. */
  readonly catalog: ServingCatalog;
  readonly clock: Clock;
  /**
   * Strategies of trained models (collaborative filtering, content similarity), added to those of product signals,
   * and those of them that can score given products.
   */
  readonly modelStrategies?: () => { readonly strategies: StrategyTable; readonly scorers: ScorerTable };
  /** Forgets the models loaded in memory, so that the next request loads the newest (tests; a model trained here). */
  readonly forgetModels?: () => void;
}

/** How long named recommenders read for serving are used before they are read again (a change on another node). */
const RECOMMENDER_CACHE_MS = 5_000;

/** Candidates asked of a strategy per item wanted: business rules filter some out. */
const OVERFETCH = 5;

function recommenderView(r: RecommenderRow): RecommenderView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    strategy: r.strategy as RecommendationStrategy,
    params: parseJson<StrategyParams>(r.params),
    rules: parseJson<RecommendationRules>(r.rules),
    fallback: r.fallback as RecommendationStrategy | null,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/**
 * Serves recommendations: a named recommender (or a strategy) for a person, a product or a cart, with business rules
 * applied, a fallback when the strategy has too little, and a reason for every item. Personal data is used only
 * with the person's consent to personalization.
 */
export class RecommendationService {
  #strategies: { readonly table: StrategyTable; readonly scorers: ScorerTable } | undefined;
  /** Named recommenders read for serving, per workspace, for RECOMMENDER_CACHE_MS; a change made here forgets them. */
  readonly #recommenders = new Map<string, { at: number; views: Promise<RecommenderView[]> }>();

  constructor(private readonly o: RecommendationServiceOptions) {}

  /** The strategies of product signals and of trained models, built once. */
  get #built(): { readonly table: StrategyTable; readonly scorers: ScorerTable } {
    if (this.#strategies === undefined) {
      const models = this.o.modelStrategies?.();
      this.#strategies = { table: { ...signalStrategies, ...models?.strategies }, scorers: models?.scorers ?? {} };
    }
    return this.#strategies;
  }

  /**
   * `known.person`: the person when the caller has read them already (a decision that asks several recommenders), so
   * that they are not read again; null for nobody.
   */
  async recommend(workspaceId: string, query: RecommendationQuery | AdminRecommendationQuery, known: { readonly person?: Person | null } = {}): Promise<Result<RecommendationsView, RecommendationFailure>> {
    const { clock } = this.o;
    let recommender: Pick<RecommenderView, 'strategy' | 'params' | 'rules' | 'fallback'> & { readonly name: string | null } | undefined;
    const draft = 'draft' in query ? query.draft : undefined;
    if (draft !== undefined) {
      // A preview of a recommender being edited: as it would answer once saved, under no name yet.
      recommender = { name: null, strategy: draft.strategy, params: draft.params ?? {}, rules: draft.rules ?? {}, fallback: draft.fallback === undefined ? 'popular' : draft.fallback };
    } else if (query.recommender !== undefined) {
      recommender = await this.#recommender(workspaceId, query.recommender);
      if (recommender === undefined) return err({ reason: 'unknown_recommender', name: query.recommender });
    }
    const strategy = draft?.strategy ?? query.strategy ?? recommender?.strategy;
    if (strategy === undefined) return err({ reason: 'no_strategy' });
    const limit = query.limit ?? 10;
    const rules = recommender?.rules ?? {};
    const [person, catalog] = await Promise.all([known.person !== undefined ? (known.person ?? undefined) : this.#person(workspaceId, query), this.o.catalog.products(workspaceId)]);
    let modelVersion: number | null = null;
    const ctx: StrategyContext = {
      ...this.#context(workspaceId, person, catalog, { itemIds: query.itemIds ?? [], params: recommender?.params ?? {}, category: query.category }),
      noteModel: (version) => {
        modelVersion = version;
      },
    };
    const personal = personalStrategies.includes(strategy);
    // Without consent to personalization, a personal strategy answers as the non-personalized fallback does.
    const used: RecommendationStrategy = personal && person?.personalize !== true ? 'popular' : strategy;
    const want = (limit + (rules.pinned?.length ?? 0)) * OVERFETCH;
    const { table } = this.#built;
    let candidates = (await table[used]?.(ctx, want)) ?? [];
    const purchased = person?.personalize ? await this.#purchased(person) : undefined;
    const inputs = { rules, limit, purchased, exclude: new Set(ctx.itemIds), now: clock.now(), products: catalog };
    let items = applyRules(candidates, inputs);
    let fallback = false;
    const fallbackStrategy = recommender === undefined ? 'popular' : recommender.fallback;
    if (items.length < limit && fallbackStrategy !== null && fallbackStrategy !== used) {
      const more = (await table[fallbackStrategy]?.({ ...ctx, params: {} }, want)) ?? [];
      const have = new Set(candidates.map((c) => c.productId));
      // The fallback's items come after the strategy's: their scores are scaled below the lowest kept.
      const floor = Math.min(...items.map((i) => i.score), 1);
      const best = Math.max(...more.map((c) => c.score), 1e-9);
      const extra: Candidate[] = more.filter((c) => !have.has(c.productId)).map((c) => ({ ...c, score: (floor * 0.5 * c.score) / best }));
      candidates = [...candidates, ...extra];
      const refilled = applyRules(candidates, inputs);
      fallback = refilled.some((i) => extra.some((e) => e.productId === i.productId));
      items = refilled;
    }
    return ok({
      recommender: recommender?.name ?? null,
      strategy: used,
      fallback,
      personalized: person?.personalize === true && personal,
      modelVersion,
      items: items.map((i) => {
        // applyRules kept only products of this map, read in the same turn: every item is in it.
        const p = catalog.get(i.productId)!;
        return { productId: p.id, score: Math.round(i.score * 1e6) / 1e6, name: p.name, category: p.category, price: p.price, currency: p.currency, imageUrl: p.imageUrl, url: p.url, reason: i.reason };
      }),
    });
  }

  /**
   * How much a named recommender's model likes each of the given products for a person (a page of products a sort
   * placement orders): every product on the page is scored, not only those that make the recommender's top list.
   * Undefined when its strategy only lists (popular, recently viewed…), when the person does not consent to
   * personalization, or when the model has too little of their history: the caller uses `recommend` instead.
   */
  async scoreItems(workspaceId: string, name: string, person: Person | null, productIds: readonly string[]): Promise<ReadonlyMap<string, number> | undefined> {
    if (person?.personalize !== true) return undefined;
    const recommender = await this.#recommender(workspaceId, name);
    const scorer = recommender === undefined ? undefined : this.#built.scorers[recommender.strategy];
    if (recommender === undefined || scorer === undefined) return undefined;
    const catalog = await this.o.catalog.products(workspaceId);
    const { params, rules } = recommender;
    const scores = await scorer(this.#context(workspaceId, person, catalog, { itemIds: productIds, params, category: undefined }), productIds);
    if (scores === undefined) return undefined;
    // The recommender's filters and boosts hold here as in its lists: a product they leave out is not scored.
    const inputs = { rules, limit: productIds.length, purchased: await this.#purchased(person), exclude: new Set<string>(), now: this.o.clock.now(), products: catalog };
    const kept = new Map<string, number>();
    for (const [id, score] of scores) {
      const p = catalog.get(id);
      if (p !== undefined && passes(p, inputs)) kept.set(id, score * boostFactor(p, rules));
    }
    return kept;
  }

  /** Loads the newest models at the next request instead of within 30 s. */
  forgetModels(): void {
    this.o.forgetModels?.();
  }

  async list(workspaceId: string): Promise<RecommenderView[]> {
    return (await this.o.repos.recommendations.recommenders(this.o.database.kysely, workspaceId)).map(recommenderView);
  }

  async get(workspaceId: string, idOrName: string): Promise<RecommenderView | undefined> {
    const row = await this.o.repos.recommendations.recommender(this.o.database.kysely, workspaceId, idOrName);
    return row === undefined ? undefined : recommenderView(row);
  }

  async create(workspaceId: string, body: CreateRecommenderBody): Promise<Result<RecommenderView, RecommendationFailure>> {
    const db = this.o.database.kysely;
    if ((await this.o.repos.recommendations.recommender(db, workspaceId, body.name)) !== undefined) return err({ reason: 'name_taken' });
    const now = this.o.clock.now();
    const row: RecommenderRow = {
      workspace_id: workspaceId,
      id: uuidv7(now),
      name: body.name,
      description: body.description ?? '',
      strategy: body.strategy,
      params: JSON.stringify(body.params ?? {}),
      rules: JSON.stringify(body.rules ?? {}),
      fallback: body.fallback === undefined ? 'popular' : body.fallback,
      created_at: now,
      updated_at: now,
    };
    await this.o.repos.recommendations.insertRecommender(db, row);
    this.#recommenders.delete(workspaceId);
    return ok(recommenderView(row));
  }

  async update(workspaceId: string, idOrName: string, body: UpdateRecommenderBody): Promise<Result<RecommenderView, RecommendationFailure>> {
    const db = this.o.database.kysely;
    const row = await this.o.repos.recommendations.recommender(db, workspaceId, idOrName);
    if (row === undefined) return err({ reason: 'not_found' });
    await this.o.repos.recommendations.updateRecommender(db, workspaceId, row.id, {
      ...(body.description === undefined ? {} : { description: body.description }),
      ...(body.strategy === undefined ? {} : { strategy: body.strategy }),
      ...(body.params === undefined ? {} : { params: JSON.stringify(body.params) }),
      ...(body.rules === undefined ? {} : { rules: JSON.stringify(body.rules) }),
      ...(body.fallback === undefined ? {} : { fallback: body.fallback }),
      updated_at: this.o.clock.now(),
    });
    this.#recommenders.delete(workspaceId);
    return ok((await this.get(workspaceId, row.id))!);
  }

  async delete(workspaceId: string, idOrName: string): Promise<boolean> {
    const db = this.o.database.kysely;
    const row = await this.o.repos.recommendations.recommender(db, workspaceId, idOrName);
    this.#recommenders.delete(workspaceId);
    return row !== undefined && this.o.repos.recommendations.deleteRecommender(db, workspaceId, row.id);
  }

  /**
   * The person as strategies see them, from a profile already read: what they viewed, added and bought is read when a
   * strategy first asks.
   */
  personOf(workspaceId: string, profile: ProfileState, personalize: boolean): Person {
    let products: Promise<PersonProduct[]> | undefined;
    return { profile, personalize, products: () => (products ??= this.o.repos.profileProducts.ofProfile(this.o.database.kysely, workspaceId, profile.id)), memo: new Map() };
  }

  /** What a strategy works from, for a request. */
  #context(workspaceId: string, person: Person | undefined, catalog: ReadonlyMap<string, CatalogEntry>, request: Pick<StrategyContext, 'itemIds' | 'params' | 'category'>): StrategyContext {
    const { database, repos, clock } = this.o;
    return { database, repos, clock, workspaceId, person, ...request, catalog, productName: (id) => catalog.get(id)?.name ?? id };
  }

  /** A named recommender by id or name, from the copy in memory, parsed once (read again after RECOMMENDER_CACHE_MS). */
  async #recommender(workspaceId: string, idOrName: string): Promise<RecommenderView | undefined> {
    const now = this.o.clock.now();
    let cached = this.#recommenders.get(workspaceId);
    if (cached === undefined || now - cached.at >= RECOMMENDER_CACHE_MS) {
      cached = { at: now, views: this.o.repos.recommendations.recommenders(this.o.database.kysely, workspaceId).then((rows) => rows.map(recommenderView)) };
      this.#recommenders.set(workspaceId, cached);
      cached.views.catch(() => this.#recommenders.delete(workspaceId));
    }
    return (await cached.views).find((r) => r.id === idOrName || r.name === idOrName);
  }

  async #person(workspaceId: string, query: RecommendationQuery): Promise<Person | undefined> {
    const { profiles } = this.o;
    const row = (query.userId === undefined ? undefined : await profiles.find(workspaceId, query.userId, 'userId')) ?? (query.anonymousId === undefined ? undefined : await profiles.find(workspaceId, query.anonymousId, 'anonymousId'));
    if (row === undefined) return undefined;
    const profile = profileFromRow(row);
    const { purposes } = (await this.o.workspaces.get(workspaceId)).settings;
    return this.personOf(workspaceId, profile, isGranted(profile.consent, 'personalization', purposes));
  }

  async #purchased(person: Person): Promise<Map<string, number>> {
    const rows = await person.products();
    const purchased = new Map<string, number>();
    for (const r of rows) if (r.purchases > 0 && r.last_purchased_at !== null) purchased.set(r.product_id, r.last_purchased_at);
    return purchased;
  }
}
