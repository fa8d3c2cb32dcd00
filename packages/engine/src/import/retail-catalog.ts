import type { ProductInput } from '@rapport/contracts';
import type { RetailLine } from './retail-record.js';

/** The data set's currency: a UK shop, prices in pounds sterling. */
export const RETAIL_CURRENCY = 'GBP';

interface Latest {
  line?: RetailLine;
  priced?: RetailLine;
  named?: RetailLine;
  pricedAndNamed?: RetailLine;
}

/** The later of two lines by InvoiceDate; on the same date, the one further down the file. */
function later(current: RetailLine | undefined, next: RetailLine): RetailLine {
  return current === undefined || next.at > current.at || (next.at === current.at && next.line > current.line) ? next : current;
}

/**
 * One product per StockCode, named and priced after its most recent line (by InvoiceDate). Lines at a price of 0
 * are passed over when the product has priced lines: in this data set they are stock write-offs and free items,
 * whose Description is a note ("damaged", "check", "?") and whose price is not what the product sells for. An empty
 * Description is never a name; a product that never has one is named after its StockCode.
 */
export function retailCatalog(lines: Iterable<RetailLine>): ProductInput[] {
  const latest = new Map<string, Latest>();
  for (const line of lines) {
    let l = latest.get(line.stockCode);
    if (l === undefined) latest.set(line.stockCode, (l = {}));
    l.line = later(l.line, line);
    const named = line.description !== '';
    if (named) l.named = later(l.named, line);
    if (line.priceMicros > 0) {
      l.priced = later(l.priced, line);
      if (named) l.pricedAndNamed = later(l.pricedAndNamed, line);
    }
  }
  return [...latest].map(([id, l]) => {
    const priceLine = l.priced ?? l.line!;
    const name = (l.pricedAndNamed ?? l.named)?.description ?? id;
    // A negative price (a bad-debt adjustment) is no price at all.
    return { id, name, ...(priceLine.priceMicros >= 0 ? { price: priceLine.priceMicros / 1_000_000 } : {}), currency: RETAIL_CURRENCY };
  });
}
