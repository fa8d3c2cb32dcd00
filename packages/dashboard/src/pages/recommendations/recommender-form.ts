import type { AdminRecommendationQuery, CreateRecommenderBody, RecommendationRules, RecommendationStrategy, RecommenderView, StrategyParams, UpdateRecommenderBody } from '@rapport/contracts';

/** Number fields hold '' while empty: empty means "not set" (the API's default). */
export type NumberField = number | string;

/**
 * The editor's values, shaped like the request body so that an error of the API at `/rules/price/min` lands next to
 * the field `rules.price.min`. `on` of excludePurchased is the form's switch; it is not sent.
 */
export interface RecommenderForm {
  name: string;
  description: string;
  strategy: RecommendationStrategy;
  params: { days: NumberField; category: string; minSupport: NumberField; minConfidence: NumberField; minLift: NumberField };
  rules: {
    excludePurchased: { on: boolean; days: NumberField; exceptCategories: string[] };
    inStockOnly: boolean;
    includeCategories: string[];
    excludeCategories: string[];
    price: { min: NumberField; max: NumberField };
    maxPerCategory: NumberField;
    boost: { match: { categories: string[]; tags: string[]; productIds: string[] }; factor: NumberField }[];
    pinned: { productId: string; position: NumberField }[];
  };
  /** 'none': no fallback (null in the API). */
  fallback: RecommendationStrategy | 'none';
}

export const emptyForm: RecommenderForm = {
  name: '',
  description: '',
  strategy: 'popular',
  params: { days: '', category: '', minSupport: '', minConfidence: '', minLift: '' },
  rules: {
    excludePurchased: { on: false, days: 90, exceptCategories: [] },
    inStockOnly: true,
    includeCategories: [],
    excludeCategories: [],
    price: { min: '', max: '' },
    maxPerCategory: '',
    boost: [],
    pinned: [],
  },
  fallback: 'popular',
};

const num = (v: NumberField): number | undefined => (v === '' ? undefined : Number(v));
const field = (v: number | undefined | null): NumberField => (v === undefined || v === null ? '' : v);
/** Only the keys whose value is set, so that the body holds no `undefined` and the API its defaults. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** A saved recommender as the editor's values. */
export function formOf(r: RecommenderView): RecommenderForm {
  const rules = r.rules;
  return {
    name: r.name,
    description: r.description,
    strategy: r.strategy,
    params: { days: field(r.params.days), category: r.params.category ?? '', minSupport: field(r.params.minSupport), minConfidence: field(r.params.minConfidence), minLift: field(r.params.minLift) },
    rules: {
      excludePurchased:
        rules.excludePurchased === undefined
          ? { ...emptyForm.rules.excludePurchased }
          : { on: true, days: rules.excludePurchased.days === null ? '' : field(rules.excludePurchased.days ?? 90), exceptCategories: [...(rules.excludePurchased.exceptCategories ?? [])] },
      inStockOnly: rules.inStockOnly ?? true,
      includeCategories: [...(rules.includeCategories ?? [])],
      excludeCategories: [...(rules.excludeCategories ?? [])],
      price: { min: field(rules.price?.min), max: field(rules.price?.max) },
      maxPerCategory: field(rules.maxPerCategory),
      boost: (rules.boost ?? []).map((b) => ({ match: { categories: [...(b.match.categories ?? [])], tags: [...(b.match.tags ?? [])], productIds: [...(b.match.productIds ?? [])] }, factor: b.factor })),
      pinned: (rules.pinned ?? []).map((p) => ({ productId: p.productId, position: p.position })),
    },
    fallback: r.fallback ?? 'none',
  };
}

/** The rules of the form as the API takes them: only what differs from the defaults. */
export function rulesOf(v: RecommenderForm['rules']): RecommendationRules {
  const rules: RecommendationRules = {};
  if (v.excludePurchased.on) {
    // An empty number of days: whatever the person ever bought.
    rules.excludePurchased = { days: num(v.excludePurchased.days) ?? null, ...(v.excludePurchased.exceptCategories.length > 0 ? { exceptCategories: v.excludePurchased.exceptCategories } : {}) };
  }
  if (!v.inStockOnly) rules.inStockOnly = false;
  if (v.includeCategories.length > 0) rules.includeCategories = v.includeCategories;
  if (v.excludeCategories.length > 0) rules.excludeCategories = v.excludeCategories;
  const price = defined({ min: num(v.price.min), max: num(v.price.max) });
  if (Object.keys(price).length > 0) rules.price = price;
  const maxPerCategory = num(v.maxPerCategory);
  if (maxPerCategory !== undefined) rules.maxPerCategory = maxPerCategory;
  if (v.boost.length > 0) {
    rules.boost = v.boost.map((b) => ({
      match: defined({
        categories: b.match.categories.length > 0 ? b.match.categories : undefined,
        tags: b.match.tags.length > 0 ? b.match.tags : undefined,
        productIds: b.match.productIds.length > 0 ? b.match.productIds : undefined,
      }),
      // The API says what is wrong with a missing factor, next to the field.
      factor: num(b.factor) ?? Number.NaN,
    }));
  }
  if (v.pinned.length > 0) rules.pinned = v.pinned.map((p) => ({ productId: p.productId, position: num(p.position) ?? Number.NaN }));
  return rules;
}

export function paramsOf(v: RecommenderForm['params']): StrategyParams {
  return defined({ days: num(v.days), category: v.category.trim() || undefined, minSupport: num(v.minSupport), minConfidence: num(v.minConfidence), minLift: num(v.minLift) });
}

/** The body of POST /api/v1/recommenders. */
export function createBodyOf(v: RecommenderForm): CreateRecommenderBody {
  return { name: v.name.trim(), description: v.description, strategy: v.strategy, params: paramsOf(v.params), rules: rulesOf(v.rules), fallback: v.fallback === 'none' ? null : v.fallback };
}

/** A recommender as the form holds it, for the preview (`draft` of POST /api/v1/recommendations). */
export type RecommenderDraft = NonNullable<AdminRecommendationQuery['draft']>;

/** The form as a draft to preview: what a saved recommender would do, without its name and description. */
export function draftOf(v: RecommenderForm): RecommenderDraft {
  const { name: _name, description: _description, ...draft } = createBodyOf(v);
  return draft;
}

/** The body of PATCH /api/v1/recommenders/{name}: everything but the name, which does not change. */
export function updateBodyOf(v: RecommenderForm): UpdateRecommenderBody {
  const { name: _name, ...rest } = createBodyOf(v);
  return rest;
}

/** The form's input paths (`rules.price.min`, `rules.boost.0.factor`): the API's errors for them go next to them. */
export function inputPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [prefix];
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => inputPaths(v, prefix === '' ? k : `${prefix}.${k}`));
}
