import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** One line of a segment-jsonl file: the messages it holds, or why it cannot be read. Blank lines are not lines. */
export type JsonlLine =
  | { readonly kind: 'messages'; readonly line: number; readonly items: readonly unknown[] }
  | {
      readonly kind: 'bad';
      readonly line: number;
      readonly code: 'ERR_INGEST_INVALID_JSON' | 'ERR_INGEST_INVALID_BATCH';
      readonly message: string;
      /** The line as read, kept with the rejected payloads. */
      readonly text: string;
    };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A message as the import sends it: a batch's `context` and `integrations` apply to each of its messages, as on
 * POST /v1/batch. Merged here, item by item, because the import sends messages of many lines together, and ingestion
 * takes one envelope per call. (`sentAt` stays: ingestion does not correct imported times with it.)
 */
function forImport(item: unknown, batch: Json): unknown {
  if (!isObject(item)) return item;
  const message: Json = { ...item };
  for (const shared of ['context', 'integrations'] as const) {
    const fromBatch = batch[shared];
    if (isObject(fromBatch)) message[shared] = { ...fromBatch, ...(isObject(message[shared]) ? message[shared] : {}) };
  }
  return message;
}

/** Reads one line: a message (the body POST /v1/track etc. take, with `type`) or a batch (`{ "batch": [...] }`). */
export function parseJsonlLine(text: string, line: number): JsonlLine | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'bad', line, code: 'ERR_INGEST_INVALID_JSON', message: `line ${line} is not valid JSON`, text };
  }
  if (!isObject(value) || !('batch' in value)) return { kind: 'messages', line, items: [value] };
  const batch = value['batch'];
  if (!Array.isArray(batch)) return { kind: 'bad', line, code: 'ERR_INGEST_INVALID_BATCH', message: `line ${line}: "batch" must be an array of messages`, text };
  return { kind: 'messages', line, items: batch.map((item) => forImport(item, value)) };
}

/** The lines of a segment-jsonl stream, read one at a time (a file may be larger than memory). */
export async function* readSegmentJsonl(input: Readable): AsyncGenerator<JsonlLine> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    const parsed = parseJsonlLine(n === 1 ? text.replace(/^\uFEFF/, '') : text, n);
    if (parsed !== undefined) yield parsed;
  }
}
