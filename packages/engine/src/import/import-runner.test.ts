import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '@rapport/storage';
import { testDialects } from '@rapport/storage/testing';
import { engineFixture, testSettings, type EngineFixture } from '../testing/index.js';
import { openImportFile } from './import-file.js';
import { runImport, type ImportOptions, type ImportSummary } from './import-runner.js';
import { importSettings } from './import-settings.js';

/** The UCI file the project ships next to the repository (DESIGN.md, "Data in ../shared/data"). */
const UCI_FILE = resolve(import.meta.dirname, '../../../../../shared/data/online-retail/online-retail.csv.gz');
const SLICE_LINES = 5000;

/** The header and the first `count` lines of the UCI file, as text. */
async function firstLines(count: number): Promise<string> {
  // In CI the file must be there (the suite does not skip it): say so plainly instead of timing out on a stream error.
  if (!existsSync(UCI_FILE)) throw new Error(`the UCI Online Retail file is missing: ${UCI_FILE}`);
  const lines: string[] = [];
  const input = createReadStream(UCI_FILE).pipe(createGunzip());
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lines.push(line);
    if (lines.length > count) break;
  }
  input.destroy();
  return `${lines.join('\n')}\n`;
}

interface Expected {
  orders: number;
  revenue: number;
  refunds: number;
  refundedRevenue: number;
  country: string;
}

/**
 * What each customer's profile must say, computed here from the CSV without the import's code: csv-parse's sync API,
 * float sums rounded per invoice (the slice has prices in whole pence, so floats do not drift a cent).
 */
function expectations(csv: string): { customers: Map<string, Expected>; guestInvoices: number; events: number } {
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  const invoices = new Map<string, Record<string, string>[]>();
  for (const r of rows) invoices.set(r['InvoiceNo']!, [...(invoices.get(r['InvoiceNo']!) ?? []), r]);
  const customers = new Map<string, Expected>();
  let guestInvoices = 0;
  let events = 0;
  const byTime = [...invoices].sort((a, b) => a[1].map((l) => l['InvoiceDate']!).sort()[0]!.localeCompare(b[1].map((l) => l['InvoiceDate']!).sort()[0]!));
  for (const [id, lines] of byTime) {
    if (id.startsWith('A')) continue;
    events++;
    const refund = id.startsWith('C');
    const cents = Math.round(lines.reduce((sum, l) => sum + (refund ? -1 : 1) * Number(l['Quantity']) * Number(l['UnitPrice']), 0) * 100) / 100;
    const customerId = lines[0]!['CustomerID']!;
    if (customerId === '') {
      guestInvoices++;
      continue;
    }
    const key = String(parseInt(customerId, 10));
    const c = customers.get(key) ?? { orders: 0, revenue: 0, refunds: 0, refundedRevenue: 0, country: '' };
    // An identify before the customer's first invoice, and one more each time their country changes.
    if (c.country !== lines[0]!['Country']) events++;
    c.country = lines[0]!['Country']!;
    if (refund) {
      c.refunds++;
      c.refundedRevenue += cents;
    } else {
      c.orders++;
      c.revenue += cents;
    }
    customers.set(key, c);
  }
  return { customers, guestInvoices, events };
}

/** A fresh engine and a temporary directory for the tests of one `describe`. */
function setUp(dialect: DialectName): { f: EngineFixture; dir: string } {
  const context = {} as { f: EngineFixture; dir: string };
  beforeAll(async () => {
    context.f = await engineFixture(dialect, { settings: importSettings(testSettings) });
    context.dir = mkdtempSync(join(tmpdir(), 'rapport-import-'));
  });
  afterAll(async () => {
    await context.f.dispose();
    rmSync(context.dir, { recursive: true, force: true });
  });
  return context;
}

/** Imports the file at `path` into the fixture's workspace. */
async function importInto(f: EngineFixture, path: string, options: Pick<ImportOptions, 'format'> & Partial<ImportOptions>): Promise<ImportSummary> {
  const file = await openImportFile(path);
  if (!file.ok) throw new Error(file.error);
  return runImport(f.engine, { workspaceId: f.workspaceId, file: file.value, ...options });
}

// Every CI run and every engineer has ../shared beside the project; only a clone on its own lacks it. In CI, missing
// data fails the suite instead of skipping it.
describe.skipIf(!existsSync(UCI_FILE) && process.env['CI'] !== 'true').each(testDialects())('importing the UCI online-retail file on %s', (dialect) => {
  const context = setUp(dialect);
  let csv: string;
  const importFile = () => importInto(context.f, join(context.dir, 'slice.csv.gz'), { format: 'online-retail', batchSize: 500, processEvery: 1000 });
  const count = async (table: 'events' | 'profiles') =>
    Number(
      (await context.f.engine.database.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', context.f.workspaceId).executeTakeFirstOrThrow()).n,
    );

  beforeAll(async () => {
    csv = await firstLines(SLICE_LINES);
    writeFileSync(join(context.dir, 'slice.csv.gz'), gzipSync(csv));
  });

  it('builds each customer’s profile: orders, revenue, refunds and country', async () => {
    const expected = expectations(csv);
    const { f } = context;
    const summary = await importFile();
    expect(summary).toMatchObject({ complete: true, lines: SLICE_LINES, events: { sent: expected.events, imported: expected.events, alreadyImported: 0, rejected: 0 } });
    expect(await count('events')).toBe(expected.events);
    expect(await count('profiles')).toBe(expected.customers.size + expected.guestInvoices);
    for (const [customerId, e] of expected.customers) {
      const profile = await f.engine.profiles.view(f.workspaceId, customerId, 'userId');
      expect({ customerId, ...profile?.features, country: profile?.traits['country'] }).toMatchObject({
        customerId,
        orders: e.orders,
        revenue: expect.closeTo(e.revenue, 2),
        refunds: e.refunds,
        refundedRevenue: expect.closeTo(e.refundedRevenue, 2),
        country: e.country,
        // Original timestamps are kept: the slice is from December 2010.
        lastSeenAt: expect.stringMatching(/^2010-12-/),
      });
    }
  });

  it('adds nothing when the same file is imported again', async () => {
    const { f } = context;
    const before = { events: await count('events'), profile: await f.engine.profiles.view(f.workspaceId, '17850', 'userId') };
    const summary = await importFile();
    expect(summary.events).toMatchObject({ imported: 0, alreadyImported: summary.events.sent, rejected: 0 });
    expect(await count('events')).toBe(before.events);
    expect((await f.engine.profiles.view(f.workspaceId, '17850', 'userId'))?.features).toEqual(before.profile?.features);
  });
});

describe.each(testDialects())('importing segment-jsonl on %s', (dialect) => {
  const context = setUp(dialect);

  it('ingests messages and batches like POST /v1, keeps bad lines with their reason, and imports nothing twice', async () => {
    const { f, dir } = context;
    const lines = [
      { type: 'identify', messageId: 'm1', userId: 'ada', traits: { country: 'FR' }, timestamp: '2021-03-01T10:00:00Z' },
      { batch: [{ type: 'track', messageId: 'm2', event: 'Order Completed', userId: 'ada', properties: { revenue: 30 }, timestamp: '2021-03-02T10:00:00Z', sentAt: '2021-03-02T10:00:00Z' }, { type: 'track', anonymousId: 'x' }] },
    ].map((l) => JSON.stringify(l));
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, [...lines, '', 'not json', JSON.stringify({ type: 'track', messageId: 'm3', event: 'Order Completed' })].join('\n'));
    const run = () => importInto(f, path, { format: 'segment-jsonl' });

    const first = await run();
    expect(first).toMatchObject({ complete: true, lines: 4, events: { sent: 4, accepted: 2, imported: 2, rejected: 3 } });
    expect(first.rejected).toEqual([
      { reason: 'ERR_INGEST_INVALID_EVENT', count: 1, lines: [2] },
      { reason: 'ERR_INGEST_INVALID_JSON', count: 1, lines: [4] },
      { reason: 'ERR_INGEST_MISSING_IDENTITY', count: 1, lines: [5] },
    ]);
    const ada = await f.engine.profiles.view(f.workspaceId, 'ada');
    expect(ada).toMatchObject({ traits: { country: 'FR' }, features: { orders: 1, revenue: 30, lastOrderAt: '2021-03-02T10:00:00.000Z' } });
    const kept = await f.engine.rejected.list({ workspaceId: f.workspaceId, code: 'ERR_INGEST_INVALID_JSON', limit: 10 });
    expect(kept.items.map((r) => [r.endpoint, r.body])).toEqual([['import', 'not json']]);

    const second = await run();
    expect(second.events).toMatchObject({ accepted: 2, imported: 0, alreadyImported: 2 });
    expect((await f.engine.profiles.view(f.workspaceId, 'ada'))?.features.orders).toBe(1);
  });

  it('refuses a file that is not JSON lines before importing anything', async () => {
    const { f, dir } = context;
    const path = join(dir, 'orders.csv');
    writeFileSync(path, 'InvoiceNo,StockCode\n536365,85123A\n');
    const kept = async () => (await f.engine.rejected.list({ workspaceId: f.workspaceId, limit: 100 })).items.length;
    const before = await kept();
    await expect(importInto(f, path, { format: 'segment-jsonl' })).rejects.toMatchObject({ code: 'ERR_IMPORT_INVALID_INPUT' });
    expect(await kept()).toBe(before);
  });
});
