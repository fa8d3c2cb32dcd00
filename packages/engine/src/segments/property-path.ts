import type { PropertyFilter } from '@rapport/contracts';
import { resolveComparison, type Comparison } from './comparison.js';

/**
 * A property path of an event filter: `revenue`, `shipping.country`, or `products[].category` (any item of the array
 * `products` whose `category` matches; `tags[]` for the items themselves).
 */
export interface PropertyPath {
  /** The path of the array whose items are tested, when the filter has `[]`. */
  readonly array?: readonly string[];
  /** The path of the value (in each item, when `array` is set). */
  readonly path: readonly string[];
}

/** Characters a key of a path may not hold: the separators, and the quote that SQLite's JSON paths cannot escape. */
export const FORBIDDEN_KEY_CHARACTERS = /["\\]/;

/** Parses a property path; undefined when it is not one (empty keys, several `[]`, forbidden characters). */
export function parseProperty(text: string): PropertyPath | undefined {
  const parts = text.split('[]');
  if (parts.length > 2 || FORBIDDEN_KEY_CHARACTERS.test(text)) return undefined;
  const keys = (s: string): string[] | undefined => {
    if (s === '') return [];
    const k = s.split('.');
    return k.some((x) => x === '') ? undefined : k;
  };
  if (parts.length === 1) {
    const path = keys(parts[0]!);
    return path === undefined || path.length === 0 ? undefined : { path };
  }
  const array = keys(parts[0]!);
  const rest = parts[1]!;
  if (rest !== '' && !rest.startsWith('.')) return undefined;
  const path = keys(rest.slice(1));
  return array === undefined || array.length === 0 || path === undefined ? undefined : { array, path };
}

/** The comparison of a filter (validated: its operator and value fit). */
export function propertyComparison(filter: PropertyFilter): Comparison {
  return resolveComparison(filter.op, filter.value, 'any') as Comparison;
}

/**
 * The parts of an event's properties that some filters read: `true` for a whole value, or the keys read in it, with
 * `[]` for the items of an array. `products[].category` and `revenue` read `{ products: { '[]': { category: true } },
 * revenue: true }`.
 */
export type PropertyTree = true | { readonly [key: string]: PropertyTree };

const ITEMS = '[]';

/** The union of two trees: what either reads. */
export function mergeTrees(a: PropertyTree | undefined, b: PropertyTree): PropertyTree {
  if (a === undefined) return b;
  if (a === true || b === true) return true;
  const out: Record<string, PropertyTree> = { ...a };
  for (const [key, sub] of Object.entries(b)) out[key] = mergeTrees(out[key], sub);
  return out;
}

/** What a property path reads, as a tree. */
export function treeOf(path: PropertyPath): PropertyTree {
  const keys = path.array === undefined ? path.path : [...path.array, ITEMS, ...path.path];
  return keys.reduceRight<PropertyTree>((tree, key) => ({ [key]: tree }), true);
}

/**
 * Keeps of `value` what `tree` reads, so that a filter reading only those paths (see compileFilters and readPath)
 * finds the same there: objects keep the keys read, arrays the parts of their items read by `[]` (paths go into arrays
 * only so), other values are kept whole.
 */
export function projectProperties(value: unknown, tree: PropertyTree): unknown {
  if (tree === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = tree[ITEMS];
    // Paths only go into arrays by `[]`: without one, no filter reads this array's items.
    return items === undefined ? [] : value.map((item) => projectProperties(item, items));
  }
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(tree)) if (key !== ITEMS && Object.hasOwn(value, key)) out[key] = projectProperties((value as Record<string, unknown>)[key], sub);
  return out;
}
