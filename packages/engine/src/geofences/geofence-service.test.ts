import type { CreateGeofenceBody } from '@rapport/contracts';
import { ManualClock } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from '../testing/index.js';
import { GeofenceService, type GeofenceChange } from './index.js';

const louvreStore: CreateGeofenceBody = {
  key: 'paris-louvre',
  name: 'Paris, rue de Rivoli',
  shape: { kind: 'circle', latitude: 48.8606, longitude: 2.3376, radiusKm: 0.5 },
};
const mall: CreateGeofenceBody = {
  key: 'mall_les_halles',
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
const bowTie: CreateGeofenceBody = {
  key: 'bow-tie',
  name: 'Drawn wrong',
  shape: {
    kind: 'polygon',
    vertices: [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
  },
};

describe.each(testDialects())('geofences on %s', (dialect) => {
  let f: EngineFixture;
  const clock = new ManualClock('2026-05-01T08:00:00Z');
  let geofences: GeofenceService;
  let changes: GeofenceChange[];
  let ws: string;

  beforeAll(async () => {
    f = await engineFixture(dialect, { clock });
  });
  afterAll(async () => {
    await f.dispose();
  });
  beforeEach(async () => {
    // A service of its own per test, for its listener; a workspace of its own, so that tests share no geofence.
    geofences = new GeofenceService({ database: f.engine.database, repos: f.engine.repos, clock });
    changes = [];
    geofences.onChange((c) => {
      changes.push(c);
    });
    ws = (await f.engine.workspaces.create('Shop')).id;
  });

  const created = async (body: CreateGeofenceBody, workspaceId = ws) => {
    const result = await geofences.create(workspaceId, body);
    if (!result.ok) throw new Error(`not created: ${JSON.stringify(result.error)}`);
    return result.value;
  };

  it('stores circles and polygons, lists them by key and gives the segment engine their shapes by key', async () => {
    const store = await created(louvreStore);
    await created(mall);
    await created({ ...louvreStore, key: 'paris-opera' });
    expect(store).toMatchObject({
      key: 'paris-louvre',
      name: 'Paris, rue de Rivoli',
      shape: louvreStore.shape,
      createdAt: '2026-05-01T08:00:00.000Z',
      updatedAt: '2026-05-01T08:00:00.000Z',
    });
    expect(await geofences.get(ws, store.id)).toEqual(store);
    // By code unit, as on both databases whatever their collation: "-" sorts before "_" and letters.
    expect((await geofences.list(ws)).map((g) => g.key)).toEqual([
      'mall_les_halles',
      'paris-louvre',
      'paris-opera',
    ]);
    const shapes = await geofences.shapes(ws);
    expect([...shapes.keys()]).toEqual(['mall_les_halles', 'paris-louvre', 'paris-opera']);
    expect(shapes.get('mall_les_halles')).toEqual(mall.shape);
    expect(shapes.get('paris-louvre')).toEqual(louvreStore.shape);
    // Another shop sees none of them.
    expect(await geofences.list((await f.engine.workspaces.create('Other')).id)).toEqual([]);
    expect(await geofences.get((await f.engine.workspaces.create('Third')).id, store.id)).toBeUndefined();
  });

  it('keeps keys unique in a workspace, not across workspaces', async () => {
    await created(louvreStore);
    expect(await geofences.create(ws, { ...mall, key: louvreStore.key })).toEqual({
      ok: false,
      error: { reason: 'key_taken', key: 'paris-louvre' },
    });
    const other = (await f.engine.workspaces.create('Other shop')).id;
    expect((await geofences.create(other, louvreStore)).ok).toBe(true);
    expect((await geofences.list(ws)).map((g) => g.name)).toEqual(['Paris, rue de Rivoli']);
  });

  it('gives a key to one of two creations that race for it', async () => {
    const results = await Promise.all([
      geofences.create(ws, louvreStore),
      geofences.create(ws, { ...mall, key: louvreStore.key }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
      { reason: 'key_taken', key: 'paris-louvre' },
    ]);
    expect(await geofences.list(ws)).toHaveLength(1);
  });

  it('refuses a polygon whose edges cross, pointing at the vertex, and stores nothing', async () => {
    const result = await geofences.create(ws, bowTie);
    expect(result).toEqual({
      ok: false,
      error: {
        reason: 'invalid_shape',
        problems: [
          {
            path: '/shape/vertices/3',
            message:
              'the closing edge from vertex 3 back to vertex 0 crosses the edge from vertex 1 to vertex 2',
          },
        ],
      },
    });
    const tooFew = await geofences.create(ws, {
      ...bowTie,
      shape: {
        kind: 'polygon',
        vertices: [
          [1, 1],
          [2, 2],
          [1, 1],
        ],
      },
    });
    expect(!tooFew.ok && tooFew.error).toMatchObject({
      reason: 'invalid_shape',
      problems: [{ path: '/shape/vertices/2' }],
    });
    expect(await geofences.list(ws)).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('checks the structure itself, for callers that do not come through the API', async () => {
    const tooWide = await geofences.create(ws, {
      ...louvreStore,
      shape: { kind: 'circle', latitude: 48.8, longitude: 2.3, radiusKm: 5000 },
    });
    expect(!tooWide.ok && tooWide.error).toEqual({
      reason: 'invalid_body',
      problems: [{ path: '/shape/radiusKm', message: expect.stringContaining('1000') }],
    });
    // Only the problems of the kind named are reported, not the circle's missing fields.
    const shortPolygon = await geofences.create(ws, {
      ...mall,
      shape: {
        kind: 'polygon',
        vertices: [
          [0, 0],
          [1, 1],
        ],
      },
    });
    expect(!shortPolygon.ok && shortPolygon.error).toMatchObject({
      reason: 'invalid_body',
      problems: [{ path: '/shape/vertices' }],
    });
    const badKey = await geofences.create(ws, { ...louvreStore, key: 'Paris Louvre' });
    expect(!badKey.ok && badKey.error).toMatchObject({
      reason: 'invalid_body',
      problems: [{ path: '/key' }],
    });
    const nul = await geofences.create(ws, { ...louvreStore, name: 'Paris\u0000' });
    expect(!nul.ok && nul.error).toMatchObject({ reason: 'invalid_body', problems: [{ path: '/name' }] });
    expect(await geofences.list(ws)).toEqual([]);
  });

  it('changes the fields given, checks a new key and shape, and keeps the creation time', async () => {
    const store = await created(louvreStore);
    await created(mall);
    clock.advance(60_000);
    const moved = await geofences.update(ws, store.id, {
      shape: { kind: 'circle', latitude: 48.8606, longitude: 2.3376, radiusKm: 1 },
    });
    expect(moved).toMatchObject({
      ok: true,
      value: {
        key: 'paris-louvre',
        name: 'Paris, rue de Rivoli',
        shape: { radiusKm: 1 },
        createdAt: store.createdAt,
        updatedAt: '2026-05-01T08:01:00.000Z',
      },
    });
    expect((await geofences.shapes(ws)).get('paris-louvre')).toMatchObject({ radiusKm: 1 });

    expect(await geofences.update(ws, store.id, { key: mall.key })).toEqual({
      ok: false,
      error: { reason: 'key_taken', key: mall.key },
    });
    expect((await geofences.update(ws, store.id, { key: store.key, name: 'Louvre' })).ok).toBe(true);
    expect(await geofences.update(ws, store.id, { shape: bowTie.shape })).toMatchObject({
      ok: false,
      error: { reason: 'invalid_shape' },
    });
    expect(await geofences.update(ws, 'no-such-id', { name: 'x' })).toEqual({
      ok: false,
      error: { reason: 'not_found' },
    });
    const elsewhere = (await f.engine.workspaces.create('Other')).id;
    expect(await geofences.update(elsewhere, store.id, { name: 'x' })).toEqual({
      ok: false,
      error: { reason: 'not_found' },
    });
    expect(await geofences.get(ws, store.id)).toMatchObject({
      key: 'paris-louvre',
      name: 'Louvre',
      shape: { radiusKm: 1 },
    });
  });

  it('deletes a geofence, whose key then means nothing to rules', async () => {
    const store = await created(louvreStore);
    expect(await geofences.delete(ws, store.id)).toEqual({ ok: true, value: store });
    expect(await geofences.delete(ws, store.id)).toEqual({ ok: false, error: { reason: 'not_found' } });
    expect(await geofences.get(ws, store.id)).toBeUndefined();
    expect((await geofences.shapes(ws)).has('paris-louvre')).toBe(false);
    // The key is free again.
    expect((await geofences.create(ws, louvreStore)).ok).toBe(true);
  });

  it('tells listeners which keys changed meaning, after each committed change', async () => {
    const store = await created(louvreStore);
    await geofences.update(ws, store.id, { name: 'Renamed for the dashboard only' });
    await geofences.update(ws, store.id, { shape: louvreStore.shape });
    await geofences.update(ws, store.id, {
      shape: { kind: 'circle', latitude: 48.86, longitude: 2.34, radiusKm: 2 },
    });
    await geofences.update(ws, store.id, { key: 'louvre' });
    await geofences.create(ws, bowTie);
    await geofences.delete(ws, store.id);
    expect(changes).toEqual([
      { workspaceId: ws, kind: 'created', keys: ['paris-louvre'] },
      // Neither a new name nor the same shape again changes what the key means.
      { workspaceId: ws, kind: 'updated', keys: ['paris-louvre'] },
      { workspaceId: ws, kind: 'updated', keys: ['paris-louvre', 'louvre'] },
      { workspaceId: ws, kind: 'deleted', keys: ['louvre'] },
    ]);
  });
});
