import type { InteractionMatrix } from './interactions.js';
import { storedParams, type ParamSpec } from './params.js';
import { checkUser, noUsers, recommendFromScores, rowOf, type Params, type Recommender, type SnapshotOptions, type UserRow } from './recommender.js';
import { snapshotArray, type ModelSnapshot } from './snapshot.js';
import type { ScoredItem } from './top-k.js';

/**
 * The most popular items: by number of distinct users, each counted once whatever they bought how often (so that a
 * wholesaler's hundred orders of one item do not outweigh a hundred customers). With a half-life, a user counts
 * 2^(−age / half-life), age being that of their latest event on the item: what sells now.
 */
export type PopularParams = {
  /** Half-life in days; 0 counts every user fully. */
  readonly halfLifeDays: number;
};

export const popularParamSpec: ParamSpec<PopularParams> = { defaults: { halfLifeDays: 0 } };

const DAY = 86_400;

/** Distinct users per item, each weighted by the decay of their latest event on it. */
export function popularity(m: InteractionMatrix, halfLifeDays: number): Float64Array {
  const scores = new Float64Array(m.itemIds.length);
  for (let p = 0; p < m.items.length; p++) {
    const latest = m.eventTimes[m.eventStart[p + 1]! - 1]!;
    scores[m.items[p]!]! += halfLifeDays > 0 ? Math.pow(2, -(m.latestTime - latest) / (halfLifeDays * DAY)) : 1;
  }
  return scores;
}

/** The same list for everyone (but for the items they already have). */
export class PopularModel implements Recommender {
  readonly algorithm = 'popular' as const;
  readonly #scores: Float32Array;
  readonly #users: { start: Int32Array; index: Int32Array; values: Float32Array };

  constructor(
    readonly params: Params,
    readonly itemIds: readonly string[],
    readonly userIds: readonly string[],
    parts: { scores: Float32Array; users: { start: Int32Array; index: Int32Array; values: Float32Array } },
  ) {
    this.#scores = parts.scores;
    this.#users = parts.users;
  }

  userRow(user: number): UserRow {
    return rowOf(this.#users.start, this.#users.index, this.#users.values, user);
  }

  scoreItems(user: number): Float64Array {
    checkUser(this, user);
    return Float64Array.from(this.#scores);
  }

  scoreHistory(): Float64Array {
    return Float64Array.from(this.#scores);
  }

  recommend(user: number, k: number, exclude?: ReadonlySet<number>): ScoredItem[] {
    return recommendFromScores(this, user, k, exclude);
  }

  toSnapshot(options: SnapshotOptions = {}): ModelSnapshot {
    const keepUsers = options.users ?? true;
    const users = keepUsers ? this.#users : noUsers;
    return {
      format: 1,
      algorithm: 'popular',
      params: this.params,
      itemIds: this.itemIds,
      userIds: keepUsers ? this.userIds : [],
      numbers: {},
      arrays: { scores: this.#scores, userStart: users.start, userItems: users.index, userValues: users.values },
      parts: {},
    };
  }
}

export function fitPopular(m: InteractionMatrix, params: PopularParams = popularParamSpec.defaults): PopularModel {
  return new PopularModel({ ...params }, m.itemIds, m.userIds, {
    scores: Float32Array.from(popularity(m, params.halfLifeDays)),
    users: { start: m.rowStart, index: m.items, values: Float32Array.from(m.weights) },
  });
}

export function popularFromSnapshot(s: ModelSnapshot): PopularModel {
  return new PopularModel(storedParams(popularParamSpec, s.params), s.itemIds, s.userIds, {
    scores: snapshotArray(s, 'scores', Float32Array),
    users: { start: snapshotArray(s, 'userStart', Int32Array), index: snapshotArray(s, 'userItems', Int32Array), values: snapshotArray(s, 'userValues', Float32Array) },
  });
}
