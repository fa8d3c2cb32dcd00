import type { ProductInput } from '@rapport/contracts';
import { ecommerceEvents } from '@rapport/contracts';
import { roundToCents } from './money.js';
import { RETAIL_CURRENCY, retailCatalog } from './retail-catalog.js';
import type { LineSkipReason, ParsedRetailLine, RetailLine } from './retail-record.js';
import { SkipTally, type SkipCount } from './skip-tally.js';

/** Why a whole invoice is left out. */
export const invoiceSkipReasons = [
  /** `A…` invoices: the shop's bad-debt adjustments, not sales. */
  'bad_debt_adjustment',
  /** One of its lines could not be read: importing the rest would record a wrong order, under a messageId that a corrected re-import could no longer change. */
  'unreadable_line_in_invoice',
  /** Its lines name different customers, so it belongs to nobody. */
  'several_customers',
] as const;
/** One of `invoiceSkipReasons`. */
export type InvoiceSkipReason = (typeof invoiceSkipReasons)[number];

/** An entry of `products[]` (Segment e-commerce spec v2). */
export interface RetailProductEntry {
  readonly product_id: string;
  readonly name?: string;
  readonly quantity: number;
  readonly price: number;
}

/** `Order Completed` or `Order Refunded` for one invoice. */
export interface RetailOrderMessage {
  readonly type: 'track';
  readonly event: typeof ecommerceEvents.orderCompleted | typeof ecommerceEvents.orderRefunded;
  readonly messageId: string;
  readonly userId?: string;
  readonly anonymousId?: string;
  readonly timestamp: string;
  readonly properties: {
    readonly order_id: string;
    readonly revenue: number;
    readonly currency: typeof RETAIL_CURRENCY;
    readonly products: readonly RetailProductEntry[];
  };
}

/** The customer's country, sent before their first invoice and whenever it changes. */
export interface RetailIdentifyMessage {
  readonly type: 'identify';
  readonly messageId: string;
  readonly userId: string;
  readonly timestamp: string;
  readonly traits: { readonly country: string };
}

/** A message the online-retail mapping makes. */
export type RetailMessage = RetailOrderMessage | RetailIdentifyMessage;

/** What the invoices of a file became. */
export interface RetailStats {
  /** Distinct invoice numbers in the file, skipped ones included. */
  readonly invoices: number;
  readonly orders: number;
  readonly refunds: number;
  /** Distinct customers of the imported invoices. */
  readonly customers: number;
  /** Imported invoices without a CustomerID. */
  readonly guestInvoices: number;
  readonly identifies: number;
  /** Lines of the imported invoices. */
  readonly importedLines: number;
}

/** What a file of the online-retail format becomes. */
export interface RetailMapping {
  /** In the order to send them: by event time, identify before the invoice it precedes. */
  readonly messages: readonly RetailMessage[];
  /** For each message, the first line of its invoice in the file, to point at it in reports. */
  readonly messageLines: readonly number[];
  readonly products: readonly ProductInput[];
  readonly stats: RetailStats;
  readonly skippedLines: readonly SkipCount<LineSkipReason>[];
  /** `count` is invoices, `lines` the first line of the first few. */
  readonly skippedInvoices: readonly SkipCount<InvoiceSkipReason>[];
}

/** The prefix of every messageId the mapping makes: one file's messages are the same on every run. */
export const RETAIL_MESSAGE_PREFIX = 'online-retail';

interface Invoice {
  readonly id: string;
  readonly lines: RetailLine[];
  /** Where it starts in the file, unreadable lines included. */
  readonly firstLine: number;
  /** The earliest InvoiceDate of its lines. */
  at: number;
  unreadable: boolean;
}

function groupByInvoice(parsed: readonly ParsedRetailLine[], skippedLines: SkipTally<LineSkipReason>): Map<string, Invoice> {
  const invoices = new Map<string, Invoice>();
  const invoice = (id: string, line: number): Invoice => {
    let found = invoices.get(id);
    if (found === undefined) invoices.set(id, (found = { id, lines: [], firstLine: line, at: Infinity, unreadable: false }));
    return found;
  };
  for (const p of parsed) {
    if (!p.ok) {
      skippedLines.add(p.error.reason, p.error.line);
      if (p.error.invoice !== null) invoice(p.error.invoice, p.error.line).unreadable = true;
      continue;
    }
    const inv = invoice(p.value.invoice, p.value.line);
    inv.lines.push(p.value);
    inv.at = Math.min(inv.at, p.value.at);
  }
  return invoices;
}

function skipReasonOf(invoice: Invoice): InvoiceSkipReason | undefined {
  if (/^A/i.test(invoice.id)) return 'bad_debt_adjustment';
  if (invoice.unreadable || invoice.lines.length === 0) return 'unreadable_line_in_invoice';
  const customer = invoice.lines[0]!.customerId;
  if (invoice.lines.some((l) => l.customerId !== customer)) return 'several_customers';
  return undefined;
}

function orderMessage(invoice: Invoice, timestamp: string): RetailOrderMessage {
  const refund = /^C/i.test(invoice.id);
  let revenueMicros = 0; // exact up to £9 billion per invoice (2^53 millionths)
  const products = invoice.lines.map((l): RetailProductEntry => {
    const quantity = refund ? Math.abs(l.quantity) : l.quantity;
    revenueMicros += quantity * l.priceMicros;
    return { product_id: l.stockCode, ...(l.description === '' ? {} : { name: l.description }), quantity, price: l.priceMicros / 1_000_000 };
  });
  const customerId = invoice.lines[0]!.customerId;
  return {
    type: 'track',
    event: refund ? ecommerceEvents.orderRefunded : ecommerceEvents.orderCompleted,
    messageId: `${RETAIL_MESSAGE_PREFIX}:${invoice.id}`,
    ...(customerId === null ? { anonymousId: `guest-${invoice.id}` } : { userId: customerId }),
    timestamp,
    properties: { order_id: refund ? invoice.id.slice(1) : invoice.id, revenue: roundToCents(revenueMicros), currency: RETAIL_CURRENCY, products },
  };
}

/**
 * Maps the lines of an online-retail file to Segment messages and catalog products (docs/import.md has the rules
 * and why). Pure: the same lines give the same messages, messageIds included, which is what makes a second import
 * of a file add nothing.
 */
export function mapOnlineRetail(parsed: readonly ParsedRetailLine[]): RetailMapping {
  const skippedLines = new SkipTally<LineSkipReason>();
  const skippedInvoices = new SkipTally<InvoiceSkipReason>();
  const invoices = groupByInvoice(parsed, skippedLines);
  const imported: Invoice[] = [];
  for (const invoice of invoices.values()) {
    const reason = skipReasonOf(invoice);
    if (reason === undefined) imported.push(invoice);
    else skippedInvoices.add(reason, invoice.firstLine);
  }
  // Messages go in event-time order, so that the processor sees each person's history as it happened; a stable
  // sort keeps the file's order between invoices of the same minute.
  imported.sort((a, b) => a.at - b.at);

  const messages: RetailMessage[] = [];
  const messageLines: number[] = [];
  const countryOf = new Map<string, string>();
  const customers = new Set<string>();
  let orders = 0;
  let identifies = 0;
  let guestInvoices = 0;
  for (const invoice of imported) {
    const timestamp = new Date(invoice.at).toISOString();
    const { customerId, country } = invoice.lines[0]!;
    if (customerId === null) guestInvoices++;
    else {
      customers.add(customerId);
      if (country !== '' && countryOf.get(customerId) !== country) {
        countryOf.set(customerId, country);
        identifies++;
        messages.push({ type: 'identify', messageId: `${RETAIL_MESSAGE_PREFIX}:identify:${customerId}:${invoice.id}`, userId: customerId, timestamp, traits: { country } });
        messageLines.push(invoice.firstLine);
      }
    }
    const order = orderMessage(invoice, timestamp);
    if (order.event === ecommerceEvents.orderCompleted) orders++;
    messages.push(order);
    messageLines.push(invoice.firstLine);
  }
  const importedLines = imported.flatMap((i) => i.lines);
  return {
    messages,
    messageLines,
    products: retailCatalog(importedLines),
    stats: { invoices: invoices.size, orders, refunds: imported.length - orders, customers: customers.size, guestInvoices, identifies, importedLines: importedLines.length },
    skippedLines: skippedLines.list(),
    skippedInvoices: skippedInvoices.list(),
  };
}
