import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { err, ok, type Result } from '@rapport/core';

/** One row of a TRAIN or TEST file of the evaluation contract (docs/recommendations.md). */
export interface ContractRow {
  readonly userId: string;
  readonly itemId: string;
  /** Null when the rating column is empty. */
  readonly rating: number | null;
  /** Unix seconds. */
  readonly timestamp: number;
}

/** The columns of the contract's files, in the order this project writes them (files may order them otherwise). */
export const contractColumns = ['user_id', 'item_id', 'rating', 'timestamp'] as const;

/** Every row is a positive interaction: its weight is the rating when that is a positive number, else 1. */
export function weightOf(row: ContractRow): number {
  return row.rating !== null && row.rating > 0 ? row.rating : 1;
}

function columnsOf(header: readonly string[]): Result<Record<(typeof contractColumns)[number], number>, string> {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = contractColumns.filter((c) => !names.includes(c));
  if (missing.length > 0) return err(`the header lacks ${missing.join(', ')}: it must name the columns ${contractColumns.join(',')}`);
  return ok({ user_id: names.indexOf('user_id'), item_id: names.indexOf('item_id'), rating: names.indexOf('rating'), timestamp: names.indexOf('timestamp') });
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * Reads a contract file (RFC 4180 CSV with a header; quoted fields may hold commas). The first bad line stops the
 * reading with a sentence naming it: an evaluation on a silently shortened file would mislead.
 */
export async function readContractCsv(input: Readable): Promise<Result<ContractRow[], string>> {
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  // pipe() does not forward errors: a missing file or damaged gzip data must end the iteration below, not hang it.
  input.on('error', (e) => parser.destroy(e));
  const rows: ContractRow[] = [];
  let columns: Record<(typeof contractColumns)[number], number> | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      if (columns === undefined) {
        const found = columnsOf(record);
        if (!found.ok) return err(found.error);
        columns = found.value;
        continue;
      }
      const field = (c: (typeof contractColumns)[number]) => (record[columns![c]] ?? '').trim();
      const at = `line ${info.lines}`;
      const [userId, itemId, rating, timestamp] = [field('user_id'), field('item_id'), field('rating'), field('timestamp')];
      if (userId === '' || itemId === '') return err(`${at}: user_id and item_id must not be empty`);
      const t = Number(timestamp);
      if (timestamp === '' || !Number.isFinite(t)) return err(`${at}: timestamp must be a number of Unix seconds, not "${timestamp}"`);
      const r = rating === '' ? null : Number(rating);
      if (r !== null && !Number.isFinite(r)) return err(`${at}: rating must be a number or empty, not "${rating}"`);
      rows.push({ userId, itemId, rating: r, timestamp: t });
    }
  } catch (error) {
    return err(`not a readable CSV file: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    input.destroy();
  }
  if (columns === undefined) return err(`the file is empty: it must start with the header ${contractColumns.join(',')}`);
  return ok(rows);
}

/** Opens a contract file, gunzipping it when its name ends in .gz. */
export function openContractFile(path: string): Readable {
  const file = createReadStream(path);
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip();
  file.on('error', (e) => gunzip.destroy(e));
  return file.pipe(gunzip);
}

/** The rows as a contract file (header included), ratings empty when null. */
export function contractCsv(rows: readonly ContractRow[]): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = rows.map((r) => `${quote(r.userId)},${quote(r.itemId)},${r.rating ?? ''},${r.timestamp}`);
  return `${contractColumns.join(',')}\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`;
}
