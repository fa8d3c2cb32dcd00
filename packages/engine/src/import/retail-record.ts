import { err, ok, type Result } from '@rapport/core';
import { parseIsoTime } from '../ingest/index.js';
import { parseMicros } from './money.js';

/** The columns of the UCI "Online Retail" data set, in its order. */
export const retailColumns = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'] as const;
type RetailColumn = (typeof retailColumns)[number];

/** Why a line of the file is left out. */
export const lineSkipReasons = [
  'unreadable_line',
  'missing_invoice',
  'missing_stock_code',
  'invalid_quantity',
  'invalid_date',
  'invalid_price',
  'invalid_customer_id',
] as const;
/** One of `lineSkipReasons`. */
export type LineSkipReason = (typeof lineSkipReasons)[number];

/** One invoice line, read. */
export interface RetailLine {
  /** Line number in the file; the header is line 1. */
  readonly line: number;
  readonly invoice: string;
  readonly stockCode: string;
  /** Trimmed; empty when the file has none. */
  readonly description: string;
  readonly quantity: number;
  /** UnitPrice in millionths of a pound (see money.ts). */
  readonly priceMicros: number;
  /** InvoiceDate, read as UTC, in Unix milliseconds. */
  readonly at: number;
  /** CustomerID as an integer string (`17850.0` → `17850`); null for a guest checkout. */
  readonly customerId: string | null;
  readonly country: string;
}

/** A line that was left out, with its invoice when that could be read (the invoice is then left out too). */
export interface BadRetailLine {
  readonly line: number;
  readonly reason: LineSkipReason;
  readonly invoice: string | null;
}

/** A line of the file after reading: an invoice line, or why it was left out. */
export type ParsedRetailLine = Result<RetailLine, BadRetailLine>;

/** Where each column is in the records of one file, and how many fields a record has. */
export interface RetailColumnIndex {
  readonly at: Readonly<Record<RetailColumn, number>>;
  readonly width: number;
}

/** The position of every column in a header row (any order, any case); the missing ones as a sentence otherwise. */
export function retailColumnIndex(header: readonly string[]): Result<RetailColumnIndex, string> {
  const names = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<RetailColumn, number>> = {};
  const missing: string[] = [];
  for (const column of retailColumns) {
    const at = names.indexOf(column.toLowerCase());
    if (at < 0) missing.push(column);
    else index[column] = at;
  }
  if (missing.length > 0) return err(`the header lacks ${missing.join(', ')}; an online-retail file starts with ${retailColumns.join(',')}`);
  return ok({ at: index as Record<RetailColumn, number>, width: header.length });
}

/** `12/1/2010 8:26`: the same data set as exported from Excel (M/D/YYYY H:MM), as many copies of it are. */
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** InvoiceDate as UTC milliseconds: `2010-12-01 08:26:00` (the UCI file) or `12/1/2010 8:26`. */
export function parseInvoiceDate(text: string): number | undefined {
  const us = US_DATE.exec(text);
  if (us === null) return parseIsoTime(text);
  const [month, day, year, hour, minute, second] = us.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2/30 over into March and 8:75 into 9:15: a date that does not come back the same is not a date.
  const d = new Date(ms);
  const same = d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
  return same ? ms : undefined;
}

/** CustomerID as an integer string: the UCI file writes `17850.0` (pandas wrote it as a float). */
function customerIdOf(text: string): string | null | undefined {
  if (text === '') return null;
  const m = /^(\d{1,15})(?:\.0*)?$/.exec(text);
  return m === null ? undefined : String(Number(m[1]));
}

/** Reads one record (the fields of one CSV line) found at `line` of the file. */
export function parseRetailRecord(fields: readonly string[], columns: RetailColumnIndex, line: number): ParsedRetailLine {
  const field = (c: RetailColumn): string => (fields[columns.at[c]] ?? '').trim();
  const invoice = field('InvoiceNo');
  const bad = (reason: LineSkipReason) => err({ line, reason, invoice: invoice === '' ? null : invoice });
  // A field too many or too few (an unquoted comma in a description): every field after it is in the wrong column.
  if (fields.length !== columns.width) return bad('unreadable_line');
  if (invoice === '') return bad('missing_invoice');
  const stockCode = field('StockCode');
  if (stockCode === '') return bad('missing_stock_code');
  const quantityText = field('Quantity');
  if (!/^-?\d{1,9}$/.test(quantityText)) return bad('invalid_quantity');
  const at = parseInvoiceDate(field('InvoiceDate'));
  if (at === undefined) return bad('invalid_date');
  const priceMicros = parseMicros(field('UnitPrice'));
  if (priceMicros === undefined) return bad('invalid_price');
  const customerId = customerIdOf(field('CustomerID'));
  if (customerId === undefined) return bad('invalid_customer_id');
  return ok({ line, invoice, stockCode, description: field('Description'), quantity: Number(quantityText), priceMicros, at, customerId, country: field('Country') });
}
