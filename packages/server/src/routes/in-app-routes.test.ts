import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@rapport/core';
import { userTokenOf } from '@rapport/engine';
import { testDialects } from '@rapport/storage/testing';
import { appFixture, type AppFixture } from '../testing/index.js';

// Monday 13 July 2026, 10:00 UTC (11:00 in London).
const NOW = Date.UTC(2026, 6, 13, 10);
const HOUR = 3_600_000;

const marketingYes = { context: { consent: { categoryPreferences: { marketing: true } } } };
const personalizationNo = { context: { consent: { categoryPreferences: { personalization: false, marketing: true } } } };

const welcome = {
  key: 'welcome',
  name: 'Welcome',
  format: 'modal',
  content: { title: 'Welcome{% if profile.firstName %}, {{ profile.firstName }}{% endif %}!', body: '10% off your first order', buttons: [{ text: 'Shop now', action: 'open_url', url: '/new?m={{ message.key }}' }, { text: 'Not now', action: 'dismiss' }] },
  trigger: { kind: 'session_start' },
  frequency: { total: 1 },
};
const cartReminder = {
  key: 'cart_reminder',
  name: 'Cart reminder',
  format: 'banner',
  content: { title: 'Your cart is waiting' },
  trigger: { kind: 'event', event: 'Product Added' },
  frequency: { perSession: 1, cooldownAfterDismissHours: 24 },
  priority: 10,
};
const orderUpdate = { key: 'order_update', name: 'Order update', format: 'toast', content: { title: 'Your order has shipped' }, trigger: { kind: 'screen', pages: ['/orders/*'] }, purpose: null };

describe.each(testDialects())('in-app messages and POST /v1/messages on %s', (dialect) => {
  let f: AppFixture;
  let clock: ManualClock;
  type Answer = { messages: { message: string; deliveryId: string; format: string; title: string; body: string | null; buttons: { text: string; action: string; url: string | null }[]; reason: { sentence: string }; tracking: Record<string, string | null> }[]; heldBack: { message: string; why: string }[] };
  const ask = async (body: object): Promise<Answer> => {
    const res = await f.post('messages', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Answer;
  };
  /** What the SDK sends when it shows a message or the person dismisses it. */
  const track = async (anonymousId: string, event: string, tracking: Record<string, string | null>) => {
    expect((await f.post('track', { anonymousId, event, properties: tracking, timestamp: new Date(clock.now()).toISOString() })).statusCode).toBe(200);
    await f.drain();
  };

  beforeAll(async () => {
    clock = new ManualClock(NOW);
    f = await appFixture(dialect, { clock });
    expect((await f.admin('POST', '/api/v1/segments', { name: 'Gold members', rule: { version: 1, root: { type: 'trait', trait: 'plan', op: 'eq', value: 'gold' } } })).statusCode).toBe(201);
    expect((await f.admin('POST', '/api/v1/geofences', { key: 'camden', name: 'Camden store', shape: { kind: 'circle', latitude: 51.539, longitude: -0.1426, radiusKm: 0.3 } })).statusCode).toBe(201);
    const batch = [
      { type: 'identify', anonymousId: 'ann', traits: { firstName: 'Ann' }, ...marketingYes },
      { type: 'identify', anonymousId: 'ben', traits: { firstName: 'Ben' }, ...marketingYes },
      { type: 'identify', anonymousId: 'cat', traits: { firstName: 'Cat' } },
      { type: 'identify', anonymousId: 'dan', traits: {}, ...personalizationNo },
    ].map((m) => ({ ...m, timestamp: new Date(NOW - HOUR).toISOString() }));
    expect((await f.post('batch', { batch })).statusCode).toBe(200);
    await f.drain();
  });
  afterAll(async () => {
    await f.dispose();
  });

  it('refuses messages that cannot work, pointing at what is wrong', async () => {
    const bad = await f.admin('POST', '/api/v1/in-app-messages', {
      key: 'bad',
      name: 'Bad',
      format: 'modal',
      content: { title: 'Hi', body: '{{ x | nope }}', buttons: [{ text: 'Go', action: 'open_url' }] },
      trigger: { kind: 'event', pages: ['/x'] },
      purpose: 'newsletters',
      audience: { segment: 'Nobody' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('ERR_MESSAGE_INVALID');
    expect((bad.json().details as { path: string }[]).map((d) => d.path).sort()).toEqual(['/audience/segment', '/content/body', '/content/buttons/0/url', '/purpose', '/trigger/event', '/trigger/pages']);
    expect((await f.admin('GET', '/api/v1/in-app-messages')).json().items).toEqual([]);
  });

  it('shows the welcome once, to people who consent to marketing, and says why others are held back', async () => {
    for (const m of [welcome, cartReminder, orderUpdate]) expect((await f.admin('POST', '/api/v1/in-app-messages', m)).statusCode).toBe(201);
    expect((await f.admin('POST', '/api/v1/in-app-messages', welcome)).statusCode).toBe(409);

    const first = await ask({ anonymousId: 'ann', sessionId: 's1', trigger: { kind: 'session_start' } });
    expect(first.messages).toHaveLength(1);
    const shown = first.messages[0]!;
    expect(shown).toMatchObject({
      message: 'welcome',
      format: 'modal',
      title: 'Welcome, Ann!',
      body: '10% off your first order',
      buttons: [
        { text: 'Shop now', action: 'open_url', url: '/new?m=welcome' },
        { text: 'Not now', action: 'dismiss', url: null },
      ],
      reason: { sentence: 'Shown to everyone.' },
      tracking: { message: 'welcome', deliveryId: shown.deliveryId, sessionId: 's1' },
    });
    // Asked again before the SDK's Message Shown is processed: this node remembers the delivery.
    expect((await ask({ anonymousId: 'ann', sessionId: 's1', trigger: { kind: 'session_start' } })).heldBack).toEqual([{ message: 'welcome', why: 'already shown 1 times (at most 1)' }]);
    await track('ann', 'Message Shown', shown.tracking);
    clock.advance(3 * 60_000);
    expect((await ask({ anonymousId: 'ann', sessionId: 's2', trigger: { kind: 'session_start' } })).heldBack).toEqual([{ message: 'welcome', why: 'already shown 1 times (at most 1)' }]);

    // Cat has not consented to marketing (opt-in by default): promotions are held back; a service message shows.
    expect(await ask({ anonymousId: 'cat', trigger: { kind: 'session_start' } })).toEqual({ messages: [], heldBack: [{ message: 'welcome', why: 'no consent to marketing' }] });
    const service = await ask({ anonymousId: 'cat', trigger: { kind: 'screen', page: '/orders/1042' } });
    expect(service.messages.map((m) => m.message)).toEqual(['order_update']);
    // A trigger that matches nothing answers nothing, and holds nothing back.
    expect(await ask({ anonymousId: 'cat', trigger: { kind: 'screen', page: '/home' } })).toEqual({ messages: [], heldBack: [] });
  });

  it('keeps to the daily budget of promotions, once per session, and pauses after a dismissal', async () => {
    expect((await f.admin('PATCH', '/api/v1/workspace', { messaging: { promotionalPerDay: 1 } })).statusCode).toBe(200);
    // Ann saw the welcome today: the reminder is over her budget.
    expect((await ask({ anonymousId: 'ann', sessionId: 's2', trigger: { kind: 'event', event: 'Product Added' } })).heldBack).toEqual([
      { message: 'cart_reminder', why: 'the daily limit of 1 promotional messages is reached' },
    ]);
    expect((await f.admin('PATCH', '/api/v1/workspace', { messaging: { promotionalPerDay: 5 } })).statusCode).toBe(200);
    const reminder = (await ask({ anonymousId: 'ann', sessionId: 's2', trigger: { kind: 'event', event: 'Product Added' } })).messages[0]!;
    expect(reminder).toMatchObject({ message: 'cart_reminder', format: 'banner', title: 'Your cart is waiting' });
    await track('ann', 'Message Shown', reminder.tracking);
    expect((await ask({ anonymousId: 'ann', sessionId: 's2', trigger: { kind: 'event', event: 'Product Added' } })).heldBack).toEqual([{ message: 'cart_reminder', why: 'already shown 1 times in this session (at most 1)' }]);
    await track('ann', 'Message Dismissed', reminder.tracking);
    clock.advance(2 * HOUR);
    expect((await ask({ anonymousId: 'ann', sessionId: 's3', trigger: { kind: 'event', event: 'Product Added' } })).heldBack).toEqual([{ message: 'cart_reminder', why: 'dismissed 2 h ago (24 h pause after a dismissal)' }]);
    clock.advance(23 * HOUR);
    expect((await ask({ anonymousId: 'ann', sessionId: 's4', trigger: { kind: 'event', event: 'Product Added' } })).messages.map((m) => m.message)).toEqual(['cart_reminder']);
  });

  it('keeps quiet hours in the person’s time zone, and picks the highest priority', async () => {
    const quiet = { ...cartReminder, key: 'late_offer', name: 'Late offer', priority: 20, frequency: {}, quietHours: { from: '22:00', to: '08:00' } };
    expect((await f.admin('POST', '/api/v1/in-app-messages', quiet)).statusCode).toBe(201);
    // 10:00 UTC + 25 h = 11:00 UTC on Tuesday: 20:00 in Tokyo, 04:00 in Los Angeles.
    const tokyo = await ask({ anonymousId: 'ben', sessionId: 'b1', trigger: { kind: 'event', event: 'Product Added' }, context: { timezone: 'Asia/Tokyo' } });
    expect(tokyo.messages.map((m) => m.message)).toEqual(['late_offer']);
    expect(tokyo.heldBack).toEqual([{ message: 'cart_reminder', why: '“late_offer” shows instead (higher priority)' }]);
    const la = await ask({ anonymousId: 'ben', sessionId: 'b2', trigger: { kind: 'event', event: 'Product Added' }, context: { timezone: 'America/Los_Angeles' } });
    expect(la.messages.map((m) => m.message)).toEqual(['cart_reminder']);
    expect(la.heldBack).toEqual([{ message: 'late_offer', why: 'quiet hours (22:00–08:00 in their time zone)' }]);
    // null removes quiet hours: the offer now shows in Los Angeles at 04:00 too.
    expect((await f.admin('PATCH', '/api/v1/in-app-messages/late_offer', { endAt: '2027-01-01T00:00:00Z' })).json().endAt).toBe('2027-01-01T00:00:00Z');
    const cleared = await f.admin('PATCH', '/api/v1/in-app-messages/late_offer', { quietHours: null, endAt: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ quietHours: null, endAt: null, priority: 20, trigger: { kind: 'event', event: 'Product Added' } });
    expect((await ask({ anonymousId: 'ben', sessionId: 'b2b', trigger: { kind: 'event', event: 'Product Added' }, context: { timezone: 'America/Los_Angeles' } })).messages.map((m) => m.message)).toEqual(['late_offer']);
    expect((await f.admin('DELETE', '/api/v1/in-app-messages/late_offer')).statusCode).toBe(204);
  });

  it('shows a message when a person enters a segment, once, with the segment as the reason', async () => {
    const gold = { key: 'gold_hello', name: 'Gold hello', format: 'card', content: { title: 'You are Gold now' }, trigger: { kind: 'segment_entered', segment: 'Gold members', withinHours: 48 }, audience: { segment: 'Gold members' } };
    expect((await f.admin('POST', '/api/v1/in-app-messages', gold)).statusCode).toBe(201);
    expect((await ask({ anonymousId: 'ben', trigger: { kind: 'screen', page: '/home' } })).messages).toEqual([]);
    expect((await f.post('identify', { anonymousId: 'ben', traits: { plan: 'gold' }, timestamp: new Date(clock.now()).toISOString() })).statusCode).toBe(200);
    await f.drain();
    const hello = await ask({ anonymousId: 'ben', sessionId: 'b3', trigger: { kind: 'screen', page: '/home' } });
    expect(hello.messages[0]).toMatchObject({ message: 'gold_hello', format: 'card', reason: { sentence: 'You see this because you are in “Gold members”.' } });
    await track('ben', 'Message Shown', hello.messages[0]!.tracking);
    expect((await ask({ anonymousId: 'ben', sessionId: 'b3', trigger: { kind: 'screen', page: '/home' } })).messages).toEqual([]);
  });

  it('tells geofence entries and exits from location updates, only with consent, and triggers on entry', async () => {
    const store = { key: 'camden_welcome', name: 'Camden welcome', format: 'toast', content: { title: 'Welcome to our Camden store' }, trigger: { kind: 'geofence_entered', geofence: 'camden' } };
    expect((await f.admin('POST', '/api/v1/in-app-messages', store)).statusCode).toBe(201);
    const at = async (anonymousId: string, latitude: number, longitude: number) => {
      const res = await f.post('location', { anonymousId, latitude, longitude });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect(await at('ben', 51.5391, -0.1425)).toEqual({ accepted: true, inside: ['camden'], entered: ['camden'], dwelled: [], exited: [] });
    expect(await at('ben', 51.5392, -0.1425)).toMatchObject({ entered: [], inside: ['camden'] });
    clock.advance(11 * 60_000);
    expect(await at('ben', 51.5392, -0.1425)).toMatchObject({ dwelled: ['camden'] });
    await f.drain();
    const entry = await ask({ anonymousId: 'ben', sessionId: 'b4', trigger: { kind: 'screen', page: '/home' } });
    expect(entry.messages.map((m) => m.message)).toEqual(['camden_welcome']);
    expect(await at('ben', 51.5, -0.2)).toMatchObject({ inside: [], exited: ['camden'] });
    await f.drain();
    const ben = await f.engine.profiles.find(f.workspaceId, 'ben');
    const events = (await f.engine.profiles.timeline(f.workspaceId, ben!.id, { limit: 50 })).items.map((e) => e.event).filter((e) => e?.startsWith('Geofence'));
    expect(events).toEqual(['Geofence Exited', 'Geofence Dwelled', 'Geofence Entered']);
    // The profile keeps the last location, coarsened to 2 decimals (≈ 1.1 km).
    expect(JSON.parse(ben!.features).location).toMatchObject({ latitude: 51.5, longitude: -0.2 });
    const precise = await f.post('location', { anonymousId: 'ben', latitude: 51.53914, longitude: -0.14263 });
    expect(precise.json().entered).toEqual(['camden']);
    await f.drain();
    expect(JSON.parse((await f.engine.profiles.find(f.workspaceId, 'ben'))!.features).location).toMatchObject({ latitude: 51.54, longitude: -0.14 });
    // Dan refused personalization: his location is neither kept nor used.
    expect(await at('dan', 51.5391, -0.1425)).toEqual({ accepted: false, inside: [], entered: [], dwelled: [], exited: [] });
    // A signed-in person needs their user token here too.
    expect((await f.post('location', { userId: 'ben-user', latitude: 51.5, longitude: 0 })).json().code).toBe('ERR_AUTH_USER_TOKEN');
    const secret = (await f.admin('GET', '/api/v1/identity-secret')).json().secret as string;
    expect((await f.post('location', { userId: 'ben-user', userToken: userTokenOf(secret, 'ben-user'), latitude: 51.5391, longitude: -0.1425 })).json()).toMatchObject({ accepted: true, entered: ['camden'] });
  });

  it("keeps to the person's own contact preferences: in-app promotions off, a lower daily limit", async () => {
    const preferences = (anonymousId: string, value: object) => f.post('identify', { anonymousId, traits: { rapport_preferences: value }, timestamp: new Date(clock.now()).toISOString(), ...marketingYes });
    expect((await preferences('eve', { channels: { inApp: false } })).statusCode).toBe(200);
    expect((await preferences('fay', { promotionalPerDay: 0 })).statusCode).toBe(200);
    await f.drain();
    expect((await ask({ anonymousId: 'eve', trigger: { kind: 'session_start' } })).heldBack).toEqual([{ message: 'welcome', why: 'they turned promotional in-app messages off' }]);
    expect((await ask({ anonymousId: 'fay', trigger: { kind: 'session_start' } })).heldBack).toEqual([{ message: 'welcome', why: 'the daily limit of 0 promotional messages is reached' }]);
    // Service messages still come.
    expect((await ask({ anonymousId: 'eve', trigger: { kind: 'screen', page: '/orders/7' } })).messages.map((m) => m.message)).toEqual(['order_update']);
  });

  it('exports and erases where a person is', async () => {
    expect((await f.post('location', { anonymousId: 'ann', latitude: 51.5391, longitude: -0.1425 })).json().entered).toEqual(['camden']);
    await f.drain();
    const exported = (await f.admin('GET', '/api/v1/subjects/ann/export')).json();
    expect(exported.stores.geofence_presence).toEqual([expect.objectContaining({ geofence: 'camden' })]);
    expect((await f.admin('DELETE', '/api/v1/subjects/ann')).statusCode).toBe(200);
    expect(await f.engine.repos.inApp.presenceOf(f.engine.database.kysely, f.workspaceId, ['a:ann'])).toEqual([]);
  });
});
