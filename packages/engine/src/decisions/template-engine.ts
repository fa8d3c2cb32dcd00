import { Liquid, type Template } from 'liquidjs';

/** Limits of one field's rendering: time, renders of tags and outputs (bounds loops), allocations, and output. */
export const TEMPLATE_LIMITS = { renderMs: 50, renders: 10_000, memory: 1_000_000, outputChars: 10_000, parseChars: 10_000 } as const;

/** A parsed template, kept with its placement so that requests do not parse it again. */
export type ParsedTemplate = Template[];

/** Why a template could not be parsed or rendered, in words a marketer can act on. */
export interface TemplateProblem {
  readonly message: string;
}

/**
 * Liquid for content fields, sandboxed: templates cannot include, render or lay out other templates (there are no
 * files to read: the lookup table is empty), see only the objects of their scope (own properties, no prototype), and
 * each render is bounded in time, in renders (so `{% for %}` over `(1..1000000)` stops) and in allocations; the output
 * is bounded after rendering. Unknown filters are errors at parse time, so a typo is caught when the placement is
 * saved rather than shown to customers.
 */
export class TemplateEngine {
  readonly #liquid = new Liquid({
    templates: {},
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    parseLimit: TEMPLATE_LIMITS.parseChars,
    renderLimit: TEMPLATE_LIMITS.renderMs,
    memoryLimit: TEMPLATE_LIMITS.memory,
    cache: false,
  });

  constructor() {
    // Refused when the template is parsed, with a message that says why, rather than as a failed lookup when shown.
    for (const name of ['include', 'render', 'layout']) {
      this.#liquid.registerTag(name, {
        parse() {
          throw new Error(`{% ${name} %} is not available: a content field cannot read other templates or files`);
        },
        *render() {},
      });
    }
  }

  parse(source: string): { ok: true; template: ParsedTemplate } | { ok: false; problem: TemplateProblem } {
    try {
      return { ok: true, template: this.#liquid.parse(source) };
    } catch (e) {
      return { ok: false, problem: { message: firstLine(e) } };
    }
  }

  /** Renders a parsed template in a scope; the output is text, never HTML to insert (the SDK sets it as text). */
  async render(template: ParsedTemplate, scope: object): Promise<{ ok: true; text: string } | { ok: false; problem: TemplateProblem }> {
    try {
      const text: unknown = await this.#liquid.render(template, scope, { templateLimit: TEMPLATE_LIMITS.renders, renderLimit: TEMPLATE_LIMITS.renderMs, memoryLimit: TEMPLATE_LIMITS.memory });
      const out = String(text);
      if (out.length > TEMPLATE_LIMITS.outputChars) return { ok: false, problem: { message: `the output is longer than ${TEMPLATE_LIMITS.outputChars} characters` } };
      return { ok: true, text: out };
    } catch (e) {
      return { ok: false, problem: { message: firstLine(e) } };
    }
  }
}

/** The first line of a Liquid error: the message with its line and column, without the excerpt of the template. */
function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return (message.split('\n', 1)[0] ?? message).slice(0, 300);
}

/**
 * Renders every field of a content (field name → parsed template) in one scope: the texts, or the first field that
 * failed and why (`title: memory alloc limit exceeded`).
 */
export async function renderFields(templates: TemplateEngine, fields: ReadonlyMap<string, ParsedTemplate>, scope: object): Promise<Record<string, string> | string> {
  const out: Record<string, string> = {};
  for (const [field, template] of fields) {
    const r = await templates.render(template, scope);
    if (!r.ok) return `${field}: ${r.problem.message}`;
    out[field] = r.text;
  }
  return out;
}
