import type { DeliveredMessageView } from '@rapport/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageActions, MessageRenderer } from './in-app.js';
import { recordingServer, type RecordingServer } from './testing/recording-server.js';
import { sleep, testClient, WRITE_KEY } from './testing/clients.js';

const decisions = {
  personalized: true,
  decisions: [{ placement: 'home_hero', kind: 'content', decisionId: 'd-1', experience: { key: 'e', name: 'E' }, variant: null, content: { title: 'Hi' }, reason: { kind: 'everyone', conditions: [], skipped: [], sentence: 'Shown to everyone.' } }],
};

const message = (overrides: Partial<DeliveredMessageView> = {}): DeliveredMessageView => ({
  message: 'welcome',
  deliveryId: 'dl-1',
  format: 'modal',
  title: 'Welcome',
  body: 'Ten percent off today',
  imageUrl: null,
  imageAlt: null,
  buttons: [
    { text: 'Shop now', action: 'open_url', url: '/sale' },
    { text: 'Not now', action: 'dismiss', url: null },
  ],
  reason: { sentence: 'New visitors see it.' },
  tracking: { message: 'welcome', deliveryId: overrides.deliveryId ?? 'dl-1', sessionId: 's-1' },
  ...overrides,
});

describe('personalization calls (against a local recording server)', () => {
  let server: RecordingServer;
  beforeEach(async () => (server = await recordingServer()));
  afterEach(() => server.close());

  it('decide posts the placements, the filled-in context and the signed-in person with their userToken', async () => {
    server.answer(() => ({ status: 200, body: decisions }));
    const { client, errors } = testClient(server.url, { userId: 'u-1', userToken: 'f00d', platform: 'ios' });
    const answer = await client.decide(['home_hero'], { page: 'home', device: 'mobile' }, { recordExposure: false });
    expect(answer).toEqual(decisions);
    const [request] = server.to('/v1/decide');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
      userId: 'u-1',
      userToken: 'f00d',
      anonymousId: client.user().anonymousId,
      placements: ['home_hero'],
      context: { page: 'home', device: 'mobile', platform: 'ios', timezone: expect.any(String) },
      recordExposure: false,
      writeKey: WRITE_KEY,
    });
    expect(errors).toEqual([]);

    // identify with a new userToken replaces it; a new person without one asks as the anonymous visitor, and says so.
    client.identify('u-1', {}, { userToken: 'beef' });
    await client.decide(['home_hero']);
    expect(JSON.parse(server.to('/v1/decide')[1]!.body)).toMatchObject({ userId: 'u-1', userToken: 'beef', recordExposure: true });
    client.identify('u-2');
    await client.decide(['home_hero']);
    const third = JSON.parse(server.to('/v1/decide')[2]!.body) as Record<string, unknown>;
    expect(third).not.toHaveProperty('userId');
    expect(third).not.toHaveProperty('userToken');
    expect(third['anonymousId']).toBe(client.user().anonymousId);
    expect(errors.map((e) => e.reason)).toEqual(['user_token']);
    await client.close();
  });

  it('decide resolves within timeoutMs with no decisions and the reason, whatever the server does', async () => {
    server.answer(() => ({ status: 200, body: decisions, delayMs: 3000 }));
    const { client } = testClient(server.url);
    await client.ready;
    const started = performance.now();
    const answer = await client.decide(['home_hero']);
    expect(performance.now() - started).toBeLessThan(1500 + 300);
    expect(performance.now() - started).toBeGreaterThan(1400);
    expect(answer).toMatchObject({ decisions: [], personalized: false, error: { reason: 'timeout' } });

    server.answer(() => ({ status: 401, body: { code: 'ERR_AUTH_USER_TOKEN', message: 'the userToken is not the signature of this userId' } }));
    expect(await client.decide(['home_hero'], undefined)).toEqual({ decisions: [], personalized: false, error: { reason: 'http', status: 401, code: 'ERR_AUTH_USER_TOKEN', message: 'the userToken is not the signature of this userId' } });
    server.answer(() => 'destroy');
    expect(await client.decide(['home_hero'])).toMatchObject({ decisions: [], error: { reason: 'network' } });
    expect(await client.decide([])).toMatchObject({ decisions: [], error: { reason: 'invalid_input' } });
    const quick = testClient(server.url, { timeoutMs: 100 });
    server.answer(() => ({ status: 200, body: decisions, delayMs: 1000 }));
    expect(await quick.client.decide(['home_hero'])).toMatchObject({ error: { reason: 'timeout' } });
    await quick.client.close();
    await client.close();
  });

  it('recommendations asks GET /v1/recommendations with the anonymousId and the write key in the query', async () => {
    const recs = { recommender: 'picks', strategy: 'bought_together', fallback: false, personalized: true, modelVersion: 3, items: [] };
    server.answer(() => ({ status: 200, body: recs }));
    const { client } = testClient(server.url, { userId: 'u-1', userToken: 't' });
    expect(await client.recommendations({ recommender: 'picks', itemIds: ['p-1', 'p 2'], limit: 4 })).toEqual(recs);
    const [request] = server.to('/v1/recommendations');
    expect(request!.method).toBe('GET');
    expect(Object.fromEntries(request!.query)).toEqual({ recommender: 'picks', itemIds: 'p-1,p 2', limit: '4', anonymousId: client.user().anonymousId, writeKey: WRITE_KEY });
    server.answer(() => ({ status: 404, body: { code: 'ERR_RECS_RECOMMENDER_NOT_FOUND', message: 'no recommender' } }));
    expect(await client.recommendations({ recommender: 'gone' })).toMatchObject({ recommender: 'gone', items: [], personalized: false, error: { status: 404 } });
    await client.close();
  });

  it('why asks GET /v1/me/why with the person’s ids and returns its JSON', async () => {
    const why = { known: true, personalized: true, summary: 'We use what you viewed.', consent: [], segments: [{ id: 's', name: 'Tea lovers', since: '2026-01-01T00:00:00.000Z', sentence: 'You bought tea twice' }], interests: [], recentlyViewed: [], recommendations: '', placements: [], messages: [] };
    server.answer(() => ({ status: 200, body: why }));
    const { client } = testClient(server.url);
    client.identify('u-9', {}, { userToken: 'abc' });
    expect(await client.why()).toEqual(why);
    const [request] = server.to('/v1/me/why');
    expect(Object.fromEntries(request!.query)).toEqual({ userId: 'u-9', userToken: 'abc', anonymousId: client.user().anonymousId, writeKey: WRITE_KEY });
    server.answer(() => ({ status: 401, body: { code: 'ERR_AUTH_USER_TOKEN', message: 'no' } }));
    expect(await client.why()).toMatchObject({ known: false, segments: [], error: { reason: 'http', code: 'ERR_AUTH_USER_TOKEN' } });
    await client.close();
  });

  it('reset forgets the signed-in person: a new anonymous id, no userId or token', async () => {
    const { client } = testClient(server.url, { flushAt: 1 });
    client.identify('u-1', {}, { userToken: 't' });
    const before = client.user().anonymousId;
    client.reset();
    client.track('After');
    await server.waitFor('/v1/batch', 2);
    await client.flush();
    const after = server.events().find((e) => e['event'] === 'After')!;
    expect(after['userId']).toBeUndefined();
    expect(after['anonymousId']).not.toBe(before);
    expect(client.user()).toEqual({ anonymousId: after['anonymousId'], userId: null });
    await client.close();
  });
});

describe('in-app messages', () => {
  let server: RecordingServer;
  beforeEach(async () => (server = await recordingServer()));
  afterEach(() => server.close());

  /** A renderer that keeps what it was asked to show, and the actions to play the person's part. */
  function fakeRenderer(): MessageRenderer & { shown: { message: DeliveredMessageView; actions: MessageActions }[] } {
    const shown: { message: DeliveredMessageView; actions: MessageActions }[] = [];
    return {
      shown,
      show(m, actions) {
        shown.push({ message: m, actions });
        actions.shown();
      },
    };
  }

  it('asks on session start, page and screen views and tracked events, and tracks shown, clicked and dismissed', async () => {
    let reply: DeliveredMessageView[] = [];
    server.answer((r) => (r.path === '/v1/messages' ? { status: 200, body: { messages: reply, heldBack: [] } } : { status: 200, body: { success: true } }));
    const renderer = fakeRenderer();
    const { client } = testClient(server.url, { renderer, flushAt: 100, userId: 'u-1', userToken: 'tok' });
    client.screen('Cart');
    client.track('Product Added', { product_id: 'p-1' });
    await server.waitFor('/v1/messages', 3);
    const asks = server.to('/v1/messages').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(asks.map((a) => a['trigger'])).toEqual([{ kind: 'session_start' }, { kind: 'screen', page: 'Cart' }, { kind: 'event', event: 'Product Added' }]);
    expect(asks[0]).toMatchObject({ userId: 'u-1', userToken: 'tok', anonymousId: client.user().anonymousId, sessionId: expect.any(String), writeKey: WRITE_KEY });
    expect(new Set(asks.map((a) => a['sessionId'])).size).toBe(1);
    expect(renderer.shown).toHaveLength(0);

    reply = [message()];
    client.track('Checkout Started');
    await server.waitFor('/v1/messages', 4);
    await sleep(20);
    expect(renderer.shown.map((s) => s.message.message)).toEqual(['welcome']);
    // While one is on screen, triggers do not ask for another.
    client.track('Coupon Entered');
    await sleep(50);
    expect(server.to('/v1/messages')).toHaveLength(4);
    const { actions } = renderer.shown[0]!;
    actions.shown();
    actions.clicked(1); // "Not now": a click and a dismissal
    actions.dismissed(); // already closed: not counted again
    await client.flush();
    const tracked = server.events().filter((e) => String(e['event']).startsWith('Message '));
    expect(tracked.map((e) => [e['event'], e['properties']])).toEqual([
      ['Message Shown', { message: 'welcome', deliveryId: 'dl-1', sessionId: 's-1' }],
      ['Message Clicked', { message: 'welcome', deliveryId: 'dl-1', sessionId: 's-1', button: 1 }],
      ['Message Dismissed', { message: 'welcome', deliveryId: 'dl-1', sessionId: 's-1' }],
    ]);
    // The SDK's own events ask for nothing.
    expect(server.to('/v1/messages').map((r) => (JSON.parse(r.body) as { trigger: { event?: string } }).trigger.event)).not.toContain('Message Shown');

    reply = [message({ deliveryId: 'dl-2', format: 'toast' })];
    client.track('Wishlist Viewed');
    await server.waitFor('/v1/messages', 5);
    await sleep(20);
    renderer.shown[1]!.actions.clicked(0);
    await client.flush();
    expect(server.events().filter((e) => e['event'] === 'Message Clicked').at(-1)!['properties']).toEqual({ message: 'welcome', deliveryId: 'dl-2', sessionId: 's-1', button: 0 });
    expect(server.events().filter((e) => e['event'] === 'Message Dismissed')).toHaveLength(1);
    await client.close();
  });

  it('does not ask without a renderer, nor without consent', async () => {
    const plain = testClient(server.url, { flushAt: 1 });
    plain.client.track('A');
    await plain.client.flush();
    const waiting = testClient(server.url, { renderer: fakeRenderer(), requireConsent: true });
    waiting.client.track('B');
    await waiting.client.flush();
    await sleep(30);
    expect(server.to('/v1/messages')).toEqual([]);
    await plain.client.close();
    await waiting.client.close();
  });

  it('survives a renderer that throws or refuses, and a failing messages endpoint', async () => {
    server.answer((r) => (r.path === '/v1/messages' ? { status: 200, body: { messages: [message()], heldBack: [] } } : { status: 200, body: { success: true } }));
    let calls = 0;
    const renderer: MessageRenderer = {
      show: () => {
        calls++;
        if (calls === 1) throw new Error('no root view');
        return false;
      },
    };
    const { client, errors } = testClient(server.url, { renderer });
    client.track('A');
    client.track('B');
    await server.waitFor('/v1/messages', 3);
    await sleep(20);
    expect(calls).toBe(3);
    expect(errors.map((e) => e.reason)).toEqual(['internal']);
    server.answer(() => ({ status: 500 }));
    client.track('C');
    await server.waitFor('/v1/messages', 4);
    await client.flush();
    expect(server.events().filter((e) => String(e['event']).startsWith('Message '))).toEqual([]);
    await client.close();
  });
});
