import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '@rapport/storage/testing';
import { appFixture, type AppFixture } from '../testing/index.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 3, 1, 9) + minutes * 60_000).toISOString();

/** Every row of every table, as text, to look for a person's identifiers anywhere. */
async function everyRowAsText(f: AppFixture): Promise<Map<string, string>> {
  const { database } = f.engine;
  const out = new Map<string, string>();
  for (const table of await database.listTables()) {
    // The event log has a query layer of its own (a file of its own on SQLite).
    const db = table === 'event_log' ? database.log : database.kysely;
    const rows = await db.selectFrom(table as 'events').selectAll().execute();
    out.set(table, JSON.stringify(rows, (_k, v: unknown) => (v !== null && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('utf8') : v)));
  }
  return out;
}

describe.each(testDialects())('export and erasure on %s', (dialect) => {
  let f: AppFixture;
  beforeEach(async () => {
    f = await appFixture(dialect);
    // Ada browses anonymously, logs in (merging two profiles), changes her consent, sends a bad event and an order.
    // Her first event's messageId names her device, as senders' ids sometimes do (the import's name customers).
    await f.post('batch', {
      batch: [
        { type: 'track', event: 'Product Viewed', anonymousId: 'ada-phone', messageId: 'ada-phone-view-1', properties: { product_id: 'p1', category: 'Tea' }, timestamp: at(0) },
        { type: 'track', event: 'Product Added', userId: 'ada', properties: { product_id: 'p2', category: 'Tea' }, timestamp: at(1) },
        { type: 'identify', userId: 'ada', anonymousId: 'ada-phone', traits: { email: 'ada@example.com' }, timestamp: at(2) },
        { type: 'track', event: 'Order Completed', userId: 'ada', properties: { order_id: 'o1', revenue: 12, products: [{ product_id: 'p2' }] }, timestamp: at(3), context: { consent: { categoryPreferences: { marketing: true } } } },
        { type: 'track', userId: 'ada', properties: {} },
      ],
    });
    // Bob's data must survive Ada's erasure.
    await f.post('track', { event: 'Product Viewed', userId: 'bob', properties: { product_id: 'p1' }, timestamp: at(4) });
    await f.drain();
  });
  afterEach(async () => {
    await f.dispose();
  });

  it('exports everything held about a person, from every store, as JSON and CSV', async () => {
    const res = await f.admin('GET', '/api/v1/subjects/ada-phone/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="rapport-export-.*\.json"/);
    const doc = res.json();
    expect(doc.subject.userIds).toEqual(['ada']);
    expect(doc.subject.anonymousIds).toEqual(['ada-phone']);
    expect(doc.subject.profileIds).toHaveLength(2); // the live profile and the one merged into it
    expect(Object.keys(doc.stores).sort()).toEqual(f.engine.privacyRegistry.stores.map((s) => s.name).sort());
    expect(doc.stores.events.map((e: { event?: string; type: string }) => e.event ?? e.type)).toEqual(['Product Viewed', 'Product Added', 'identify', 'Order Completed']);
    expect(doc.stores.profiles.find((p: { mergedInto: string | null }) => p.mergedInto === null).traits).toEqual({ email: 'ada@example.com' });
    expect(doc.stores.consent_history).toEqual([expect.objectContaining({ purpose: 'marketing', granted: true, source: 'event' })]);
    expect(doc.stores.product_interactions.map((p: { productId: string }) => p.productId)).toEqual(['p1', 'p2']);
    expect(doc.stores.rejected_events).toEqual([expect.objectContaining({ code: 'ERR_INGEST_INVALID_EVENT', userId: 'ada' })]);
    expect(JSON.stringify(doc)).not.toContain('bob');

    const csv = await f.admin('GET', '/api/v1/subjects/ada/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('store,record,field,value');
    expect(lines).toContain('profiles,0,traits.email,ada@example.com');
    expect(lines.some((l) => l.startsWith('events,3,properties.order_id,o1'))).toBe(true);

    const requests = (await f.admin('GET', '/api/v1/privacy/requests')).json().items;
    expect(requests.map((r: { kind: string }) => r.kind)).toEqual(['export', 'export']);
    // Requests name the person by a hash only (ids are random hex, which may hold the letters "ada" by chance).
    for (const id of ['"ada"', 'ada-phone', 'ada@example.com']) expect(JSON.stringify(requests)).not.toContain(id);
  });

  it('erases a person from every table, reports what it removed, and refuses their late events', async () => {
    const erased = await f.admin('DELETE', '/api/v1/subjects/ada');
    expect(erased.statusCode).toBe(200);
    const report = erased.json();
    expect(report).toMatchObject({ profiles: 2, suppressed: 2 });
    expect(report.removed).toMatchObject({ profiles: 2, identities: 2, events: 4, product_interactions: 2, consent_history: 1, rejected_events: 1 });

    const rows = await everyRowAsText(f);
    for (const [table, text] of rows) {
      for (const id of ['"ada"', 'ada-phone', 'ada@example.com']) expect(text.includes(id), `${table} still holds ${id}`).toBe(false);
    }
    expect(rows.get('events')).toContain('bob');
    expect((await f.admin('GET', '/api/v1/profiles/ada')).statusCode).toBe(404);
    expect((await f.admin('GET', '/api/v1/subjects/ada/export')).json().code).toBe('ERR_PRIVACY_SUBJECT_NOT_FOUND');

    // A phone that was offline sends Ada's events late: refused, and not kept (they are hers).
    const late = await f.post('batch', {
      batch: [
        { type: 'track', event: 'Product Viewed', anonymousId: 'ada-phone', properties: { product_id: 'p9' } },
        { type: 'track', event: 'Product Viewed', anonymousId: 'someone-else' },
      ],
    });
    expect(late.statusCode).toBe(403);
    expect(late.json()).toMatchObject({ accepted: 1, details: [{ index: 0, code: 'ERR_INGEST_SUPPRESSED' }] });
    await f.drain();
    expect((await f.admin('GET', '/api/v1/profiles/ada-phone')).statusCode).toBe(404);
    expect((await everyRowAsText(f)).get('rejected_events')).not.toContain('ada-phone');

    const request = (await f.admin('GET', `/api/v1/privacy/requests/${report.requestId}`)).json();
    expect(request).toMatchObject({ kind: 'erase', status: 'completed', report: { removed: report.removed } });
  });

  it('does not bring a person back from events accepted before the erasure but processed after it', async () => {
    await f.post('track', { event: 'Product Viewed', userId: 'ada', properties: { product_id: 'p3' } });
    // Not drained: the event waits in the log while the erasure runs.
    expect((await f.admin('DELETE', '/api/v1/subjects/ada')).statusCode).toBe(200);
    await f.drain();
    expect((await f.admin('GET', '/api/v1/profiles/ada')).statusCode).toBe(404);
    const rows = await everyRowAsText(f);
    for (const [table, text] of rows) expect(text.includes('"ada"'), `${table} still holds ada`).toBe(false);
  });
});
