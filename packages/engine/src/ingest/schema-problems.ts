import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

/** A compiled check of a JSON schema that reports one problem per path. */
export interface SchemaCheck {
  check(value: unknown): boolean;
  problems(value: unknown): SchemaProblem[];
}

/**
 * Compiles a schema. A union reports each of its branches' complaints at the same path; they are folded into one
 * message ("must be string or must be number").
 */
export function compileSchema(schema: TSchema): SchemaCheck {
  const validator = Compile(schema);
  return {
    check: (value) => validator.Check(value),
    problems: (value) => {
      const byPath = new Map<string, string[]>();
      for (const e of validator.Errors(value)) {
        if (e.keyword === 'anyOf') continue;
        const list = byPath.get(e.instancePath) ?? [];
        if (!list.includes(e.message)) list.push(e.message);
        byPath.set(e.instancePath, list);
      }
      return [...byPath].map(([path, messages]) => ({ path, message: messages.join(' or ') }));
    },
  };
}
