import type { RecommendationReason, RecommendationStrategy, StrategyParams } from '@rapport/contracts';
import type { Clock } from '@rapport/core';
import type { Database, ProfileProductRow, Repositories } from '@rapport/storage';
import type { CatalogEntry } from '../../catalog/index.js';
import type { ProfileState } from '../../profiles/index.js';

/** A product a strategy proposes, with its score (higher first) and why. */
export interface Candidate {
  readonly productId: string;
  score: number;
  reason: RecommendationReason;
}

/** A person's row of one product: views, adds to cart and purchases, and when each last happened. */
export type PersonProduct = Omit<ProfileProductRow, 'workspace_id' | 'profile_id'>;

/** The person a request is for, when known, and whether their data may be used to personalize. */
export interface Person {
  readonly profile: ProfileState;
  /** Consent to personalization: without it, personal strategies answer as popular does. */
  readonly personalize: boolean;
  /** What the person viewed, added and bought, product by product (in no order): read once per request, when first asked. */
  products(): Promise<readonly PersonProduct[]>;
  /** Work on the person that strategies of the same request share (a model's scores of their history). */
  readonly memo: Map<string, unknown>;
}

/** What a strategy works from. */
export interface StrategyContext {
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly workspaceId: string;
  readonly person: Person | undefined;
  /** The product viewed, or the cart. */
  readonly itemIds: readonly string[];
  readonly params: StrategyParams;
  /** A category the request or the recommender names. */
  readonly category: string | undefined;
  /** The workspace's catalog (in memory, shared by every request: read only). */
  readonly catalog: ReadonlyMap<string, CatalogEntry>;
  /** A product's name for sentences ("Often bought with Earl Grey"); its id when the catalog does not know it. */
  productName(id: string): string;
  /** A strategy that answers from a trained model tells its version (shown with the list). */
  noteModel?(version: number): void;
}

/** A strategy: up to `n` candidates, best first. */
export type Strategy = (ctx: StrategyContext, n: number) => Promise<Candidate[]>;

/** The strategy whose name is given, among those registered (some are added by trained models). */
export type StrategyTable = Partial<Record<RecommendationStrategy, Strategy>>;

/**
 * How much a strategy's model likes each of the products it is given (a page of products to sort), for the person:
 * only the products it has evidence for. Undefined when it cannot score them for this person: its list is used.
 */
export type ItemScorer = (ctx: StrategyContext, productIds: readonly string[]) => Promise<ReadonlyMap<string, number> | undefined>;

/** The strategies that can score given products. */
export type ScorerTable = Partial<Record<RecommendationStrategy, ItemScorer>>;
