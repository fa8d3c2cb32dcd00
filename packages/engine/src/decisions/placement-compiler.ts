import { type ContentFields, type CreatePlacementBody, type Experience, type PlacementKind, type PlacementStatus } from '@rapport/contracts';
import { parseRuleTime, type ProblemDetail } from '@rapport/core';
import type { References } from './references.js';
import type { ParsedTemplate, TemplateEngine } from './template-engine.js';


/** A content's fields, parsed. */
export type CompiledContent = ReadonlyMap<string, ParsedTemplate>;

export interface CompiledVariant {
  readonly key: string;
  readonly weight: number;
  readonly content: CompiledContent;
}

export interface CompiledExperience {
  readonly definition: Experience;
  readonly segment: { readonly id: string; readonly name: string } | null;
  readonly content: CompiledContent | null;
  readonly variants: readonly CompiledVariant[] | null;
  readonly seed: string;
  readonly startMs: number | null;
  readonly endMs: number | null;
  /** Why it can never be shown (a segment deleted since, a template that no longer parses); null when it can. */
  readonly broken: string | null;
}

/** A placement ready to decide with: experiences in the order they are tried (priority, then position). */
export interface CompiledPlacement {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly kind: PlacementKind;
  readonly status: PlacementStatus;
  readonly experiences: readonly CompiledExperience[];
  readonly defaultContent: CompiledContent | null;
}

export type PlacementDefinition = Required<Pick<CreatePlacementBody, 'key' | 'name' | 'experiences'>> & {
  readonly id: string;
  readonly kind: PlacementKind;
  readonly status: PlacementStatus;
  readonly default: ContentFields | null;
};

/** Names of recommenders used as `recommendations.NAME` in a template (the bracket form is not checked). */
const RECOMMENDER_REFERENCE = /\brecommendations\.([A-Za-z0-9_-]+)/g;

/**
 * Parses templates (field name → source) and checks the recommenders they name; problems are added at `path/field`.
 * A field that does not parse is left out.
 */
export function compileFields(fields: Readonly<Record<string, string>>, path: string, o: { readonly refs: References; readonly templates: TemplateEngine; readonly problems: ProblemDetail[] }): CompiledContent {
  const parsed = new Map<string, ParsedTemplate>();
  for (const [name, source] of Object.entries(fields)) {
    const result = o.templates.parse(source);
    if (!result.ok) {
      o.problems.push({ path: `${path}/${name}`, message: `the template does not parse: ${result.problem.message}` });
      continue;
    }
    parsed.set(name, result.template);
    for (const m of source.matchAll(RECOMMENDER_REFERENCE)) {
      if (!o.refs.recommenders.has(m[1]!)) o.problems.push({ path: `${path}/${name}`, message: `no recommender is named “${m[1]}”`, expected: 'the name of a recommender' });
    }
  }
  return parsed;
}

/**
 * Parses a placement's templates and resolves what it refers to. Problems point into the placement as the API
 * received it (`/experiences/0/content/title`): the API refuses a placement with any; a stored placement whose
 * segment was deleted since keeps working, without that experience.
 */
export function compilePlacement(def: PlacementDefinition, refs: References, templates: TemplateEngine): { placement: CompiledPlacement; problems: ProblemDetail[] } {
  const problems: ProblemDetail[] = [];
  const content = (fields: ContentFields, path: string): CompiledContent => compileFields(fields, path, { refs, templates, problems });
  const seen = new Set<string>();
  const experiences = def.experiences.map((e, i): CompiledExperience & { readonly index: number } => {
    const path = `/experiences/${i}`;
    const before = problems.length;
    if (seen.has(e.key)) problems.push({ path: `${path}/key`, message: `another experience of this placement has the key “${e.key}”` });
    seen.add(e.key);
    let segment: CompiledExperience['segment'] = null;
    if (e.audience?.segment !== undefined) {
      segment = refs.segments.get(e.audience.segment) ?? null;
      if (segment === null) problems.push({ path: `${path}/audience/segment`, message: `no segment has the id or name “${e.audience.segment}”` });
    }
    (e.audience?.context?.geofences ?? []).forEach((g, k) => {
      if (!refs.geofences.has(g)) problems.push({ path: `${path}/audience/context/geofences/${k}`, message: `no geofence has the key “${g}”` });
    });
    const lt = e.audience?.context?.localTime;
    if (lt?.from !== undefined && lt.from === lt.to) problems.push({ path: `${path}/audience/context/localTime/to`, message: 'from and to are the same time: the window would be empty' });
    const startMs = e.startAt === undefined ? null : parseRuleTime(e.startAt);
    const endMs = e.endAt === undefined ? null : parseRuleTime(e.endAt);
    if (startMs !== null && endMs !== null && endMs <= startMs) problems.push({ path: `${path}/endAt`, message: 'the end is not after the start' });
    let compiledContent: CompiledContent | null = null;
    let variants: CompiledVariant[] | null = null;
    if (def.kind === 'content') {
      if (e.ranking !== undefined) problems.push({ path: `${path}/ranking`, message: 'ranking is for sort and search placements' });
      if ((e.content === undefined) === (e.variants === undefined)) problems.push({ path, message: 'give either content or variants', expected: 'content, or variants with content each' });
      if (e.content !== undefined) compiledContent = content(e.content, `${path}/content`);
      if (e.variants !== undefined) {
        const total = e.variants.reduce((sum, v) => sum + v.weight, 0);
        if (total !== 100) problems.push({ path: `${path}/variants`, message: `the weights add up to ${total}, not 100` });
        const keys = new Set<string>();
        variants = e.variants.map((v, j) => {
          if (keys.has(v.key)) problems.push({ path: `${path}/variants/${j}/key`, message: `another variant has the key “${v.key}”` });
          keys.add(v.key);
          if (v.content === undefined) problems.push({ path: `${path}/variants/${j}/content`, message: 'a variant of a content placement needs content' });
          return { key: v.key, weight: v.weight, content: content(v.content ?? {}, `${path}/variants/${j}/content`) };
        });
      }
    } else {
      if (e.content !== undefined || e.variants !== undefined) problems.push({ path: e.content === undefined ? `${path}/variants` : `${path}/content`, message: `a ${def.kind} placement orders the products it is sent: give ranking, not content` });
      const recommender = e.ranking?.recommender;
      if (recommender !== undefined && !refs.recommenders.has(recommender)) problems.push({ path: `${path}/ranking/recommender`, message: `no recommender is named “${recommender}”` });
    }
    const broken = problems.length > before ? problems.slice(before).map((p) => p.message).join('; ') : null;
    return { definition: e, segment, content: compiledContent, variants, seed: e.seed ?? `${def.key}:${e.key}`, startMs, endMs, broken, index: i };
  });
  let defaultContent: CompiledContent | null = null;
  if (def.default !== null) {
    if (def.kind === 'content') defaultContent = content(def.default, '/default');
    else problems.push({ path: '/default', message: `a ${def.kind} placement has no default content: without a matching experience the list keeps its order` });
  }
  // Higher priority first; equal priorities keep the order the marketer gave.
  experiences.sort((a, b) => (b.definition.priority ?? 0) - (a.definition.priority ?? 0) || a.index - b.index);
  return { placement: { id: def.id, key: def.key, name: def.name, kind: def.kind, status: def.status, experiences, defaultContent }, problems };
}
