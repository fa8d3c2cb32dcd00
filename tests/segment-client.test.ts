import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProfileView } from '@rapport/contracts';
import type { TimelineEvent } from '@rapport/engine';
import { testDialects } from '@rapport/storage/testing';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricReaching, metricValue } from './support/metrics.js';
import { spawnRapport, waitForProcessor, type RapportProcess } from './support/rapport-process.js';
import { serverStorage, type ServerStorage } from './support/server-storage.js';
import { basicAuth } from './support/shop.js';

// The real Segment Node library (@segment/analytics-node 3) with only its host pointed at Rapport. It posts JSON (it
// does not compress) to /v1/batch with the write key as HTTP Basic user and in the body, a batch-level sentAt and a
// `timestamp` per event; it retries network errors, 5xx and 429 (after Retry-After).

interface Wire {
  readonly requests: {
    url: string;
    headers: Record<string, string>;
    body: { batch: Record<string, unknown>[]; writeKey?: string; sentAt?: string };
  }[];
  readonly statuses: number[];
  readonly errors: unknown[];
}

/** Records what the client sends and hears, and any event it reports as not delivered. */
function watch(analytics: Analytics): Wire {
  const wire: Wire = { requests: [], statuses: [], errors: [] };
  analytics.on('http_request', (r) =>
    wire.requests.push({
      url: r.url,
      headers: r.headers,
      body: JSON.parse(r.body) as Wire['requests'][number]['body'],
    }),
  );
  analytics.on('http_response', (r) => wire.statuses.push(r.status));
  analytics.on('error', (e) => wire.errors.push(e));
  return wire;
}

/**
 * A proxy in front of Rapport that loses the first `lose` answers of 200 (the events are stored), as a
 * timeout or a dropped mobile connection does: the client must send them again.
 */
async function answerLosingProxy(
  target: string,
  lose: number,
): Promise<{ url: string; seen: () => number; close: () => Promise<void> }> {
  let seen = 0;
  let lost = 0;
  const forwarded = (h: IncomingHttpHeaders) =>
    Object.fromEntries(
      ['authorization', 'content-type', 'content-encoding'].flatMap((k) =>
        typeof h[k] === 'string' ? [[k, h[k]]] : [],
      ),
    );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const answer = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers: forwarded(req.headers),
          body: Buffer.concat(chunks),
        });
        const body = Buffer.from(await answer.arrayBuffer());
        seen++;
        if (answer.status === 200 && lost < lose) {
          lost++;
          return void req.socket.destroy();
        }
        const headers: Record<string, string> = {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
        };
        const retryAfter = answer.headers.get('retry-after');
        if (retryAfter !== null) headers['retry-after'] = retryAfter;
        res.writeHead(answer.status, headers).end(body);
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen: () => seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe.each(testDialects())(
  'a real Segment client (@segment/analytics-node) against the built server on %s',
  (dialect) => {
    let storage: ServerStorage;
    let server: RapportProcess;
    const read = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${server.url}${path}`, {
        headers: { authorization: `Bearer ${server.secretKey}` },
      });
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    };

    beforeAll(async () => {
      storage = await serverStorage(dialect);
      server = await spawnRapport({
        dataDir: storage.dataDir,
        env: { ...storage.env, RAPPORT_RATE_LIMIT_PER_SECOND: '4' },
      });
    });
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await storage?.dispose();
    });
    /** A client of this server's write key that sends to `host`, `flushAt` events per request. */
    const connect = (host: string, flushAt: number) => {
      const analytics = new Analytics({ writeKey: server.writeKey, host, flushAt, flushInterval: 200 });
      return { analytics, wire: watch(analytics) };
    };

    it('delivers track, identify, page, screen, group and alias with their properties, traits and timestamps', async () => {
      const { analytics, wire } = connect(server.url, 50);
      const addedAt = new Date(Date.now() - 3 * 24 * 3600 * 1000); // queued on a phone three days ago
      analytics.identify({
        anonymousId: 'anon-seg',
        traits: { email: 'ada@example.com', name: 'Ada', plan: 'pro' },
        context: { locale: 'en-GB', timezone: 'Europe/London' },
      });
      analytics.page({
        anonymousId: 'anon-seg',
        category: 'Shop',
        name: 'Home',
        properties: { path: '/', url: 'https://shop.example/' },
      });
      analytics.screen({ anonymousId: 'anon-seg', name: 'Cart', properties: { items: 2 } });
      analytics.track({
        anonymousId: 'anon-seg',
        event: 'Product Added',
        properties: { product_id: 'p-7', price: 12.5, quantity: 2, category: 'Mugs' },
        timestamp: addedAt,
      });
      analytics.alias({ userId: 'user-seg', previousId: 'anon-seg' });
      analytics.group({ userId: 'user-seg', groupId: 'company-1', traits: { name: 'Acme', employees: 12 } });
      analytics.track({
        userId: 'user-seg',
        event: 'Order Completed',
        properties: {
          order_id: 'o-1',
          revenue: 25,
          currency: 'GBP',
          products: [{ product_id: 'p-7', price: 12.5, quantity: 2 }],
        },
      });
      await analytics.closeAndFlush({ timeout: 15_000 });

      expect(wire.errors).toEqual([]);
      expect(wire.statuses.length).toBeGreaterThan(0);
      expect(wire.statuses.every((s) => s === 200)).toBe(true);
      expect(
        wire.requests.every(
          (r) =>
            r.url === `${server.url}/v1/batch` && r.headers['Authorization'] === basicAuth(server.writeKey),
        ),
      ).toBe(true);
      const sent = wire.requests.flatMap((r) => r.body.batch);
      expect(sent).toHaveLength(7);

      await waitForProcessor(server.url);
      const profile = await read<ProfileView>('/api/v1/profiles/user-seg');
      expect(profile).toMatchObject({
        userIds: ['user-seg'],
        anonymousIds: ['anon-seg'],
        traits: { email: 'ada@example.com', name: 'Ada', plan: 'pro' },
        groups: { 'company-1': { name: 'Acme', employees: 12 } },
        features: {
          pageViews: 1,
          screenViews: 1,
          orders: 1,
          revenue: 25,
          currency: 'GBP',
          eventCounts: { 'Product Added': 1, 'Order Completed': 1 },
        },
      });

      const { items } = await read<{ items: TimelineEvent[] }>('/api/v1/profiles/user-seg/events?limit=100');
      expect(items.map((e) => e.messageId).sort()).toEqual(sent.map((e) => e['messageId']).sort());
      const byType = (type: string, event?: string) =>
        items.find((e) => e.type === type && (event === undefined || e.event === event))!;
      expect(byType('identify')).toMatchObject({
        anonymousId: 'anon-seg',
        traits: { plan: 'pro' },
        context: { locale: 'en-GB', library: { name: '@segment/analytics-node' } },
      });
      expect(byType('page')).toMatchObject({ name: 'Home', category: 'Shop', properties: { path: '/' } });
      expect(byType('screen')).toMatchObject({ name: 'Cart', properties: { items: 2 } });
      expect(byType('alias')).toMatchObject({ userId: 'user-seg', previousId: 'anon-seg' });
      expect(byType('group')).toMatchObject({
        groupId: 'company-1',
        traits: { name: 'Acme', employees: 12 },
      });
      expect(byType('track', 'Order Completed')).toMatchObject({
        userId: 'user-seg',
        properties: { order_id: 'o-1', revenue: 25, products: [{ product_id: 'p-7' }] },
      });

      // Timestamps: the client's own time of each call is kept as originalTimestamp; `timestamp` is corrected for the
      // client's clock (here the same machine's, so it moves by the time in transit only); sentAt is the batch's.
      for (const e of items) {
        const original = sent.find((s) => s['messageId'] === e.messageId)!['timestamp'] as string;
        expect(e.originalTimestamp).toBe(new Date(original).toISOString());
        expect(Math.abs(Date.parse(e.timestamp) - Date.parse(original))).toBeLessThan(2000);
        expect(e.sentAt).toBeDefined();
        expect(e.flags).toBeUndefined();
      }
      expect(byType('track', 'Product Added').originalTimestamp).toBe(addedAt.toISOString());
    });

    it('retries a batch whose answer was lost and requests refused with 429, and stores every event once', async () => {
      const deduplicated = async () =>
        metricValue(await (await fetch(`${server.url}/metrics`)).text(), 'rapport_events_deduplicated_total');
      const dedupedBefore = await deduplicated();
      const proxy = await answerLosingProxy(server.url, 1);
      try {
        // One event per request, ten at once: more than the limit of 4 requests per second of this server.
        const { analytics, wire } = connect(proxy.url, 1);
        for (let i = 0; i < 10; i++)
          analytics.track({
            userId: 'user-retry',
            event: 'Product Viewed',
            properties: { product_id: `p-${i}` },
          });
        await analytics.closeAndFlush({ timeout: 20_000 });

        expect(wire.errors).toEqual([]);
        expect(wire.statuses).toContain(429);
        expect(proxy.seen()).toBeGreaterThan(10);
        const sentIds = new Set(
          wire.requests.flatMap((r) => r.body.batch.map((e) => e['messageId'] as string)),
        );
        expect(sentIds.size).toBe(10);

        await waitForProcessor(server.url);
        const { items } = await read<{ items: TimelineEvent[] }>(
          '/api/v1/profiles/user-retry/events?limit=100',
        );
        expect(items.map((e) => e.messageId).sort()).toEqual([...sentIds].sort());
        expect(items.map((e) => e.properties?.['product_id']).sort()).toEqual(
          Array.from({ length: 10 }, (_, i) => `p-${i}`).sort(),
        );
        const profile = await read<ProfileView>('/api/v1/profiles/user-retry');
        expect(profile.features.eventCounts).toEqual({ 'Product Viewed': 10 });
        expect((await metricReaching(server.url, 'rapport_events_deduplicated_total', dedupedBefore + 1)) - dedupedBefore).toBe(1);
      } finally {
        await proxy.close();
      }
    });
  },
);
