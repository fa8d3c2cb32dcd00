import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@rapport/storage/testing';
import { appFixture, type AppFixture } from '../testing/index.js';

describe.each(testDialects())('admin API on %s', (dialect) => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await appFixture(dialect);
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('shows a profile with its events shortly after they were sent', async () => {
    const sent = await f.post('batch', {
      batch: [
        { type: 'identify', userId: 'u-42', anonymousId: 'anon-42', traits: { email: 'grace@example.com', name: 'Grace' } },
        { type: 'track', event: 'Order Completed', userId: 'u-42', properties: { order_id: 'o-1', revenue: 42.5, currency: 'GBP' } },
      ],
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ success: true });
    await f.drain();
    const profile = await f.admin('GET', '/api/v1/profiles/anon-42');
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toMatchObject({ userIds: ['u-42'], traits: { name: 'Grace' }, features: { orders: 1, revenue: 42.5, averageOrderValue: 42.5 } });
    const events = await f.admin('GET', '/api/v1/profiles/u-42/events?limit=1');
    expect(events.json().items).toHaveLength(1);
    const next = await f.admin('GET', `/api/v1/profiles/u-42/events?limit=1&cursor=${events.json().nextCursor}`);
    expect(next.json()).toMatchObject({ items: [{ type: 'identify' }], nextCursor: null });
    const search = await f.admin('GET', '/api/v1/profiles?q=grace');
    expect(search.json().items.map((p: { email: string }) => p.email)).toEqual(['grace@example.com']);
  });

  it('refuses write keys, unknown keys and missing scopes on admin routes', async () => {
    const write = await f.admin('GET', '/api/v1/profiles', undefined, f.writeKey);
    expect([write.statusCode, write.json().code]).toEqual([403, 'ERR_AUTH_WRONG_KEY_KIND']);
    const none = await f.admin('GET', '/api/v1/profiles', undefined, null);
    expect([none.statusCode, none.json().code]).toEqual([401, 'ERR_AUTH_MISSING_KEY']);
    const bad = await f.admin('GET', '/api/v1/profiles', undefined, 'sk_not_a_real_key_000000');
    expect([bad.statusCode, bad.json().code]).toEqual([401, 'ERR_AUTH_INVALID_KEY']);
    const created = await f.admin('POST', '/api/v1/keys', { kind: 'secret', name: 'catalog sync', scopes: ['catalog:write'] });
    expect(created.statusCode).toBe(201);
    const scoped = created.json().key as string;
    const denied = await f.admin('GET', '/api/v1/profiles', undefined, scoped);
    expect([denied.statusCode, denied.json().code]).toEqual([403, 'ERR_AUTH_SCOPE_MISSING']);
    const allowed = await f.admin('PUT', '/api/v1/catalog/products', { products: [{ id: 'sku-1', name: 'Mug' }] }, scoped);
    expect(allowed.statusCode).toBe(200);
  });

  it('revokes keys at once but never the last admin key', async () => {
    const listed = (await f.admin('GET', '/api/v1/keys')).json().items as { id: string; kind: string; scopes: string[]; revokedAt: string | null }[];
    const admin = listed.find((k) => k.kind === 'secret' && k.scopes.includes('admin'))!;
    const refused = await f.admin('DELETE', `/api/v1/keys/${admin.id}`);
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'ERR_KEY_LAST_ADMIN']);
    const write = listed.find((k) => k.kind === 'write')!;
    expect((await f.admin('DELETE', `/api/v1/keys/${write.id}`)).json().revokedAt).not.toBeNull();
    const after = await f.post('track', { event: 'X', anonymousId: 'a' });
    expect([after.statusCode, after.json().code]).toEqual([401, 'ERR_AUTH_INVALID_KEY']);
  });
});
