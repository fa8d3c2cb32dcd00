import type { ContentFields, CreatePlacementBody, Experience, PlacementKind, PlacementStatus, PlacementView, UpdatePlacementBody } from '@rapport/contracts';
import { plainWords } from '../../api/api-error.js';
import { sentence } from '../../components/api-errors.js';
import { isoOfLocalInput, localInputOf } from '../settings/audit-filters.js';
import { audienceFormOf, audienceOf, audiencePathOf, emptyAudience, pointerParts, rowId, type AudienceForm } from './audience-form.js';

/** Number fields hold '' while empty: empty means "not set" (the API's default). */
export type NumberField = number | string;

/** One field of a content: its name (title, body, ctaUrl…) and its Liquid template. `id` is the row's React key. */
export interface FieldRow {
  id: string;
  name: string;
  template: string;
}

export interface VariantForm {
  id: string;
  key: string;
  weight: NumberField;
  content: FieldRow[];
}

export interface ExperienceForm {
  id: string;
  key: string;
  name: string;
  priority: NumberField;
  audience: AudienceForm;
  /** A split into variants rather than one content. */
  split: boolean;
  content: FieldRow[];
  variants: VariantForm[];
  seed: string;
  /** The schedule, as datetime-local inputs hold it (the reader's time zone); '' for none. */
  startAt: string;
  endAt: string;
  ranking: { affinityWeight: NumberField; recommender: string };
}

/**
 * The placement editor's values, shaped like the request body so that a problem of the API lands next to its input
 * (`/experiences/0/content/title` → `experiences.0.content.<the row named title>.template`, see `formPathOf`).
 */
export interface PlacementForm {
  key: string;
  name: string;
  description: string;
  kind: PlacementKind;
  status: PlacementStatus;
  experiences: ExperienceForm[];
  /** Whether a content placement shows something when no experience matches. */
  withDefault: boolean;
  default: FieldRow[];
}

/** The fields most content placements have: what the SDK's hero card and most apps read. */
export const commonFields = ['title', 'body', 'image', 'ctaText', 'ctaUrl'] as const;

export function fieldRows(fields: ContentFields | null | undefined, fallback: readonly string[] = []): FieldRow[] {
  const entries = fields === null || fields === undefined ? fallback.map((name) => [name, ''] as const) : Object.entries(fields);
  return entries.map(([name, template]) => ({ id: rowId(), name, template }));
}

export function newVariant(key: string, weight: number): VariantForm {
  return { id: rowId(), key, weight, content: fieldRows(undefined, ['title', 'body']) };
}

/** A new experience: its key and name follow its place in the list, its content the usual fields. */
export function newExperience(place: number): ExperienceForm {
  return {
    id: rowId(),
    key: `experience_${place}`,
    name: `Experience ${place}`,
    priority: '',
    audience: emptyAudience(),
    split: false,
    content: fieldRows(undefined, commonFields),
    variants: [newVariant('a', 50), newVariant('b', 50)],
    seed: '',
    startAt: '',
    endAt: '',
    ranking: { affinityWeight: '', recommender: '' },
  };
}

export function emptyPlacementForm(): PlacementForm {
  return { key: '', name: '', description: '', kind: 'content', status: 'active', experiences: [], withDefault: true, default: fieldRows(undefined, commonFields) };
}

function experienceFormOf(e: Experience): ExperienceForm {
  const split = e.variants !== undefined;
  return {
    id: rowId(),
    key: e.key,
    name: e.name,
    priority: e.priority ?? '',
    audience: audienceFormOf(e.audience),
    split,
    content: fieldRows(e.content, split ? [] : commonFields),
    variants: split ? e.variants!.map((v) => ({ id: rowId(), key: v.key, weight: v.weight, content: fieldRows(v.content) })) : [newVariant('a', 50), newVariant('b', 50)],
    seed: e.seed ?? '',
    startAt: localInputOf(e.startAt),
    endAt: localInputOf(e.endAt),
    ranking: { affinityWeight: e.ranking?.affinityWeight ?? '', recommender: e.ranking?.recommender ?? '' },
  };
}

/** A saved placement as the editor's values. */
export function placementFormOf(p: PlacementView): PlacementForm {
  return {
    key: p.key,
    name: p.name,
    description: p.description,
    kind: p.kind,
    status: p.status,
    experiences: p.experiences.map(experienceFormOf),
    withDefault: p.default !== null,
    default: fieldRows(p.default, commonFields),
  };
}

/** The rows with a name, as the API's fields; rows without a name are left out (the editor says so). */
export function fieldsOf(rows: readonly FieldRow[]): ContentFields {
  const out: ContentFields = {};
  for (const r of rows) if (r.name.trim() !== '') out[r.name.trim()] = r.template;
  return out;
}

const num = (v: NumberField): number | undefined => (v === '' ? undefined : Number(v));

/** The sum of a split's weights, counting empty ones as 0: the editor shows it as it runs. */
export function weightSum(variants: readonly VariantForm[]): number {
  return variants.reduce((sum, v) => sum + (num(v.weight) ?? 0), 0);
}

function experienceOf(e: ExperienceForm, kind: PlacementKind): Experience {
  const audience = audienceOf(e.audience);
  const priority = num(e.priority);
  const startAt = isoOfLocalInput(e.startAt);
  const endAt = isoOfLocalInput(e.endAt);
  const out: Experience = { key: e.key.trim(), name: e.name.trim(), ...(priority === undefined ? {} : { priority }), ...(audience === undefined ? {} : { audience }) };
  if (kind === 'content') {
    if (e.split) {
      // An empty weight is sent as NaN (null in JSON): the API says what is wrong, next to the field.
      out.variants = e.variants.map((v) => ({ key: v.key.trim(), weight: num(v.weight) ?? Number.NaN, content: fieldsOf(v.content) }));
      if (e.seed.trim() !== '') out.seed = e.seed.trim();
    } else out.content = fieldsOf(e.content);
  } else {
    const affinityWeight = num(e.ranking.affinityWeight);
    const recommender = e.ranking.recommender.trim();
    if (affinityWeight !== undefined || recommender !== '') out.ranking = { ...(affinityWeight === undefined ? {} : { affinityWeight }), ...(recommender === '' ? {} : { recommender }) };
  }
  return { ...out, ...(startAt === undefined ? {} : { startAt }), ...(endAt === undefined ? {} : { endAt }) };
}

/** The body of POST /api/v1/placements (and the `draft` of the preview). */
export function createBodyOf(f: PlacementForm): CreatePlacementBody {
  return {
    key: f.key.trim(),
    name: f.name.trim(),
    description: f.description,
    kind: f.kind,
    status: f.status,
    experiences: f.experiences.map((e) => experienceOf(e, f.kind)),
    default: f.kind === 'content' && f.withDefault ? fieldsOf(f.default) : null,
  };
}

/** The body of PATCH /api/v1/placements/{id}: everything but the key, which does not change. */
export function updateBodyOf(f: PlacementForm): UpdatePlacementBody {
  const { key: _key, ...rest } = createBodyOf(f);
  return rest;
}

/** The row of `rows` named `name`, as `base.<index>.template`; `base` itself when no row has that name. */
function rowPath(base: string, rows: readonly FieldRow[], name: string | undefined): string {
  const index = name === undefined ? -1 : rows.findIndex((r) => r.name.trim() === name);
  return index < 0 ? base : `${base}.${index}.template`;
}

const experienceInputs = new Set(['key', 'name', 'priority', 'seed', 'startAt', 'endAt']);

/**
 * The editor's path of a problem the API points at (`/experiences/0/content/title`; the preview's `/draft/…` too), or
 * undefined for a problem no part of the editor shows (it goes above the form).
 */
export function formPathOf(pointer: string, f: PlacementForm): string | undefined {
  const parts = pointerParts(pointer);
  if (parts[0] === 'draft') parts.shift();
  const [top, i, section, ...rest] = parts;
  if (top === 'key' || top === 'name' || top === 'description' || top === 'kind' || top === 'status') return top;
  if (top === 'default') return rowPath('default', f.default, i);
  if (top !== 'experiences') return undefined;
  const e = i === undefined ? undefined : f.experiences[Number(i)];
  if (e === undefined) return 'experiences';
  const base = `experiences.${i}`;
  if (section === undefined) return base;
  if (experienceInputs.has(section)) return `${base}.${section}`;
  if (section === 'audience') return audiencePathOf(`${base}.audience`, rest);
  if (section === 'content') return rowPath(`${base}.content`, e.content, rest[0]);
  if (section === 'ranking') return rest[0] === 'affinityWeight' || rest[0] === 'recommender' ? `${base}.ranking.${rest[0]}` : `${base}.ranking`;
  if (section === 'variants') {
    const [j, field, name] = rest;
    const v = j === undefined ? undefined : e.variants[Number(j)];
    if (v === undefined) return `${base}.variants`;
    if (field === 'key' || field === 'weight') return `${base}.variants.${j}.${field}`;
    if (field === 'content') return rowPath(`${base}.variants.${j}.content`, v.content, name);
    return `${base}.variants.${j}`;
  }
  return base;
}

/** The API's problems by the editor's path (several at one path joined), and those no part of the editor shows. */
export function problemsOf(details: readonly { path: string; message: string }[], pathOf: (pointer: string) => string | undefined): { fields: Record<string, string>; general: string[] } {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const d of details) {
    const path = pathOf(d.path);
    const message = sentence(plainWords(d.message));
    if (path === undefined) general.push(`${d.path}: ${message}`);
    else fields[path] = fields[path] === undefined ? message : `${fields[path]}; ${message}`;
  }
  return { fields, general };
}
