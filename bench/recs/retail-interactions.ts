import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { ContractRow } from '@rapport/engine';

/**
 * The UCI "Online Retail" data set (Daqing Chen, London South Bank University; UCI Machine Learning Repository;
 * CC BY 4.0): invoice lines of a UK online gift shop, 2010-12-01 to 2011-12-09.
 */
export const RETAIL_CSV = resolve(import.meta.dirname, '../../../../shared/data/online-retail/online-retail.csv.gz');

/** What was left out of the file, by reason. */
export interface RetailSkips {
  cancellations: number;
  guests: number;
  notProducts: number;
  notPositive: number;
  badDates: number;
  repeatedInOrder: number;
}

/** Products have a 5-digit stock code (85123A, 22423); POST, M, DOT, BANK CHARGES, AMAZONFEE, gift vouchers… are not products. */
const PRODUCT_CODE = /^\d{5}/;

/** `2010-12-01 08:26:00` (the UCI file) or `12/1/2010 8:26` (Excel exports of it), read as UTC, in Unix seconds. */
function invoiceSeconds(text: string): number | undefined {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/.exec(text);
  const ms = us === null ? Date.parse(`${text.replace(' ', 'T')}Z`) : Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), Number(us[4]), Number(us[5]));
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/**
 * A customer's orders as interactions, one row per (invoice, product) with an empty rating (weight 1: a product's
 * weight for a customer is then the number of their orders that hold it). Cancellations (invoices starting with C)
 * and bad-debt adjustments (A), guest checkouts (no CustomerID), non-product codes and non-positive quantities are
 * left out. Rows come sorted by (time, user, item), so the output does not depend on the file's order.
 */
export async function readRetailInteractions(path = RETAIL_CSV): Promise<{ rows: ContractRow[]; skipped: RetailSkips }> {
  const skipped: RetailSkips = { cancellations: 0, guests: 0, notProducts: 0, notPositive: 0, badDates: 0, repeatedInOrder: 0 };
  const rows: ContractRow[] = [];
  const seen = new Set<string>();
  const file = createReadStream(path);
  const parser = file.pipe(createGunzip()).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true }));
  let header: string[] | undefined;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (header === undefined) {
      header = record.map((h) => h.trim());
      continue;
    }
    const field = (name: string) => (record[header!.indexOf(name)] ?? '').trim();
    const invoice = field('InvoiceNo');
    const code = field('StockCode');
    const customer = field('CustomerID').replace(/\.0+$/, '');
    if (invoice.startsWith('C') || invoice.startsWith('A')) skipped.cancellations++;
    else if (customer === '') skipped.guests++;
    else if (!PRODUCT_CODE.test(code)) skipped.notProducts++;
    else if (!(Number(field('Quantity')) > 0)) skipped.notPositive++;
    else {
      const timestamp = invoiceSeconds(field('InvoiceDate'));
      if (timestamp === undefined) skipped.badDates++;
      else if (seen.has(`${invoice}\u0000${code}`)) skipped.repeatedInOrder++;
      else {
        seen.add(`${invoice}\u0000${code}`);
        rows.push({ userId: customer, itemId: code, rating: null, timestamp });
      }
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => a.timestamp - b.timestamp || cmp(a.userId, b.userId) || cmp(a.itemId, b.itemId));
  return { rows, skipped };
}
