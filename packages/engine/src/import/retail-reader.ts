import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError, err } from '@rapport/core';
import { parseRetailRecord, retailColumnIndex, type ParsedRetailLine, type RetailColumnIndex } from './retail-record.js';

const notRetail = (why: string) => new AppError({ code: 'ERR_IMPORT_INVALID_INPUT', message: `this is not an online-retail file: ${why}` });

/**
 * Reads an online-retail CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks) into its lines,
 * each read or with the reason it is left out. A file without the expected header is not an online-retail file:
 * that throws ERR_IMPORT_INVALID_INPUT before anything is imported.
 */
export async function readOnlineRetail(input: Readable): Promise<ParsedRetailLine[]> {
  const lines: ParsedRetailLine[] = [];
  let columns: RetailColumnIndex | undefined;
  let settle!: { resolve: () => void; reject: (error: Error) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let failed = false;
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    input.unpipe(parser);
    input.destroy();
    parser.destroy();
    settle.reject(error instanceof Error ? error : new Error(String(error)));
  };
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    // A record with a field too many or too few, or a stray quote, is one bad line, not the end of the import.
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: () => {
      if (columns === undefined) fail(notRetail('its first line is not a CSV header'));
      else lines.push(err({ line: parser.info.lines, reason: 'unreadable_line', invoice: null }));
      return undefined;
    },
  });
  input.on('error', fail);
  parser.on('error', fail);
  parser.on('end', () => settle.resolve());
  // Read in 'data' events: the parser's line count is then that of the record just emitted (iteration buffers).
  parser.on('data', (fields: string[]) => {
    if (failed) return;
    if (columns !== undefined) {
      lines.push(parseRetailRecord(fields, columns, parser.info.lines));
      return;
    }
    const index = retailColumnIndex(fields);
    if (index.ok) columns = index.value;
    else fail(notRetail(index.error));
  });
  input.pipe(parser);
  await done;
  if (columns === undefined) throw notRetail('the file is empty; it must start with a header line');
  return lines;
}
