import { geofenceErrorCodes } from '@rapport/engine';
import { testDialects } from '@rapport/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFixture, type AppFixture } from '../testing/index.js';

const store = {
  key: 'paris-louvre',
  name: 'Paris, rue de Rivoli',
  shape: { kind: 'circle', latitude: 48.8606, longitude: 2.3376, radiusKm: 0.5 },
};
const mall = {
  key: 'les-halles',
  name: 'Forum des Halles',
  shape: {
    kind: 'polygon',
    vertices: [
      [48.8635, 2.3445],
      [48.8635, 2.3485],
      [48.8608, 2.3485],
      [48.8608, 2.3445],
    ],
  },
};

describe.each(testDialects())('geofences API on %s', (dialect) => {
  let f: AppFixture;
  let readKey: string;
  beforeAll(async () => {
    f = await appFixture(dialect);
    readKey = (
      await f.engine.keys.create(f.workspaceId, { kind: 'secret', name: 'dashboard', scopes: ['read'] })
    ).key;
  });
  afterAll(async () => {
    await f.dispose();
  });

  it('creates circles and polygons, lists them by key, changes and deletes them', async () => {
    const circle = await f.admin('POST', '/api/v1/geofences', store);
    expect(circle.statusCode).toBe(201);
    expect(circle.json()).toMatchObject({
      id: expect.any(String),
      ...store,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const polygon = await f.admin('POST', '/api/v1/geofences', mall);
    expect(polygon.statusCode).toBe(201);
    expect(polygon.json().shape).toEqual(mall.shape);

    const list = await f.admin('GET', '/api/v1/geofences', undefined, readKey);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((g: { key: string }) => g.key)).toEqual(['les-halles', 'paris-louvre']);
    const one = await f.admin('GET', `/api/v1/geofences/${circle.json().id}`, undefined, readKey);
    expect(one.json()).toEqual(circle.json());

    const patched = await f.admin('PATCH', `/api/v1/geofences/${circle.json().id}`, {
      name: 'Louvre',
      shape: { ...store.shape, radiusKm: 1.5 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ key: 'paris-louvre', name: 'Louvre', shape: { radiusKm: 1.5 } });

    const deleted = await f.admin('DELETE', `/api/v1/geofences/${polygon.json().id}`);
    expect(deleted.statusCode).toBe(204);
    expect(
      (await f.admin('GET', '/api/v1/geofences')).json().items.map((g: { key: string }) => g.key),
    ).toEqual(['paris-louvre']);
    expect((await f.engine.geofences.shapes(f.workspaceId)).get('paris-louvre')).toMatchObject({
      radiusKm: 1.5,
    });
  });

  it('answers 409 for a key another geofence has', async () => {
    await f.admin('POST', '/api/v1/geofences', { ...store, key: 'taken' });
    const res = await f.admin('POST', '/api/v1/geofences', { ...mall, key: 'taken' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: geofenceErrorCodes.key_taken, details: [{ path: '/key' }] });
    const other = await f.admin('POST', '/api/v1/geofences', { ...mall, key: 'free' });
    const renamed = await f.admin('PATCH', `/api/v1/geofences/${other.json().id}`, { key: 'taken' });
    expect(renamed.statusCode).toBe(409);
  });

  it('answers 400 with the vertex for a polygon whose edges cross', async () => {
    const res = await f.admin('POST', '/api/v1/geofences', {
      key: 'bow-tie',
      name: 'Bow tie',
      shape: {
        kind: 'polygon',
        vertices: [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: geofenceErrorCodes.invalid_shape,
      details: [{ path: '/shape/vertices/3', message: expect.stringContaining('crosses') }],
    });
    expect(
      (await f.admin('GET', '/api/v1/geofences')).json().items.map((g: { key: string }) => g.key),
    ).not.toContain('bow-tie');
  });

  it('reports only the problems of the shape kind sent', async () => {
    const res = await f.admin('POST', '/api/v1/geofences', {
      key: 'short',
      name: 'Two points',
      shape: {
        kind: 'polygon',
        vertices: [
          [0, 0],
          [1, 1],
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    // Not also "latitude is required" and the like from the circle's schema.
    expect(res.json().details.filter((d: { path: string }) => d.path.startsWith('/shape/'))).toEqual([
      { path: '/shape/vertices', message: expect.stringContaining('3') },
    ]);
    const wide = await f.admin('POST', '/api/v1/geofences', {
      ...store,
      key: 'wide',
      shape: { ...store.shape, radiusKm: 1001 },
    });
    expect(wide.statusCode).toBe(400);
    expect(wide.json().details.map((d: { path: string }) => d.path)).toContain('/shape/radiusKm');
    const round = await f.admin('POST', '/api/v1/geofences', { ...store, key: 'round', shape: 'round' });
    expect(round.json().details).toEqual([{ path: '/shape', message: 'must be object' }]);
    const noKind = await f.admin('POST', '/api/v1/geofences', {
      ...store,
      key: 'no-kind',
      shape: { latitude: 1, longitude: 2 },
    });
    expect(noKind.json().details).toEqual([{ path: '/shape/kind', message: 'is required' }]);
    const badKey = await f.admin('POST', '/api/v1/geofences', { ...store, key: 'Paris Louvre' });
    expect(badKey.json().details.map((d: { path: string }) => d.path)).toEqual(['/key']);
  });

  it('answers 404 for an id the workspace does not have', async () => {
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await f.admin(method, '/api/v1/geofences/0190a8f0-0000-7000-8000-000000000000', body);
      expect(res.statusCode, method).toBe(404);
      expect(res.json(), method).toMatchObject({
        code: geofenceErrorCodes.not_found,
        details: [{ path: '/params/id' }],
      });
    }
  });

  it('refuses the write key everywhere, and a read key for changes', async () => {
    const created = (await f.admin('POST', '/api/v1/geofences', { ...store, key: 'guarded' })).json();
    for (const [method, url] of [
      ['GET', '/api/v1/geofences'],
      ['POST', '/api/v1/geofences'],
      ['GET', `/api/v1/geofences/${created.id}`],
      ['DELETE', `/api/v1/geofences/${created.id}`],
    ] as const) {
      const res = await f.admin(
        method,
        url,
        method === 'POST' ? { ...store, key: 'by-write-key' } : undefined,
        f.writeKey,
      );
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('ERR_AUTH_WRONG_KEY_KIND');
    }
    const byReader = await f.admin('PATCH', `/api/v1/geofences/${created.id}`, { name: 'x' }, readKey);
    expect(byReader.statusCode).toBe(403);
    expect(byReader.json().code).toBe('ERR_AUTH_SCOPE_MISSING');
    expect((await f.admin('DELETE', `/api/v1/geofences/${created.id}`, undefined, readKey)).statusCode).toBe(
      403,
    );
    expect((await f.admin('GET', `/api/v1/geofences/${created.id}`)).json().name).toBe(store.name);
  });

  it('documents the routes in the OpenAPI document under Geofences', async () => {
    const doc = (await f.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/geofences', '/api/v1/geofences/{id}']),
    );
    expect(doc.paths['/api/v1/geofences'].post.tags).toEqual(['Geofences']);
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain('Geofences');
  });
});
