import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { pointerSegment } from './safe-json.js';

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
      const add = (path: string, message: string) => {
        const list = byPath.get(path) ?? [];
        if (!list.includes(message)) list.push(message);
        byPath.set(path, list);
      };
      for (const e of validator.Errors(value)) {
        const params = e.params as { requiredProperties?: string[]; additionalProperties?: string[] };
        // Point at the missing or unexpected field itself, not at the object that should (not) hold it.
        if (e.keyword === 'required' && params.requiredProperties) for (const p of params.requiredProperties) add(`${e.instancePath}/${pointerSegment(p)}`, 'is required');
        else if (e.keyword === 'additionalProperties' && params.additionalProperties) for (const p of params.additionalProperties) add(`${e.instancePath}/${pointerSegment(p)}`, 'is not allowed');
        else if (e.keyword !== 'anyOf' && !(e.keyword === 'boolean' && e.schemaPath.endsWith('/additionalProperties'))) add(e.instancePath, e.message);
      }
      return [...byPath].map(([path, messages]) => ({ path, message: messages.join(' or ') }));
    },
  };
}
