import { createHmac } from 'node:crypto';
import type { ConsentViewBody, ProfileView } from '@rapport/contracts';
import type { TimelineEvent } from '@rapport/engine';
import { createRapport, memoryStorage, type Rapport, type SdkError } from '@rapport/sdk';
import { testDialects } from '@rapport/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRapport, waitForProcessor, type RapportProcess } from './support/rapport-process.js';
import { serverStorage, type ServerStorage } from './support/server-storage.js';

// The SDK's core, in Node.js with an in-memory storage, against the built server: what it sends must be what
// ingestion, profiles and POST /v1/decide take. (POST /v1/messages, /v1/location and GET /v1/me/why are tested
// against a local fake server in packages/sdk.)

describe.each(testDialects())('the SDK (@rapport/sdk) against the built server on %s', (dialect) => {
  let storage: ServerStorage;
  let server: RapportProcess;
  const clients: Rapport[] = [];
  const admin = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${server.secretKey}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const connect = (options: Partial<Parameters<typeof createRapport>[0]> = {}) => {
    const errors: SdkError[] = [];
    const client = createRapport({ writeKey: server.writeKey, host: server.url, storage: memoryStorage(), flushAt: 50, onError: (e) => errors.push(e), ...options });
    clients.push(client);
    return { client, errors };
  };

  beforeAll(async () => {
    storage = await serverStorage(dialect);
    server = await spawnRapport({ dataDir: storage.dataDir, env: storage.env });
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await server?.stop('SIGKILL');
    await storage?.dispose();
  });

  it('delivers identify, page, screen, track, group and consent; the profile and the timeline show them', async () => {
    const { client, errors } = connect({ context: { app: { name: 'Demo shop', version: '1.0' } } });
    client.setConsent({ analytics: true, personalization: true, marketing: true });
    client.page('Home');
    client.screen('Cart', { items: 1 });
    client.track('Product Viewed', { product_id: 'p-7', category: 'Mugs', price: 12.5 });
    client.identify('u-sdk', { email: 'ada@example.com', firstName: 'Ada' });
    client.group('company-1', { name: 'Acme' });
    client.track('Order Completed', { order_id: 'o-1', revenue: 25, currency: 'GBP', products: [{ product_id: 'p-7', price: 12.5, quantity: 2 }] });
    const flushed = await client.flush();
    expect(flushed).toEqual({ sent: 7, refused: 0, pending: 0 }); // with Segment Consent Preference Updated
    expect(errors).toEqual([]);

    await waitForProcessor(server.url);
    const profile = await admin<ProfileView>('/api/v1/profiles/u-sdk');
    expect(profile).toMatchObject({
      userIds: ['u-sdk'],
      anonymousIds: [client.user().anonymousId],
      traits: { email: 'ada@example.com', firstName: 'Ada' },
      groups: { 'company-1': { name: 'Acme' } },
      features: { pageViews: 1, screenViews: 1, orders: 1, revenue: 25, eventCounts: { 'Product Viewed': 1, 'Order Completed': 1 } },
    });
    const { items } = await admin<{ items: TimelineEvent[] }>('/api/v1/profiles/u-sdk/events?limit=100');
    expect(items).toHaveLength(7);
    expect(items.find((e) => e.event === 'Order Completed')).toMatchObject({ context: { library: { name: '@rapport/sdk' }, app: { name: 'Demo shop' } } });
    expect(items.every((e) => e.flags === undefined)).toBe(true);
    const consent = await admin<ConsentViewBody>('/api/v1/profiles/u-sdk/consent');
    expect(consent.purposes).toMatchObject({ analytics: { granted: true, source: 'event' }, marketing: { granted: true, source: 'event' } });

    // A withdrawal reaches the profile too.
    client.setConsent({ marketing: false });
    await client.flush();
    await waitForProcessor(server.url);
    expect((await admin<ConsentViewBody>('/api/v1/profiles/u-sdk/consent')).purposes['marketing']).toMatchObject({ granted: false, source: 'event' });
  });

  it('decide answers a placement made through the admin API, personalized for a signed-in person with their user token', async () => {
    await admin('/api/v1/placements', {
      method: 'POST',
      body: {
        key: 'sdk_hero',
        name: 'SDK hero',
        experiences: [{ key: 'welcome', name: 'Welcome', audience: { context: { pages: ['home'] } }, content: { title: "Hello {{ profile.firstName | default: 'friend' }}", ctaUrl: '/new' } }],
        default: { title: 'Our shop' },
      },
    });
    const { secret } = await admin<{ secret: string }>('/api/v1/identity-secret');
    const userToken = createHmac('sha256', secret).update('u-grace', 'utf8').digest('hex');

    const { client, errors } = connect({ consent: { personalization: true } });
    client.identify('u-grace', { firstName: 'Grace' }, { userToken });
    await client.flush();
    await waitForProcessor(server.url);
    const answer = await client.decide(['sdk_hero', 'missing_one'], { page: 'home' });
    expect(answer.error).toBeUndefined();
    expect(answer.personalized).toBe(true);
    expect(answer.decisions[0]).toMatchObject({ placement: 'sdk_hero', experience: { key: 'welcome' }, content: { title: 'Hello Grace', ctaUrl: '/new' }, reason: { kind: 'everyone' } });
    expect(answer.decisions[1]).toMatchObject({ placement: 'missing_one', content: null, reason: { kind: 'unknown_placement' } });
    expect((await client.decide(['sdk_hero'], { page: 'cart' })).decisions[0]).toMatchObject({ content: { title: 'Our shop' }, reason: { kind: 'default' } });

    // An anonymous visitor gets the same placement, not personalized.
    const visitor = connect();
    expect((await visitor.client.decide(['sdk_hero'], { page: 'home' })).decisions[0]).toMatchObject({ content: { title: 'Hello friend' } });

    // A token that does not sign the userId: the default, and the server's reason.
    const forged = connect({ userId: 'u-grace', userToken: '00'.repeat(32) });
    expect(await forged.client.decide(['sdk_hero'], { page: 'home' })).toMatchObject({ decisions: [], personalized: false, error: { reason: 'http', status: 401, code: 'ERR_AUTH_USER_TOKEN' } });

    // Recommendations: the public route takes the SDK's query as it is.
    const recs = await visitor.client.recommendations({ strategy: 'popular', limit: 3 });
    expect(recs.error).toBeUndefined();
    expect(recs).toMatchObject({ strategy: 'popular', items: expect.any(Array) });
    expect(errors).toEqual([]);
  });

  it('resolves decide with a reason instead of failing when the server is gone', async () => {
    const { client } = connect({ host: 'http://127.0.0.1:9', timeoutMs: 500 });
    expect(await client.decide(['sdk_hero'])).toMatchObject({ decisions: [], personalized: false, error: { reason: expect.stringMatching(/network|timeout/) } });
  });
});
