import type { CreateMessageBody, MessageFormat, MessageStatus } from '@rapport/contracts';
import { parseRuleTime, type ProblemDetail } from '@rapport/core';
import { compileFields, type CompiledContent, type References, type TemplateEngine } from '../decisions/index.js';

/** A message as stored and checked: everything but its key and name is its definition. */
export type MessageDefinition = Omit<CreateMessageBody, 'key' | 'name'>;

/** A message ready to deliver: templates parsed, segments resolved, times read. */
export interface CompiledMessage {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly format: MessageFormat;
  readonly status: MessageStatus;
  readonly definition: MessageDefinition;
  /** The purpose it needs consent for; null for service messages. Promotional = has a purpose. */
  readonly purpose: string | null;
  readonly priority: number;
  /** The audience's segment. */
  readonly segment: { readonly id: string; readonly name: string } | null;
  /** The segment of a segment_entered trigger. */
  readonly triggerSegment: { readonly id: string; readonly name: string } | null;
  /** title, body, imageUrl, imageAlt, and button0Text, button0Url, … */
  readonly fields: CompiledContent;
  readonly startMs: number | null;
  readonly endMs: number | null;
  /** Why it can never show (a segment deleted since); null when it can. */
  readonly broken: string | null;
}

/** The default purpose of a message: promotions need consent to marketing. */
export const DEFAULT_MESSAGE_PURPOSE = 'marketing';

/** The templates of a message's content as named fields. */
function contentFields(def: MessageDefinition): Record<string, string> {
  const c = def.content;
  const fields: Record<string, string> = { title: c.title };
  if (c.body !== undefined) fields['body'] = c.body;
  if (c.imageUrl !== undefined) fields['imageUrl'] = c.imageUrl;
  if (c.imageAlt !== undefined) fields['imageAlt'] = c.imageAlt;
  (c.buttons ?? []).forEach((b, i) => {
    fields[`button${i}Text`] = b.text;
    if (b.url !== undefined) fields[`button${i}Url`] = b.url;
  });
  return fields;
}

/** Where a field's problem is, in the body as the API received it. */
function fieldPath(field: string): string {
  const m = /^button(\d)(Text|Url)$/.exec(field);
  return m === null ? `/content/${field}` : `/content/buttons/${m[1]}/${m[2] === 'Text' ? 'text' : 'url'}`;
}

/**
 * Checks a message and prepares it: templates parse, the trigger names what its kind needs (and only that), the
 * segments, geofences, recommenders and purpose it names exist, buttons that open a URL have one, the schedule and
 * quiet hours make sense. Problems point into the body as the API received it.
 */
export function compileMessage(
  m: { readonly id: string; readonly key: string; readonly name: string; readonly status: MessageStatus; readonly definition: MessageDefinition },
  refs: References,
  templates: TemplateEngine,
): { message: CompiledMessage; problems: ProblemDetail[] } {
  const def = m.definition;
  const problems: ProblemDetail[] = [];
  const parsed = compileFields(contentFields(def), '', { refs, templates, problems });
  for (const p of problems) Object.assign(p, { path: fieldPath(p.path.slice(1)) });
  const t = def.trigger;
  const needs = { event: 'event', screen: null, session_start: null, segment_entered: 'segment', geofence_entered: 'geofence' } as const;
  const need = needs[t.kind];
  if (need !== null && t[need] === undefined) problems.push({ path: `/trigger/${need}`, message: `a trigger of kind ${t.kind} names its ${need}` });
  for (const field of ['event', 'pages', 'segment', 'geofence', 'withinHours'] as const) {
    const allowed = field === need || (field === 'pages' && t.kind === 'screen') || (field === 'withinHours' && (t.kind === 'segment_entered' || t.kind === 'geofence_entered'));
    if (t[field] !== undefined && !allowed) problems.push({ path: `/trigger/${field}`, message: `a trigger of kind ${t.kind} has no ${field}` });
  }
  let triggerSegment: CompiledMessage['triggerSegment'] = null;
  if (t.kind === 'segment_entered' && t.segment !== undefined) {
    triggerSegment = refs.segments.get(t.segment) ?? null;
    if (triggerSegment === null) problems.push({ path: '/trigger/segment', message: `no segment has the id or name “${t.segment}”` });
  }
  if (t.kind === 'geofence_entered' && t.geofence !== undefined && !refs.geofences.has(t.geofence)) problems.push({ path: '/trigger/geofence', message: `no geofence has the key “${t.geofence}”` });
  let segment: CompiledMessage['segment'] = null;
  if (def.audience?.segment !== undefined) {
    segment = refs.segments.get(def.audience.segment) ?? null;
    if (segment === null) problems.push({ path: '/audience/segment', message: `no segment has the id or name “${def.audience.segment}”` });
  }
  (def.audience?.context?.geofences ?? []).forEach((g, k) => {
    if (!refs.geofences.has(g)) problems.push({ path: `/audience/context/geofences/${k}`, message: `no geofence has the key “${g}”` });
  });
  const purpose = def.purpose === undefined ? DEFAULT_MESSAGE_PURPOSE : def.purpose;
  if (purpose !== null && !refs.purposes.has(purpose)) problems.push({ path: '/purpose', message: `no consent purpose has the id “${purpose}”` });
  (def.content.buttons ?? []).forEach((b, i) => {
    if (b.action === 'open_url' && b.url === undefined) problems.push({ path: `/content/buttons/${i}/url`, message: 'a button that opens a URL needs the URL' });
  });
  if (def.quietHours !== undefined && def.quietHours.from === def.quietHours.to) problems.push({ path: '/quietHours/to', message: 'from and to are the same time' });
  const startMs = def.startAt === undefined ? null : parseRuleTime(def.startAt);
  const endMs = def.endAt === undefined ? null : parseRuleTime(def.endAt);
  if (startMs !== null && endMs !== null && endMs <= startMs) problems.push({ path: '/endAt', message: 'the end is not after the start' });
  return {
    message: {
      id: m.id,
      key: m.key,
      name: m.name,
      format: def.format,
      status: m.status,
      definition: def,
      purpose,
      priority: def.priority ?? 0,
      segment,
      triggerSegment,
      fields: parsed,
      startMs,
      endMs,
      broken: problems.length > 0 ? problems.map((p) => `${p.path}: ${p.message}`).join('; ') : null,
    },
    problems,
  };
}
