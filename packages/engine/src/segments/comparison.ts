import { durationUnitMs, type ComparisonOperator, type ComparisonValue, type Duration, type ValueType } from '@rapport/contracts';
import { parseRuleTime, versionKey } from '@rapport/core';

/**
 * A comparison of a rule, resolved once from its operator, value and the type of what it reads. Both the JavaScript
 * evaluator and the SQL compiler work from this form, so they cannot read an operator differently. `negate` turns a
 * comparison into its exact negation (`neq`, `not_in`, `not_contains`, `not_exists`): a missing value is "not equal".
 */
export type Comparison =
  | { readonly kind: 'exists'; readonly negate: boolean }
  | { readonly kind: 'equals'; readonly negate: boolean; readonly values: readonly (string | number | boolean)[] }
  | { readonly kind: 'number'; readonly op: RangeOp; readonly a: number; readonly b: number }
  | { readonly kind: 'version'; readonly op: RangeOp; readonly a: string; readonly b: string }
  | { readonly kind: 'versions'; readonly negate: boolean; readonly keys: readonly string[] }
  | { readonly kind: 'text'; readonly negate: boolean; readonly test: 'contains' | 'starts_with' | 'ends_with'; readonly part: string }
  | { readonly kind: 'time'; readonly test: 'before' | 'after'; readonly at: number }
  | { readonly kind: 'recent'; readonly test: 'within_last' | 'more_than_ago'; readonly ms: number };

export type RangeOp = 'gt' | 'gte' | 'lt' | 'lte' | 'between';

/** What is wrong with a comparison, for the validator to place at a path. */
export interface ComparisonProblem {
  readonly field: 'op' | 'value';
  readonly message: string;
  readonly expected: string;
}

export function durationMs(d: Duration): number {
  return d.amount * durationUnitMs[d.unit];
}

function isDuration(v: unknown): v is Duration {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Duration).amount === 'number' && typeof (v as Duration).unit === 'string';
}

const scalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Resolves `op value` against a value of `type` ('any' for traits and event properties, whose type the value
 * decides). Returns the comparison or what is wrong.
 */
export function resolveComparison(op: ComparisonOperator, value: ComparisonValue | undefined, type: ValueType): Comparison | ComparisonProblem {
  const needs = (expected: string): ComparisonProblem => ({ field: 'value', message: `${op} needs ${expected}`, expected });
  switch (op) {
    case 'exists':
    case 'not_exists':
      if (value !== undefined) return { field: 'value', message: `${op} takes no value`, expected: 'no value' };
      return { kind: 'exists', negate: op === 'not_exists' };
    case 'eq':
    case 'neq':
    case 'in':
    case 'not_in': {
      const list = op === 'in' || op === 'not_in' ? value : [value];
      if (!Array.isArray(list) || list.length === 0 || !list.every(scalar)) return needs(op === 'in' || op === 'not_in' ? 'a non-empty list of strings or numbers' : 'a string, a number or a boolean');
      if (type === 'date') return { field: 'op', message: `dates are compared with before, after, within_last or more_than_ago`, expected: 'before, after, within_last, more_than_ago, exists' };
      if (type === 'number' && !list.every((v) => typeof v === 'number')) return needs('numbers');
      if ((type === 'string' || type === 'version') && !list.every((v) => typeof v === 'string')) return needs('strings');
      if (type === 'boolean' && !list.every((v) => typeof v === 'boolean')) return needs('true or false');
      if (type === 'version') {
        const keys = list.map((v) => versionKey(String(v)));
        if (keys.some((k) => k === null)) return needs('versions such as "2.3.1"');
        return { kind: 'versions', negate: op === 'neq' || op === 'not_in', keys: keys as string[] };
      }
      return { kind: 'equals', negate: op === 'neq' || op === 'not_in', values: list };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'between': {
      const pair = op === 'between' ? value : [value, value];
      if (!Array.isArray(pair) || pair.length !== 2) return needs('a pair [low, high]');
      const [lo, hi] = pair;
      if (type === 'date') return { field: 'op', message: `dates are compared with before, after, within_last or more_than_ago`, expected: 'before, after, within_last, more_than_ago, exists' };
      if (typeof lo === 'number' && typeof hi === 'number' && type !== 'version' && type !== 'string' && type !== 'boolean') {
        if (lo > hi) return needs('a pair whose first number is not greater than the second');
        return { kind: 'number', op, a: lo, b: hi };
      }
      if (typeof lo === 'string' && typeof hi === 'string' && (type === 'version' || type === 'any')) {
        const a = versionKey(lo);
        const b = versionKey(hi);
        if (a === null || b === null) return needs('versions such as "2.3.1"');
        if (a > b) return needs('a pair whose first version is not greater than the second');
        return { kind: 'version', op, a, b };
      }
      return needs(type === 'version' ? 'a version such as "2.3.1"' : type === 'any' ? 'a number, or a version such as "2.3.1"' : 'a number');
    }
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with':
      if (type !== 'any' && type !== 'string' && type !== 'version') return { field: 'op', message: `${op} applies to text`, expected: 'an operator for this type' };
      if (typeof value !== 'string' || value === '') return needs('a non-empty string');
      return { kind: 'text', negate: op === 'not_contains', test: op === 'not_contains' ? 'contains' : op, part: value };
    case 'before':
    case 'after': {
      if (type !== 'any' && type !== 'date') return { field: 'op', message: `${op} applies to dates`, expected: 'an operator for this type' };
      const at = typeof value === 'string' ? parseRuleTime(value) : null;
      if (at === null) return needs('an ISO 8601 date or date-time ("2026-01-31" or "2026-01-31T12:00:00Z")');
      return { kind: 'time', test: op, at };
    }
    case 'within_last':
    case 'more_than_ago':
      if (type !== 'any' && type !== 'date') return { field: 'op', message: `${op} applies to dates`, expected: 'an operator for this type' };
      if (!isDuration(value)) return needs('a duration such as { "amount": 30, "unit": "days" }');
      return { kind: 'recent', test: op, ms: durationMs(value) };
  }
}

export function isComparison(c: Comparison | ComparisonProblem): c is Comparison {
  return 'kind' in c;
}

function inRange(op: RangeOp, x: number | string, a: number | string, b: number | string): boolean {
  switch (op) {
    case 'gt':
      return x > a;
    case 'gte':
      return x >= a;
    case 'lt':
      return x < a;
    case 'lte':
      return x <= a;
    case 'between':
      return x >= a && x <= b;
  }
}

/**
 * Applies a comparison to a value read from a profile or an event. `timeIsNumber`: the value is a time in Unix
 * milliseconds (features), not an ISO string (traits, properties).
 */
export function compareValue(c: Comparison, actual: unknown, now: number, timeIsNumber = false): boolean {
  switch (c.kind) {
    case 'exists':
      return (actual !== undefined && actual !== null) !== c.negate;
    case 'equals':
      return c.values.some((v) => typeof v === typeof actual && v === actual) !== c.negate;
    case 'number':
      return typeof actual === 'number' && inRange(c.op, actual, c.a, c.b);
    case 'version': {
      const key = typeof actual === 'string' ? versionKey(actual) : null;
      return key !== null && inRange(c.op, key, c.a, c.b);
    }
    case 'versions': {
      const key = typeof actual === 'string' ? versionKey(actual) : null;
      return (key !== null && c.keys.includes(key)) !== c.negate;
    }
    case 'text':
      return (typeof actual === 'string' && (c.test === 'contains' ? actual.includes(c.part) : c.test === 'starts_with' ? actual.startsWith(c.part) : actual.endsWith(c.part))) !== c.negate;
    case 'time':
    case 'recent': {
      const t = timeIsNumber ? (typeof actual === 'number' ? actual : null) : typeof actual === 'string' ? parseRuleTime(actual) : null;
      if (t === null) return false;
      if (c.kind === 'time') return c.test === 'before' ? t < c.at : t > c.at;
      return c.test === 'within_last' ? t >= now - c.ms && t <= now : t < now - c.ms;
    }
  }
}
