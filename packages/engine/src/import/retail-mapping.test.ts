import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mapOnlineRetail, type RetailOrderMessage } from './retail-mapping.js';
import { readOnlineRetail } from './retail-reader.js';
import { parseInvoiceDate } from './retail-record.js';

// A hand-written file with one case of every rule; its line numbers (header = 1) are named in the tests.
const FIXTURE = new URL('./fixtures/online-retail-sample.csv', import.meta.url);

async function mapFixture() {
  return mapOnlineRetail(await readOnlineRetail(createReadStream(FIXTURE)));
}

const order = (messages: readonly unknown[], messageId: string) => messages.find((m) => (m as RetailOrderMessage).messageId === messageId) as RetailOrderMessage;

describe('the online-retail mapping', () => {
  it('makes one Order Completed per invoice: lines grouped by InvoiceNo, revenue in cents, products per line', async () => {
    const { messages } = await mapFixture();
    // 536365 has a third line further down the file (line 18).
    expect(order(messages, 'online-retail:536365')).toEqual({
      type: 'track',
      event: 'Order Completed',
      messageId: 'online-retail:536365',
      userId: '17850',
      timestamp: '2010-12-01T08:26:00.000Z',
      properties: {
        order_id: '536365',
        revenue: 57.64,
        currency: 'GBP',
        products: [
          { product_id: '85123A', name: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, price: 2.55 },
          { product_id: '71053', name: 'WHITE METAL LANTERN', quantity: 6, price: 3.39 },
          { product_id: '84406B', name: 'CREAM CUPID HEARTS COAT HANGER', quantity: 8, price: 2.75 },
        ],
      },
    });
    expect(order(messages, 'online-retail:536366').properties.products[0]?.name).toBe('HAND WARMER, UNION JACK');
  });

  it('reads 17850.0 as the userId 17850, and a line without CustomerID as a guest of that invoice', async () => {
    const { messages } = await mapFixture();
    expect(order(messages, 'online-retail:536366').userId).toBe('17850');
    const guest = order(messages, 'online-retail:536367');
    expect(guest.anonymousId).toBe('guest-536367');
    expect(guest).not.toHaveProperty('userId');
  });

  it('dates an invoice at the earliest InvoiceDate of its lines, read as UTC, in either date format', async () => {
    const { messages } = await mapFixture();
    expect(order(messages, 'online-retail:536370').timestamp).toBe('2010-12-01T08:40:00.000Z');
    expect(order(messages, 'online-retail:536390').timestamp).toBe('2010-12-05T09:00:00.000Z');
  });

  it('turns a C invoice into Order Refunded with the number without the C and the revenue of |Quantity|', async () => {
    const { messages } = await mapFixture();
    const refund = order(messages, 'online-retail:C536379');
    expect(refund).toMatchObject({ event: 'Order Refunded', userId: '17850', properties: { order_id: '536379', revenue: 5.1, currency: 'GBP' } });
    expect(refund.properties.products).toEqual([{ product_id: '85123A', name: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 2, price: 2.55 }]);
  });

  it('rounds revenue to the cent exactly: 1 × 1.005 is 1.01, not the 1.00 that float arithmetic gives', async () => {
    const { messages } = await mapFixture();
    expect(order(messages, 'online-retail:536380').properties.revenue).toBe(1.01);
  });

  it('sends a customer identify with their country before their first invoice, and again only when it changes', async () => {
    const { messages } = await mapFixture();
    const sequence = messages.map((m) => m.messageId);
    const identifies = messages.filter((m) => m.type === 'identify');
    expect(identifies.map((m) => [m.userId, m.traits.country, m.timestamp])).toEqual([
      ['17850', 'United Kingdom', '2010-12-01T08:26:00.000Z'],
      ['12583', 'France', '2010-12-01T08:40:00.000Z'],
      ['12583', 'Germany', '2010-12-02T09:00:00.000Z'],
      ['17851', 'Unspecified', '2010-12-03T10:00:00.000Z'],
      ['17852', 'United Kingdom', '2010-12-05T09:00:00.000Z'],
    ]);
    expect(sequence.indexOf('online-retail:identify:17850:536365')).toBe(sequence.indexOf('online-retail:536365') - 1);
    expect(sequence.indexOf('online-retail:identify:12583:536383')).toBe(sequence.indexOf('online-retail:536383') - 1);
  });

  it('sends messages in event-time order', async () => {
    const { messages } = await mapFixture();
    const times = messages.map((m) => m.timestamp);
    expect(times).toEqual([...times].sort());
  });

  it('skips bad-debt adjustments, unreadable lines and the invoices they belong to, with reasons and line numbers', async () => {
    const { skippedLines, skippedInvoices, stats, messages } = await mapFixture();
    expect(skippedLines).toEqual([
      { reason: 'invalid_quantity', count: 1, lines: [16] },
      { reason: 'invalid_date', count: 1, lines: [19] },
      { reason: 'invalid_customer_id', count: 1, lines: [20] },
      { reason: 'unreadable_line', count: 1, lines: [21] },
    ]);
    expect(skippedInvoices).toEqual([
      { reason: 'bad_debt_adjustment', count: 1, lines: [9] },
      { reason: 'unreadable_line_in_invoice', count: 4, lines: [16, 19, 20, 21] },
    ]);
    // The readable line 17 of invoice 536386 is not imported either: a partial order would be a wrong one.
    expect(messages.some((m) => m.messageId.endsWith('536386') || m.messageId.endsWith('A563185'))).toBe(false);
    expect(stats).toEqual({ invoices: 17, orders: 11, refunds: 1, customers: 4, guestInvoices: 3, identifies: 5, importedLines: 15 });
  });

  it('makes one product per StockCode, after its most recent priced line, and passes over notes at price 0', async () => {
    const { products } = await mapFixture();
    const byId = Object.fromEntries(products.map((p) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual(['22086', '22633', '22727', '22728', '22961', '71053', '84406B', '84879', '85123A', '99999']);
    // 22633 was renamed and repriced on 2010-12-02.
    expect(byId['22633']).toEqual({ id: '22633', name: 'HAND WARMER UNION JACK', price: 2.1, currency: 'GBP' });
    // 85123A's latest lines are a write-off at 0 ("damaged") and a line without description.
    expect(byId['85123A']).toEqual({ id: '85123A', name: 'WHITE HANGING HEART T-LIGHT HOLDER', price: 2.55, currency: 'GBP' });
    // Never described: named after its StockCode.
    expect(byId['99999']).toEqual({ id: '99999', name: '99999', price: 1, currency: 'GBP' });
  });

  it('gives the same messages, messageIds included, every time: a second import adds nothing', async () => {
    const first = await mapFixture();
    const second = await mapFixture();
    expect(second).toEqual(first);
    const ids = first.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('omits the name of a product line without description', async () => {
    const { messages } = await mapFixture();
    expect(order(messages, 'online-retail:536381').properties.products).toEqual([{ product_id: '85123A', quantity: 1, price: 0 }]);
  });
});

describe('reading an online-retail file', () => {
  const read = (text: string) => readOnlineRetail(Readable.from([Buffer.from(text)]));

  it('refuses a file without the header, before reading on', async () => {
    await expect(read('a,b,c\n1,2,3\n')).rejects.toMatchObject({ code: 'ERR_IMPORT_INVALID_INPUT', message: expect.stringContaining('lacks InvoiceNo') });
    await expect(read('')).rejects.toMatchObject({ code: 'ERR_IMPORT_INVALID_INPUT' });
    await expect(read('{"type":"track"}\n')).rejects.toMatchObject({ code: 'ERR_IMPORT_INVALID_INPUT' });
  });

  it('takes the columns in any order, with a BOM and CRLF line ends', async () => {
    const lines = await read('\uFEFFCountry,CustomerID,UnitPrice,InvoiceDate,Quantity,Description,StockCode,InvoiceNo\r\nFrance,12583,3.75,2010-12-01 08:45:00,24,PINK CLOCK,22728,536370\r\n');
    expect(lines).toEqual([
      {
        ok: true,
        value: { line: 2, invoice: '536370', stockCode: '22728', description: 'PINK CLOCK', quantity: 24, priceMicros: 3_750_000, at: Date.UTC(2010, 11, 1, 8, 45), customerId: '12583', country: 'France' },
      },
    ]);
  });

  it('numbers lines as in the file, where a quoted description spans two lines', async () => {
    const header = readFileSync(FIXTURE, 'utf8').split('\n')[0];
    const lines = await read(`${header}\n1,A,"TWO\nLINES",1,2010-12-01 08:00:00,1.00,,UK\n2,B,ONE,x,2010-12-01 08:00:00,1.00,,UK\n`);
    expect(lines.map((l) => (l.ok ? l.value.line : l.error.line))).toEqual([3, 4]);
  });
});

describe('InvoiceDate', () => {
  it('is read as UTC in the UCI form and the Excel form, and a date that does not exist is none', () => {
    expect(parseInvoiceDate('2010-12-01 08:26:00')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseInvoiceDate('12/1/2010 8:26')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseInvoiceDate('2/30/2011 8:26')).toBeUndefined();
    expect(parseInvoiceDate('12/1/2010 8:75')).toBeUndefined();
    expect(parseInvoiceDate('yesterday')).toBeUndefined();
  });
});
