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
