import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@rapport/storage/testing';
import { appFixture, type AppFixture } from '../testing/index.js';

describe.each(testDialects())('consent, catalog, workspace and metrics routes on %s', (dialect) => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await appFixture(dialect);
    f.engine.processor.start(); // the consent API waits for the processor to apply its change
    await f.post('identify', { userId: 'c-1', anonymousId: 'c-anon', traits: { name: 'Chris' } });
    await f.drain();
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('records consent through the API with its source and history, and applies it at once', async () => {
    const before = await f.admin('GET', '/api/v1/profiles/c-1/consent');
    expect(before.json().purposes).toMatchObject({ marketing: { granted: false, source: 'default', at: null }, analytics: { granted: true, source: 'default' } });
    const set = await f.admin('PUT', '/api/v1/profiles/c-anon/consent', { purposes: { marketing: true, personalization: false } });
    expect(set.statusCode).toBe(200);
    expect(set.json().purposes).toMatchObject({ marketing: { granted: true, source: 'api' }, personalization: { granted: false, source: 'api' } });
    expect(set.json().history.map((h: { purpose: string; granted: boolean }) => [h.purpose, h.granted])).toEqual([
      ['marketing', true],
      ['personalization', false],
    ]);
    const profile = (await f.admin('GET', '/api/v1/profiles/c-1')).json();
    expect(profile.consent.marketing).toMatchObject({ granted: true, source: 'api' });
    // The change is an event of the person's timeline, as Segment's consent tools record it.
    const timeline = (await f.admin('GET', '/api/v1/profiles/c-1/events')).json().items;
    expect(timeline[0]).toMatchObject({ event: 'Segment Consent Preference Updated', context: { consent: { categoryPreferences: { marketing: true } } } });
  });

  it('refuses unknown purposes and unknown people with their codes and paths', async () => {
    const unknown = await f.admin('PUT', '/api/v1/profiles/c-1/consent', { purposes: { telepathy: true } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'ERR_CONSENT_UNKNOWN_PURPOSE', details: [{ path: '/purposes/telepathy' }] });
    const nobody = await f.admin('PUT', '/api/v1/profiles/nobody/consent', { purposes: { marketing: true } });
    expect([nobody.statusCode, nobody.json().code]).toEqual([404, 'ERR_PROFILE_NOT_FOUND']);
    const invalid = await f.admin('PUT', '/api/v1/profiles/c-1/consent', { purposes: { marketing: 'yes' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'ERR_REQUEST_INVALID', details: [{ path: '/purposes/marketing' }] });
  });

  it('upserts products in bulk, saving the valid ones and pointing at each invalid one', async () => {
    const res = await f.admin('PUT', '/api/v1/catalog/products', {
      products: [
        { id: 'mug-1', name: 'Blue mug', category: 'Kitchen>  Mugs ', price: 9.5, currency: 'GBP', tags: ['blue'] },
        { id: 'mug-2', name: 'Red mug', category: 'Kitchen > Mugs', inStock: false },
        { id: 'bad', price: -1 },
        { id: 'lamp', name: 'Lamp', category: 'Home > Lighting', attributes: { watts: 40 } },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ERR_CATALOG_SOME_PRODUCTS_REJECTED' });
    expect(res.json().details.map((d: { index: number; path: string }) => [d.index, d.path]).sort()).toEqual([
      [2, '/products/2/name'],
      [2, '/products/2/price'],
    ]);
    const mug = (await f.admin('GET', '/api/v1/catalog/products/mug-1')).json();
    expect(mug).toMatchObject({ name: 'Blue mug', category: 'Kitchen > Mugs', price: 9.5, inStock: true, tags: ['blue'] });
    const mugs = (await f.admin('GET', '/api/v1/catalog/products?category=Kitchen&inStock=true')).json();
    expect(mugs.items.map((p: { id: string }) => p.id)).toEqual(['mug-1']);
    const page1 = (await f.admin('GET', '/api/v1/catalog/products?limit=2')).json();
    const page2 = (await f.admin('GET', `/api/v1/catalog/products?limit=2&cursor=${page1.nextCursor}`)).json();
    expect([...page1.items, ...page2.items].map((p: { id: string }) => p.id)).toEqual(['lamp', 'mug-1', 'mug-2']);
    expect((await f.admin('DELETE', '/api/v1/catalog/products/lamp')).statusCode).toBe(204);
    expect((await f.admin('GET', '/api/v1/catalog/products/lamp')).json().code).toBe('ERR_CATALOG_PRODUCT_NOT_FOUND');
    const badCursor = await f.admin('GET', '/api/v1/catalog/products?cursor=garbage');
    expect([badCursor.statusCode, badCursor.json().details[0].path]).toEqual([400, '/cursor']);
  });

  it('changes workspace settings and refuses inconsistent ones', async () => {
    const ws = (await f.admin('GET', '/api/v1/workspace')).json();
    expect(ws.settings.purposes.map((p: { id: string }) => p.id)).toEqual(['analytics', 'personalization', 'marketing', 'advertising']);
    const changed = await f.admin('PATCH', '/api/v1/workspace', { name: 'Tea shop', retention: { eventsDays: 400 } });
    expect(changed.json()).toMatchObject({ name: 'Tea shop', settings: { retention: { eventsDays: 400, rejectedDays: 30 } } });
    const clash = await f.admin('PATCH', '/api/v1/workspace', {
      purposes: [
        { id: 'analytics', name: 'A', description: '', default: 'granted', aliases: ['Stats'] },
        { id: 'marketing', name: 'M', description: '', default: 'denied', aliases: ['stats'] },
      ],
    });
    expect([clash.statusCode, clash.json().code]).toEqual([400, 'ERR_WORKSPACE_INVALID_SETTINGS']);
  });

  it('reports ingestion and processing in Prometheus metrics', async () => {
    await f.post('track', { event: 'Counted', anonymousId: 'm', messageId: 'dup-1' });
    await f.post('track', { event: 'Counted', anonymousId: 'm', messageId: 'dup-1' });
    await f.post('track', { event: 'Counted' });
    await f.drain();
    const text = (await f.app.inject({ method: 'GET', url: '/metrics' })).body;
    const value = (name: string) => Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('rapport_events_deduplicated_total')).toBe(1);
    expect(value('rapport_events_rejected_total{code="ERR_INGEST_MISSING_IDENTITY"}')).toBe(1);
    expect(value('rapport_processor_lag_events')).toBe(0);
    expect(value('rapport_events_accepted_total')).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/rapport_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/v1\/track"\}/);
  });
});
