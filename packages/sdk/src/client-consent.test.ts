import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSENT_UPDATED_EVENT } from './consent.js';
import type { Storage } from './storage.js';
import { recordingServer, type RecordingServer } from './testing/recording-server.js';
import { sleep, testClient } from './testing/clients.js';

/** A storage that records every key written. */
function watchedStorage(): Storage & { readonly writes: string[]; readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  const writes: string[] = [];
  return {
    items,
    writes,
    getItem: (k) => items.get(k) ?? null,
    setItem: async (k, v) => {
      writes.push(k);
      items.set(k, v);
    },
    removeItem: (k) => void items.delete(k),
  };
}

describe('consent', () => {
  let server: RecordingServer;
  beforeEach(async () => (server = await recordingServer()));
  afterEach(() => server.close());

  it('with requireConsent, sends and stores nothing until the person consents, then sends what they did with the choice', async () => {
    const storage = watchedStorage();
    const { client } = testClient(server.url, { requireConsent: true, storage, flushAt: 1 });
    client.page('Home');
    client.track('Product Viewed', { product_id: 'p-1' });
    client.identify('u-1', { email: 'ada@example.com' }, { userToken: 't' });
    await client.decide(['home_hero'], { page: 'home' });
    await client.recommendations({ strategy: 'popular' });
    await client.flush();
    await sleep(50);
    expect(server.to('/v1/batch')).toEqual([]);
    expect(storage.writes).toEqual([]);
    // decide and recommendations were asked without any id, and record nothing.
    expect(JSON.parse(server.to('/v1/decide')[0]!.body)).not.toHaveProperty('anonymousId');
    expect(JSON.parse(server.to('/v1/decide')[0]!.body)).toMatchObject({ recordExposure: false });
    expect(server.to('/v1/recommendations')[0]!.query.has('anonymousId')).toBe(false);
    expect(await client.updateLocation(51.5, -0.12)).toMatchObject({ sent: false, error: { reason: 'consent' } });

    client.setConsent({ analytics: true, personalization: true, marketing: false });
    await client.flush();
    const events = server.events();
    expect(events.map((e) => e['event'] ?? e['type'])).toEqual(['page', 'Product Viewed', 'identify', CONSENT_UPDATED_EVENT]);
    for (const e of events) expect(e['context']).toMatchObject({ consent: { categoryPreferences: { analytics: true, personalization: true, marketing: false } } });
    expect(storage.items.get('rapport.consent')).toBe('{"analytics":true,"personalization":true,"marketing":false}');
    expect(storage.items.get('rapport.anonymousId')).toBe(client.user().anonymousId);
    expect(storage.items.get('rapport.userId')).toBe('u-1');
    await client.close();
  });

  it('attaches the choices to every event and sends each change as Segment Consent Preference Updated', async () => {
    const { client } = testClient(server.url, { flushAt: 100 });
    client.track('Before');
    client.setConsent({ analytics: true, marketing: true });
    client.track('After');
    client.setConsent({ marketing: true }); // no change: nothing sent
    client.setConsent({ marketing: false });
    client.track('Later');
    await client.flush();
    const events = server.events();
    expect(events.map((e) => e['event'])).toEqual(['Before', CONSENT_UPDATED_EVENT, 'After', CONSENT_UPDATED_EVENT, 'Later']);
    expect(events[0]!['context']).not.toHaveProperty('consent');
    expect(events[1]).toMatchObject({ type: 'track', context: { consent: { categoryPreferences: { analytics: true, marketing: true } } } });
    expect(events[3]).toMatchObject({ context: { consent: { categoryPreferences: { analytics: true, marketing: false } } } });
    expect(events[4]).toMatchObject({ context: { consent: { categoryPreferences: { analytics: true, marketing: false } } } });
    expect(client.getConsent()).toEqual({ analytics: true, marketing: false });
    await client.close();
  });

  it('stops collecting when everything is refused: the withdrawal is sent, nothing after it, and the stored ids go', async () => {
    const storage = watchedStorage();
    const { client } = testClient(server.url, { storage, flushAt: 100 });
    client.identify('u-1', {}, { userToken: 't' });
    client.track('Kept');
    client.setConsent({ analytics: false, personalization: false, marketing: false, advertising: false });
    client.track('Not sent');
    await client.flush();
    expect(server.events().map((e) => e['event'] ?? e['type'])).toEqual(['identify', 'Kept', CONSENT_UPDATED_EVENT]);
    expect([...storage.items.keys()].sort()).toEqual(['rapport.consent', 'rapport.queue']);
    await client.close();
  });

  it('with requireConsent, a refusal before anything was collected sends nothing at all', async () => {
    const storage = watchedStorage();
    const { client } = testClient(server.url, { storage, requireConsent: true });
    client.track('X');
    client.setConsent({ analytics: false, personalization: false });
    await client.flush();
    expect(server.requests).toEqual([]);
    expect([...storage.items.keys()]).toEqual(['rapport.consent']);
    await client.close();
  });

  it('remembers the choice across restarts', async () => {
    const storage = watchedStorage();
    const first = testClient(server.url, { storage, requireConsent: true });
    first.client.setConsent({ analytics: true });
    await first.client.close();
    const second = testClient(server.url, { storage, requireConsent: true, flushAt: 1 });
    second.client.track('Y');
    await server.waitFor('/v1/batch', 1);
    await second.client.flush();
    expect(server.events().at(-1)).toMatchObject({ event: 'Y', anonymousId: first.client.user().anonymousId, context: { consent: { categoryPreferences: { analytics: true } } } });
    await second.client.close();
  });

  it('sends a location only with consent to personalization, rounded to locationDecimals', async () => {
    const { client } = testClient(server.url, { locationDecimals: 2 });
    client.identify('u-1', {}, { userToken: 'tok-1' });
    expect(await client.updateLocation(51.507351, -0.127758)).toEqual({ sent: true, latitude: 51.51, longitude: -0.13 });
    expect(JSON.parse(server.to('/v1/location')[0]!.body)).toEqual({
      userId: 'u-1',
      userToken: 'tok-1',
      anonymousId: client.user().anonymousId,
      latitude: 51.51,
      longitude: -0.13,
      writeKey: 'wk_test_sdk',
    });
    // Later decisions carry the coarse location (geofence placements).
    await client.decide(['near_store']);
    expect(JSON.parse(server.to('/v1/decide')[0]!.body).context).toMatchObject({ location: { latitude: 51.51, longitude: -0.13 } });

    client.setConsent({ personalization: false });
    expect(await client.updateLocation(48.8566, 2.3522)).toMatchObject({ sent: false, error: { reason: 'consent' } });
    await client.decide(['near_store']);
    expect(JSON.parse(server.to('/v1/decide')[1]!.body).context).not.toHaveProperty('location');
    expect(await client.updateLocation(91, 0)).toMatchObject({ sent: false, error: { reason: 'invalid_input' } });
    expect(server.to('/v1/location')).toHaveLength(1);

    const precise = testClient(server.url, { locationDecimals: 4 });
    expect(await precise.client.updateLocation(-33.868820, 151.209296)).toMatchObject({ latitude: -33.8688, longitude: 151.2093 });
    await precise.client.close();
    await client.close();
  });
});
