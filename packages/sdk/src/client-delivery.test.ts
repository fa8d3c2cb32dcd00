import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SDK_VERSION } from './event-context.js';
import { memoryStorage } from './storage.js';
import { recordingServer, type RecordingServer } from './testing/recording-server.js';
import { sleep, testClient, WRITE_KEY } from './testing/clients.js';
import { fetchTransport } from './transport.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('delivery of events (against a local recording server)', () => {
  let server: RecordingServer;
  beforeEach(async () => (server = await recordingServer()));
  afterEach(() => server.close());

  it("sends Segment's messages to /v1/batch as text/plain with the write key inside (no CORS preflight)", async () => {
    const { client, errors } = testClient(server.url, { flushAt: 6, context: { app: { name: 'Shop', version: '2.1' } } });
    client.identify('u-1', { email: 'ada@example.com' }, { userToken: 'tok' });
    client.track('Product Added', { product_id: 'p-1', price: 12.5 });
    client.page('Shop', 'Product', { sku: 'p-1' });
    client.screen('Cart', { items: 2 });
    client.group('company-1', { name: 'Acme' });
    client.alias('u-2');
    const [request] = await server.waitFor('/v1/batch', 1);
    const body = JSON.parse(request!.body) as { batch: Record<string, unknown>[]; writeKey: string; sentAt: string };
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('text/plain');
    expect(request!.headers['authorization']).toBeUndefined();
    expect(body.writeKey).toBe(WRITE_KEY);
    expect(Date.parse(body.sentAt)).toBeGreaterThan(Date.now() - 5000);
    expect(body.batch.map((e) => e['type'])).toEqual(['identify', 'track', 'page', 'screen', 'group', 'alias']);
    const anonymousId = client.user().anonymousId;
    for (const e of body.batch) {
      expect(e['messageId']).toMatch(UUID);
      expect(Date.parse(e['timestamp'] as string)).toBeGreaterThan(Date.now() - 5000);
      expect(e['anonymousId']).toBe(anonymousId);
      expect(e['userId']).toBe(e['type'] === 'alias' ? 'u-2' : 'u-1'); // an alias names the new id
      expect(e['context']).toMatchObject({ library: { name: '@rapport/sdk', version: SDK_VERSION }, app: { name: 'Shop', version: '2.1' }, timezone: expect.any(String) });
      expect(e['context']).not.toHaveProperty('consent'); // no choice made: the workspace's defaults apply
    }
    expect(body.batch[0]).toMatchObject({ traits: { email: 'ada@example.com' } });
    expect(body.batch[1]).toMatchObject({ event: 'Product Added', properties: { product_id: 'p-1', price: 12.5 } });
    expect(body.batch[2]).toMatchObject({ category: 'Shop', name: 'Product', properties: { sku: 'p-1', name: 'Product' } });
    expect(body.batch[3]).toMatchObject({ name: 'Cart', properties: { items: 2 } });
    expect(body.batch[4]).toMatchObject({ groupId: 'company-1', traits: { name: 'Acme' } });
    expect(body.batch[5]).toMatchObject({ userId: 'u-2', previousId: 'u-1' });
    expect(new Set(body.batch.map((e) => e['messageId'])).size).toBe(6);
    expect(errors).toEqual([]);
    await client.close();
  });

  it('sends when flushAt events wait, and otherwise flushIntervalMs after the first', async () => {
    const { client } = testClient(server.url, { flushAt: 3, flushIntervalMs: 300 });
    await client.ready;
    client.track('A');
    client.track('B');
    await sleep(100);
    expect(server.to('/v1/batch')).toHaveLength(0);
    client.track('C');
    await server.waitFor('/v1/batch', 1);
    await client.flush(); // the answer is in
    const started = performance.now();
    client.track('D');
    const [, second] = await server.waitFor('/v1/batch', 2);
    expect(second!.at - started).toBeGreaterThan(250);
    expect(server.events().map((e) => e['event'])).toEqual(['A', 'B', 'C', 'D']);
    await client.flush();
    expect(client.stats()).toMatchObject({ queued: 0, sent: 4, refused: 0, dropped: 0 });
    await client.close();
  });

  it('retries network failures and 5xx with exponential backoff and full jitter, then delivers each event once', async () => {
    server.answer((_r, i) => (i === 0 ? 'destroy' : i < 4 ? { status: 503, body: { code: 'X' } } : { status: 200, body: { success: true } }));
    const { client, errors } = testClient(server.url, { flushAt: 1, retry: { baseDelayMs: 60, maxDelayMs: 1000 } });
    client.track('Order Completed', { order_id: 'o-1' });
    const requests = await server.waitFor('/v1/batch', 5);
    // Waits between tries: random in [0, 60 × 2^n) ms, plus this machine's own delays.
    requests.slice(1).forEach((r, n) => expect(r.at - requests[n]!.at).toBeLessThan(60 * 2 ** n + 150));
    const ids = requests.map((r) => (JSON.parse(r.body) as { batch: { messageId: string }[] }).batch[0]!.messageId);
    expect(new Set(ids).size).toBe(1); // the same messageId every time: the server deduplicates
    expect(errors.map((e) => e.reason)).toEqual(['network', 'http', 'http', 'http']);
    expect(errors[1]).toMatchObject({ status: 503, code: 'X' });
    await sleep(100);
    expect(server.to('/v1/batch')).toHaveLength(5);
    expect(client.stats()).toMatchObject({ queued: 0, sent: 1 });
    await client.close();
  });

  it('spreads retries out at random (jitter), so that many phones do not retry in step', async () => {
    server.answer((r) => (server.to('/v1/batch').indexOf(r) < 2 ? { status: 500 } : { status: 200, body: { success: true } }));
    const { client } = testClient(server.url, { flushAt: 1, retry: { baseDelayMs: 400, maxDelayMs: 400 } });
    client.track('X');
    const waits: number[] = [];
    const requests = await server.waitFor('/v1/batch', 3, 5000);
    waits.push(requests[1]!.at - requests[0]!.at, requests[2]!.at - requests[1]!.at);
    for (const w of waits) expect(w).toBeLessThan(400 + 150);
    await client.close();
  });

  it('waits as long as Retry-After says after a 429', async () => {
    server.answer((_r, i) => (i === 0 ? { status: 429, body: { code: 'ERR_RATE_LIMITED' }, headers: { 'retry-after': '1' } } : { status: 200, body: { success: true } }));
    const { client, errors } = testClient(server.url, { flushAt: 1, retry: { baseDelayMs: 10, maxDelayMs: 20 } });
    client.track('X');
    const [first, second] = await server.waitFor('/v1/batch', 2, 5000);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(errors[0]).toMatchObject({ reason: 'http', status: 429, code: 'ERR_RATE_LIMITED' });
    await client.flush(); // X's answer is in
    // Even an explicit flush does not go sooner than the server asked.
    server.answer(() => ({ status: 429, headers: { 'retry-after': '5' } }));
    client.track('Y');
    await server.waitFor('/v1/batch', 3);
    const flushed = await client.flush();
    expect(flushed).toMatchObject({ sent: 0, pending: 1, error: { status: 429 } });
    expect(server.to('/v1/batch')).toHaveLength(3);
    await client.close();
  });

  it('does not retry a 4xx other than 429: the batch is dropped and counted', async () => {
    server.answer((_r, i) => (i === 0 ? { status: 400, body: { code: 'ERR_INGEST_SOME_EVENTS_REJECTED', message: '1 of 2 events were rejected' } } : { status: 200, body: { success: true } }));
    const { client, errors } = testClient(server.url, { flushAt: 2, retry: { baseDelayMs: 10 } });
    client.track('A');
    client.track('B');
    await server.waitFor('/v1/batch', 1);
    await sleep(150);
    expect(server.to('/v1/batch')).toHaveLength(1);
    expect(errors).toEqual([{ reason: 'http', status: 400, code: 'ERR_INGEST_SOME_EVENTS_REJECTED', message: '1 of 2 events were rejected' }]);
    expect(client.stats()).toMatchObject({ queued: 0, sent: 0, refused: 2 });
    client.track('C');
    await client.flush();
    expect(server.events().map((e) => e['event'])).toEqual(['A', 'B', 'C']);
    await client.close();
  });

  it('keeps events offline in storage and sends them after a restart with the same storage', async () => {
    const storage = memoryStorage();
    const offline = await recordingServer();
    await offline.close(); // nothing listens there: connections are refused
    const first = testClient(offline.url, { storage, flushAt: 1, retry: { baseDelayMs: 10_000 } });
    first.client.track('Product Viewed', { product_id: 'p-1' });
    first.client.track('Product Added', { product_id: 'p-1' });
    const flushed = await first.client.flush();
    expect(flushed).toMatchObject({ sent: 0, pending: 2, error: { reason: 'network' } });
    const anonymousId = first.client.user().anonymousId;
    await first.client.close();
    expect(JSON.parse((await storage.getItem('rapport.queue'))!).events).toHaveLength(2);

    // The app starts again, online: the stored events go first, with their ids and times, then the new one.
    const second = testClient(server.url, { storage, flushAt: 3 });
    second.client.track('Cart Viewed');
    await server.waitFor('/v1/batch', 1);
    await second.client.flush();
    const events = server.events();
    expect(events.map((e) => e['event'])).toEqual(['Product Viewed', 'Product Added', 'Cart Viewed']);
    expect(events.every((e) => e['anonymousId'] === anonymousId)).toBe(true);
    expect(second.client.user().anonymousId).toBe(anonymousId);
    expect(JSON.parse((await storage.getItem('rapport.queue'))!).events).toEqual([]);
    await second.client.close();
  });

  it('keeps at most maxQueueSize events offline, dropping the oldest and counting them', async () => {
    server.answer(() => 'destroy');
    const { client } = testClient(server.url, { maxQueueSize: 5, flushAt: 100, retry: { baseDelayMs: 60_000 } });
    for (let i = 0; i < 12; i++) client.track(`E${i}`);
    await client.ready;
    await client.flush();
    expect(client.stats()).toMatchObject({ queued: 5, dropped: 7 });
    server.answer(() => ({ status: 200, body: { success: true } }));
    await client.flush();
    expect(server.events().slice(-5).map((e) => e['event'])).toEqual(['E7', 'E8', 'E9', 'E10', 'E11']);
    await client.close();
  });

  it('hands the queue to sendBeacon when the page is hidden', async () => {
    const beacons: { url: string; body: string }[] = [];
    const transport = {
      request: fetchTransport().request,
      // A fake navigator.sendBeacon that delivers as the browser would, text/plain.
      beacon: (url: string, body: string) => {
        beacons.push({ url, body });
        void fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body });
        return true;
      },
    };
    const { client, hide } = testClient(server.url, { transport, flushAt: 100, flushIntervalMs: 60_000 });
    client.track('Checkout Started', { value: 30 });
    client.page('Checkout');
    await client.ready;
    await sleep(20);
    expect(server.requests).toHaveLength(0);
    hide();
    expect(beacons).toHaveLength(1);
    expect(beacons[0]!.url).toBe(`${server.url}/v1/batch`);
    const body = JSON.parse(beacons[0]!.body) as { batch: Record<string, unknown>[]; writeKey: string };
    expect(body.writeKey).toBe(WRITE_KEY);
    expect(body.batch.map((e) => e['type'])).toEqual(['track', 'page']);
    expect(client.stats().queued).toBe(0);
    await server.waitFor('/v1/batch', 1);
    hide(); // nothing left: no second beacon
    expect(beacons).toHaveLength(1);
    await client.close();
  });

  it('keeps the queue when the browser refuses the beacon', async () => {
    const transport = { request: fetchTransport().request, beacon: () => false };
    const { client, hide } = testClient(server.url, { transport, flushAt: 100, flushIntervalMs: 60_000 });
    client.track('A');
    await client.ready;
    await sleep(10);
    hide();
    expect(client.stats().queued).toBe(1);
    await client.flush();
    expect(server.events()).toHaveLength(1);
    await client.close();
  });

  it('never throws into the page: bad options, bad arguments, a broken storage, a failing transport', async () => {
    const errors: string[] = [];
    const onError = (e: { reason: string }) => void errors.push(e.reason);
    const { createRapport } = await import('./client.js');
    const bad = createRapport({ writeKey: '', host: 'nowhere', onError });
    expect(() => bad.track('X')).not.toThrow();
    await expect(bad.decide(['home_hero'])).resolves.toMatchObject({ decisions: [], personalized: false, error: { reason: 'invalid_input' } });
    expect(() => createRapport(undefined as never)).not.toThrow();

    const broken = {
      getItem: () => {
        throw new Error('disk');
      },
      setItem: () => Promise.reject(new Error('full')),
      removeItem: () => undefined,
    };
    const throwing = { request: () => Promise.reject(new TypeError('Failed to fetch')) };
    const client = createRapport({ writeKey: 'wk', host: server.url, storage: broken, transport: throwing, onError, flushAt: 1, retry: { baseDelayMs: 60_000 } });
    expect(() => {
      client.track(undefined as never);
      client.track('X', 'not properties' as never);
      client.identify(42 as never);
      client.page(null as never, undefined, undefined);
      client.setConsent('yes' as never);
    }).not.toThrow();
    await expect(client.flush()).resolves.toMatchObject({ error: { reason: 'network' } });
    await expect(client.decide(['home_hero'])).resolves.toMatchObject({ decisions: [], error: { reason: 'network' } });
    await expect(client.recommendations({ strategy: 'popular' })).resolves.toMatchObject({ items: [], error: { reason: 'network' } });
    await expect(client.why()).resolves.toMatchObject({ error: { reason: 'network' } });
    expect(errors).toEqual(expect.arrayContaining(['invalid_input', 'storage', 'network']));
    await client.close();
    await bad.close();
  });
});
