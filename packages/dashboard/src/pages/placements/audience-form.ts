import type { Audience, ContextConditions, DeviceType, Weekday } from '@rapport/contracts';

/**
 * Who an experience or a message is for, as the editor holds it: every list of the contracts' context conditions (an
 * empty list is "any"), the local time as the inputs' strings ('' for none), and the segment (null for none).
 */
export interface AudienceForm {
  segment: string | null;
  pages: string[];
  productIds: string[];
  categories: string[];
  devices: DeviceType[];
  platforms: string[];
  localTime: { from: string; to: string; days: Weekday[] };
  countries: string[];
  geofences: string[];
}

/** The lists of AudienceForm that are sent as they are. */
const lists = ['pages', 'productIds', 'categories', 'devices', 'platforms', 'countries', 'geofences'] as const;

export function emptyAudience(): AudienceForm {
  return { segment: null, pages: [], productIds: [], categories: [], devices: [], platforms: [], localTime: { from: '', to: '', days: [] }, countries: [], geofences: [] };
}

/** A saved audience (absent or null: everyone) as the editor's values. */
export function audienceFormOf(a: Audience | null | undefined): AudienceForm {
  const c = a?.context ?? {};
  const form = emptyAudience();
  form.segment = a?.segment ?? null;
  for (const name of lists) (form[name] as string[]) = [...(c[name] ?? [])];
  form.localTime = { from: c.localTime?.from ?? '', to: c.localTime?.to ?? '', days: [...(c.localTime?.days ?? [])] };
  return form;
}

/** The audience as the API takes it: only the conditions set; undefined for everyone. */
export function audienceOf(f: AudienceForm): Audience | undefined {
  const context: ContextConditions = {};
  for (const name of lists) if (f[name].length > 0) (context[name] as string[]) = f[name];
  const lt = f.localTime;
  if (lt.from !== '' || lt.to !== '' || lt.days.length > 0) {
    context.localTime = { ...(lt.from === '' ? {} : { from: lt.from }), ...(lt.to === '' ? {} : { to: lt.to }), ...(lt.days.length > 0 ? { days: lt.days } : {}) };
  }
  const audience: Audience = { ...(f.segment === null ? {} : { segment: f.segment }), ...(Object.keys(context).length > 0 ? { context } : {}) };
  return Object.keys(audience).length > 0 ? audience : undefined;
}

/**
 * The editor's path of a problem under `/audience` (`rest` is what follows it: `context/geofences/1`), under `base`
 * (`experiences.0.audience`): `experiences.0.audience.geofences`.
 */
export function audiencePathOf(base: string, rest: readonly string[]): string {
  if (rest[0] === 'segment') return `${base}.segment`;
  if (rest[0] === 'context' && rest[1] !== undefined) {
    if (rest[1] === 'localTime') return `${base}.localTime.${rest[2] === 'to' || rest[2] === 'days' ? rest[2] : 'from'}`;
    return `${base}.${rest[1]}`;
  }
  return base;
}

/** The parts of a JSON Pointer (`/experiences/0/content/ctaUrl` → experiences, 0, content, ctaUrl). */
export function pointerParts(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A key for a row of a list the editor holds (React's `key`); never sent. */
export function rowId(): string {
  return Math.random().toString(36).slice(2, 10);
}
