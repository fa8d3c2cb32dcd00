import type { CreateMessageBody, DeliveredMessageView, Frequency, InAppMessageView, MessageFormat, MessageStatus, MessageTrigger, TriggerKind, UpdateMessageBody } from '@rapport/contracts';
import { isoOfLocalInput, localInputOf } from '../settings/audit-filters.js';
import { audienceFormOf, audienceOf, audiencePathOf, emptyAudience, pointerParts, rowId, type AudienceForm } from '../placements/audience-form.js';
import type { NumberField } from '../placements/placement-form.js';

export interface ButtonForm {
  id: string;
  text: string;
  action: 'open_url' | 'dismiss';
  url: string;
}

/** The message editor's values, shaped like the request body (see `formPathOf` for where the API's problems go). */
export interface MessageForm {
  key: string;
  name: string;
  format: MessageFormat;
  status: MessageStatus;
  content: { title: string; body: string; imageUrl: string; imageAlt: string; buttons: ButtonForm[] };
  trigger: { kind: TriggerKind; event: string; pages: string[]; segment: string | null; geofence: string | null; withinHours: NumberField };
  audience: AudienceForm;
  /** A consent purpose's id; '' for a service message (null in the API: no consent needed, not counted in the budget). */
  purpose: string;
  frequency: { perSession: NumberField; perDay: NumberField; total: NumberField; cooldownAfterDismissHours: NumberField };
  quietHours: { from: string; to: string };
  priority: NumberField;
  startAt: string;
  endAt: string;
}

export function emptyMessageForm(): MessageForm {
  return {
    key: '',
    name: '',
    format: 'modal',
    status: 'active',
    content: { title: '', body: '', imageUrl: '', imageAlt: '', buttons: [{ id: rowId(), text: 'OK', action: 'dismiss', url: '' }] },
    trigger: { kind: 'session_start', event: '', pages: [], segment: null, geofence: null, withinHours: '' },
    audience: emptyAudience(),
    purpose: 'marketing',
    frequency: { perSession: 1, perDay: '', total: '', cooldownAfterDismissHours: '' },
    quietHours: { from: '', to: '' },
    priority: '',
    startAt: '',
    endAt: '',
  };
}

const field = (v: number | undefined): NumberField => v ?? '';
const num = (v: NumberField): number | undefined => (v === '' ? undefined : Number(v));

/** A saved message as the editor's values. */
export function messageFormOf(m: InAppMessageView): MessageForm {
  const c = m.content;
  return {
    key: m.key,
    name: m.name,
    format: m.format,
    status: m.status,
    content: { title: c.title, body: c.body ?? '', imageUrl: c.imageUrl ?? '', imageAlt: c.imageAlt ?? '', buttons: (c.buttons ?? []).map((b) => ({ id: rowId(), text: b.text, action: b.action, url: b.url ?? '' })) },
    trigger: { kind: m.trigger.kind, event: m.trigger.event ?? '', pages: [...(m.trigger.pages ?? [])], segment: m.trigger.segment ?? null, geofence: m.trigger.geofence ?? null, withinHours: field(m.trigger.withinHours) },
    audience: audienceFormOf(m.audience),
    purpose: m.purpose ?? '',
    frequency: { perSession: field(m.frequency.perSession), perDay: field(m.frequency.perDay), total: field(m.frequency.total), cooldownAfterDismissHours: field(m.frequency.cooldownAfterDismissHours) },
    quietHours: { from: m.quietHours?.from ?? '', to: m.quietHours?.to ?? '' },
    priority: m.priority === 0 ? '' : m.priority,
    startAt: localInputOf(m.startAt ?? undefined),
    endAt: localInputOf(m.endAt ?? undefined),
  };
}

/** The trigger as the API takes it: its kind and only the fields that kind has. */
function triggerOf(t: MessageForm['trigger']): MessageTrigger {
  const within = num(t.withinHours);
  switch (t.kind) {
    case 'event':
      return { kind: 'event', ...(t.event.trim() === '' ? {} : { event: t.event.trim() }) };
    case 'screen':
      return { kind: 'screen', ...(t.pages.length === 0 ? {} : { pages: t.pages }) };
    case 'session_start':
      return { kind: 'session_start' };
    case 'segment_entered':
      return { kind: 'segment_entered', ...(t.segment === null ? {} : { segment: t.segment }), ...(within === undefined ? {} : { withinHours: within }) };
    case 'geofence_entered':
      return { kind: 'geofence_entered', ...(t.geofence === null ? {} : { geofence: t.geofence }), ...(within === undefined ? {} : { withinHours: within }) };
  }
}

/** The body of POST /api/v1/in-app-messages. */
export function createBodyOf(f: MessageForm): CreateMessageBody {
  const c = f.content;
  const frequency: Frequency = {};
  for (const k of ['perSession', 'perDay', 'total', 'cooldownAfterDismissHours'] as const) {
    const n = num(f.frequency[k]);
    if (n !== undefined) frequency[k] = n;
  }
  const priority = num(f.priority);
  const startAt = isoOfLocalInput(f.startAt);
  const endAt = isoOfLocalInput(f.endAt);
  return {
    key: f.key.trim(),
    name: f.name.trim(),
    format: f.format,
    status: f.status,
    content: {
      title: c.title,
      ...(c.body === '' ? {} : { body: c.body }),
      ...(c.imageUrl.trim() === '' ? {} : { imageUrl: c.imageUrl.trim() }),
      ...(c.imageAlt === '' ? {} : { imageAlt: c.imageAlt }),
      buttons: c.buttons.map((b) => ({ text: b.text, action: b.action, ...(b.action === 'open_url' && b.url.trim() !== '' ? { url: b.url.trim() } : {}) })),
    },
    trigger: triggerOf(f.trigger),
    // {} is everyone: a change that takes every condition away must say so (a PATCH keeps what it leaves out).
    audience: audienceOf(f.audience) ?? {},
    purpose: f.purpose === '' ? null : f.purpose,
    frequency,
    ...(f.quietHours.from === '' && f.quietHours.to === '' ? {} : { quietHours: { from: f.quietHours.from, to: f.quietHours.to } }),
    ...(priority === undefined ? {} : { priority }),
    ...(startAt === undefined ? {} : { startAt }),
    ...(endAt === undefined ? {} : { endAt }),
  };
}

/** The body of PATCH /api/v1/in-app-messages/{id}: everything but the key; the priority goes back to 0 when emptied. */
export function updateBodyOf(f: MessageForm): UpdateMessageBody {
  const { key: _key, ...rest } = createBodyOf(f);
  return { priority: 0, ...rest };
}

/**
 * What a change cannot take away yet: a PATCH keeps the quiet hours and the schedule it leaves out, and the API takes
 * no null for them. The editor says so rather than pretending they were removed.
 */
export function unclearable(saved: InAppMessageView, f: MessageForm): Record<string, string> {
  const out: Record<string, string> = {};
  const say = 'A saved message keeps it: Rapport cannot take it away yet. Set another value, or make a new message';
  if (saved.quietHours !== null && f.quietHours.from === '' && f.quietHours.to === '') out['quietHours.from'] = say;
  if (saved.startAt !== null && f.startAt === '') out['startAt'] = say;
  if (saved.endAt !== null && f.endAt === '') out['endAt'] = say;
  return out;
}

const simple = new Set(['key', 'name', 'format', 'status', 'purpose', 'priority', 'startAt', 'endAt']);

/** The editor's path of a problem the API points at (`/content/buttons/0/url`, `/trigger/event`), if it has one. */
export function formPathOf(pointer: string, f: MessageForm): string | undefined {
  const [top, a, b, c] = pointerParts(pointer);
  if (top === undefined) return undefined;
  if (simple.has(top)) return top;
  if (top === 'content') {
    if (a === 'buttons') return b === undefined || f.content.buttons[Number(b)] === undefined ? 'content.buttons' : `content.buttons.${b}.${c === 'url' || c === 'action' ? c : 'text'}`;
    return a === 'title' || a === 'body' || a === 'imageUrl' || a === 'imageAlt' ? `content.${a}` : 'content.title';
  }
  if (top === 'trigger') return a === 'event' || a === 'pages' || a === 'segment' || a === 'geofence' || a === 'withinHours' ? `trigger.${a}` : 'trigger.kind';
  if (top === 'audience') return audiencePathOf('audience', pointerParts(pointer).slice(1));
  if (top === 'frequency') return a === 'perSession' || a === 'perDay' || a === 'total' || a === 'cooldownAfterDismissHours' ? `frequency.${a}` : 'frequency.perSession';
  if (top === 'quietHours') return a === 'to' ? 'quietHours.to' : 'quietHours.from';
  return undefined;
}

/**
 * The message as the SDK receives it, for the preview: the templates' text as written (the messages API renders them
 * for each person only when it delivers them).
 */
export function previewMessageOf(f: MessageForm): DeliveredMessageView {
  const c = f.content;
  return {
    message: f.key === '' ? 'preview' : f.key,
    deliveryId: 'preview',
    format: f.format,
    title: c.title,
    body: c.body === '' ? null : c.body,
    imageUrl: c.imageUrl.trim() === '' ? null : c.imageUrl.trim(),
    imageAlt: c.imageAlt === '' ? null : c.imageAlt,
    buttons: c.buttons.map((b) => ({ text: b.text, action: b.action, url: b.action === 'open_url' ? b.url : null })),
    reason: { sentence: '' },
    tracking: {},
  };
}
