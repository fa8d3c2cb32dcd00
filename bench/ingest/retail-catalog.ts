import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The UCI "Online Retail" data set (Daqing Chen, London South Bank University; UCI Machine Learning Repository;
 * CC BY 4.0): invoice lines of a UK online gift shop. The benchmark takes its products and customers so that event
 * payloads carry real names, SKUs, prices and countries.
 */
export const RETAIL_CSV = resolve(
  import.meta.dirname,
  '../../../../shared/data/online-retail/online-retail.csv.gz',
);

export interface RetailProduct {
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  /** GBP, the first positive unit price the product was sold at. */
  readonly price: number;
}

export interface RetailCustomer {
  readonly id: string;
  readonly country: string;
}

export interface RetailCatalog {
  readonly products: readonly RetailProduct[];
  readonly customers: readonly RetailCustomer[];
}

// The data set has no categories; these keywords of the descriptions give the shop's obvious departments.
const categories: readonly [RegExp, string][] = [
  [/CHRISTMAS|XMAS|ADVENT/, 'Christmas'],
  [/CANDLE|T-LIGHT|LANTERN|LIGHTS?\b/, 'Candles & Lights'],
  [/MUG|CUP|PLATE|BOWL|TEA|CAKE|JAR|BOTTLE|LUNCH/, 'Kitchen & Dining'],
  [/BAG|PURSE|SHOPPER/, 'Bags'],
  [/CARD|WRAP|PAPER|NOTEBOOK|PENCIL|STICKER/, 'Stationery & Wrap'],
  [/CHILD|DOLL|TOY|GAME|PLAYHOUSE/, 'Kids'],
  [/GARDEN|PLANT|BIRD|HERB/, 'Garden'],
  [/SIGN|FRAME|CLOCK|HOOK|HANGER|CUSHION|DOORMAT|DECORATION/, 'Home Decor'],
];

function categoryOf(description: string): string {
  return categories.find(([pattern]) => pattern.test(description))?.[1] ?? 'Gifts';
}

/** One line of RFC 4180 CSV without line breaks in fields (true of this file). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] !== '"') break;
        value += line[i];
        i += line[i] === '"' ? 2 : 1; // "" is an escaped quote
      }
      fields.push(value);
      i += 2; // the closing quote and the comma
    } else {
      const end = line.indexOf(',', i);
      fields.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

function titleCase(description: string): string {
  return description
    .trim()
    .toLowerCase()
    .replace(/(^|[\s-])([a-z])/g, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

/** Reads the distinct products (4,070) and identified customers (4,372) of the data set. */
export function loadRetailCatalog(file = RETAIL_CSV): RetailCatalog {
  const products = new Map<string, RetailProduct>();
  const customers = new Map<string, RetailCustomer>();
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  for (const line of lines.slice(1)) {
    const [, stockCode, description, , , unitPrice, customerId, country] = csvFields(line.trimEnd());
    if (stockCode === undefined || description === undefined || description.trim() === '') continue;
    const price = Number(unitPrice);
    // Letters-only stock codes are postage, fees and manual adjustments, not products.
    if (/^\d/.test(stockCode) && price > 0 && !products.has(stockCode)) {
      products.set(stockCode, {
        sku: stockCode,
        name: titleCase(description),
        category: categoryOf(description),
        price,
      });
    }
    if (customerId !== undefined && customerId !== '' && !customers.has(customerId)) {
      customers.set(customerId, { id: customerId.replace(/\.0$/, ''), country: country ?? 'United Kingdom' });
    }
  }
  return { products: [...products.values()], customers: [...customers.values()] };
}
