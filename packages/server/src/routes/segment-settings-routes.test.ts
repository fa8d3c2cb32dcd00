import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFixture, type AppFixture } from '../testing/index.js';

describe('analytics.js settings', () => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await appFixture('sqlite');
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('points analytics.js at this server and turns off its telemetry', async () => {
    const res = await f.app.inject({ method: 'GET', url: `/v1/projects/${f.writeKey}/settings`, headers: { host: 'rapport.shop.example:8700', origin: 'https://shop.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json()).toMatchObject({ integrations: { 'Segment.io': { apiKey: f.writeKey, apiHost: 'rapport.shop.example:8700/v1', protocol: 'http' } }, metrics: { sampleRate: 0 } });
    const unknown = await f.app.inject({ method: 'GET', url: '/v1/projects/wk_unknown_0000000000/settings' });
    expect([unknown.statusCode, unknown.json().code]).toEqual([401, 'ERR_AUTH_INVALID_KEY']);
  });

  it('takes events the way analytics.js sends them: text/plain, writeKey in the body, short endpoints', async () => {
    const body = JSON.stringify({
      type: 'track',
      event: 'Product Viewed',
      anonymousId: 'ajs-anon',
      properties: { product_id: 'p1' },
      writeKey: f.writeKey,
      context: { library: { name: 'analytics.js', version: 'next-1.84.3' }, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36', page: { path: '/p/1' } },
      messageId: 'ajs-next-1',
      timestamp: new Date().toISOString(),
      sentAt: new Date().toISOString(),
    });
    const res = await f.app.inject({ method: 'POST', url: '/v1/t', headers: { 'content-type': 'text/plain', origin: 'https://shop.example' }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    await f.drain();
    const profile = (await f.admin('GET', '/api/v1/profiles/ajs-anon')).json();
    expect(profile.features).toMatchObject({ platform: 'web', browser: { name: 'Chrome' }, eventCounts: { 'Product Viewed': 1 } });
    const events = (await f.admin('GET', '/api/v1/profiles/ajs-anon/events')).json().items;
    expect(events[0]).not.toHaveProperty('writeKey');
  });
});
