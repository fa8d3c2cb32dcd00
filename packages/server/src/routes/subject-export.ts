import { Readable } from 'node:stream';
import type { PrivacySubject } from '@rapport/engine';
import { stringify } from 'csv-stringify';

type Records = AsyncIterable<{ store: string; record: Record<string, unknown> }>;

/**
 * The export as one JSON document, streamed: `{ subject, exportedAt, stores: { <store>: [records…] } }`, every store
 * present even when empty, so that the reader sees what was looked at.
 */
export function exportJson(subject: PrivacySubject, storeNames: readonly string[], records: Records, now: Date): Readable {
  async function* chunks(): AsyncGenerator<string> {
    const head = { subject: { profileId: subject.profileId, profileIds: subject.profileIds, userIds: subject.userIds, anonymousIds: subject.anonymousIds }, exportedAt: now.toISOString() };
    yield `${JSON.stringify(head).slice(0, -1)},"stores":{`;
    let current: string | undefined;
    let first = true;
    const done = new Set<string>();
    for await (const { store, record } of records) {
      if (store !== current) {
        if (current !== undefined) yield '],';
        yield `${JSON.stringify(store)}:[`;
        current = store;
        done.add(store);
        first = true;
      }
      yield `${first ? '' : ','}${JSON.stringify(record)}`;
      first = false;
    }
    if (current !== undefined) yield ']';
    const empty = storeNames.filter((s) => !done.has(s));
    for (const [i, s] of empty.entries()) yield `${current !== undefined || i > 0 ? ',' : ''}${JSON.stringify(s)}:[]`;
    yield '}}\n';
  }
  return Readable.from(chunks());
}

/** Flattens a record into `[path, value]` pairs: nested keys joined by dots, array items by their index. */
export function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || value === undefined) return [[prefix, '']];
  if (typeof value !== 'object') return [[prefix, String(value)]];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return [[prefix, Array.isArray(value) ? '[]' : '{}']];
  return entries.flatMap(([k, v]) => flatten(v, prefix === '' ? k : `${prefix}.${k}`));
}

/** The export as CSV in long form — one line per field of each record: `store,record,field,value`. */
export function exportCsv(records: Records): Readable {
  async function* rows(): AsyncGenerator<string[]> {
    const counters = new Map<string, number>();
    for await (const { store, record } of records) {
      const n = counters.get(store) ?? 0;
      counters.set(store, n + 1);
      for (const [field, value] of flatten(record)) yield [store, String(n), field, value];
    }
  }
  return Readable.from(rows()).pipe(stringify({ header: true, columns: ['store', 'record', 'field', 'value'] }));
}
