import type { ErrorCode } from '@rapport/contracts';

/** One thing wrong with a JSON value, with where it is. */
export interface JsonProblem {
  readonly code: ErrorCode;
  /** JSON Pointer (RFC 6901) relative to the value checked. */
  readonly path: string;
  readonly message: string;
}

export interface SafeJsonLimits {
  /** Deepest nesting of objects and arrays allowed; the value itself is depth 1. */
  readonly maxDepth: number;
  /** Stop after this many problems: one is enough to reject, a few help the sender. */
  readonly maxProblems?: number;
  /**
   * Whether to look for NUL characters and lone surrogates (default true). A value parsed from valid UTF-8 can only
   * hold them through `\u` escapes, so a caller that saw none in the text can skip the check.
   */
  readonly checkStrings?: boolean;
}

/** Escapes a key for a JSON Pointer. */
export function pointerSegment(key: string | number): string {
  return typeof key === 'number' ? String(key) : key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function hasBadCharacters(s: string): boolean {
  return s.includes('\u0000') || !s.isWellFormed();
}

/**
 * Finds what cannot be stored or read back safely in a parsed JSON value:
 * - `__proto__` keys, and `constructor` keys holding a `prototype` (what secure-json-parse refuses), which change
 *   the prototype of objects that code later builds from the value;
 * - NUL characters and lone UTF-16 surrogates in keys or strings (PostgreSQL cannot store them; they are not text);
 * - integers beyond ±(2^53 − 1), whose digits JSON.parse has already lost (and numbers beyond a double's range);
 * - nesting deeper than `maxDepth` (the walk stops there, so it never overflows the stack).
 * It runs on every event, so it keeps the path as a stack of keys and spells it out only for a problem.
 */
export function findJsonProblems(value: unknown, limits: SafeJsonLimits): JsonProblem[] {
  const problems: JsonProblem[] = [];
  const maxProblems = limits.maxProblems ?? 10;
  const checkStrings = limits.checkStrings ?? true;
  const keys: (string | number)[] = [];
  const here = (last?: string | number): string => [...keys, ...(last === undefined ? [] : [last])].map((k) => `/${pointerSegment(k)}`).join('');
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      if (checkStrings && hasBadCharacters(v)) problems.push({ code: 'ERR_INGEST_INVALID_STRING', path: here(), message: 'string contains a NUL character or a lone surrogate' });
      return;
    }
    if (typeof v === 'number') {
      // JSON.parse reads 1e400 as Infinity, which JSON.stringify would store as null: an integer beyond range too.
      if (!Number.isSafeInteger(v) && (Number.isInteger(v) || !Number.isFinite(v))) {
        problems.push({ code: 'ERR_INGEST_UNSAFE_INTEGER', path: here(), message: 'integer beyond ±(2^53 − 1) loses digits in JSON; send it as a string' });
      }
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (depth > limits.maxDepth) {
      problems.push({ code: 'ERR_INGEST_TOO_DEEP', path: here(), message: `nested deeper than ${limits.maxDepth} levels` });
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && problems.length < maxProblems; i++) {
        keys.push(i);
        walk(v[i], depth + 1);
        keys.pop();
      }
      return;
    }
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      const child = (v as Record<string, unknown>)[key];
      if (key === '__proto__') {
        problems.push({ code: 'ERR_INGEST_FORBIDDEN_KEY', path: here(key), message: '"__proto__" is not allowed as a key' });
      } else if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) {
        problems.push({ code: 'ERR_INGEST_FORBIDDEN_KEY', path: here(key), message: '"constructor" holding "prototype" is not allowed' });
      } else if (checkStrings && hasBadCharacters(key)) {
        problems.push({ code: 'ERR_INGEST_INVALID_STRING', path: here(key), message: 'key contains a NUL character or a lone surrogate' });
      } else {
        keys.push(key);
        walk(child, depth + 1);
        keys.pop();
      }
      if (problems.length >= maxProblems) return;
    }
  };
  walk(value, 1);
  return problems;
}

/**
 * JSON.stringify without recursion, for a value from JSON.parse (plain objects, arrays, primitives). V8's
 * JSON.stringify throws at a few thousand levels of nesting, which a 20 KiB body reaches; a refused payload must still
 * be kept.
 */
export function stringifyDeep(value: unknown): string {
  const out: string[] = [];
  // Pending work, last first: text to write as is, or a value to write.
  const stack: ({ readonly text: string } | { readonly value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if ('text' in task) {
      out.push(task.text);
      continue;
    }
    const v = task.value;
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v) ?? 'null');
      continue;
    }
    const array = Array.isArray(v);
    const entries: [string, unknown][] = array ? v.map((x, i) => [String(i), x]) : Object.entries(v).filter(([, x]) => x !== undefined);
    stack.push({ text: array ? ']' : '}' });
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ value: child });
      if (!array) stack.push({ text: `${JSON.stringify(key)}:` });
      if (i > 0) stack.push({ text: ',' });
    }
    stack.push({ text: array ? '[' : '{' });
  }
  return out.join('');
}
