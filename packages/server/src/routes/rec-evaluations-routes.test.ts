import { ManualClock } from '@rapport/core';
import { EvaluationStore, evaluateAlgorithm, prepareEvaluationData, timeSplit, type ContractRow, type EvaluationReport } from '@rapport/engine';
import { testDialects } from '@rapport/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFixture, type AppFixture } from '../testing/index.js';

const NOW = Date.UTC(2026, 6, 10, 12);
const DAY = 86_400;

/** Orders of five customers over a month (Unix seconds); the last ten days are the test. */
const rows: ContractRow[] = [
  ['ann', 'tea', 1], ['ann', 'mug', 2], ['ben', 'tea', 3], ['ben', 'pot', 4], ['cat', 'mug', 5], ['cat', 'pot', 6], ['dan', 'tea', 7],
  ['ann', 'pot', 25], ['dan', 'mug', 26], ['eve', 'tea', 27], ['cat', 'tea', 28],
].map(([userId, itemId, day]) => ({ userId: String(userId), itemId: String(itemId), rating: null, timestamp: Number(day) * DAY }));

describe.each(testDialects())('recommendation evaluations API on %s', (dialect) => {
  let f: AppFixture;
  let clock: ManualClock;
  let store: EvaluationStore;
  const reports: Record<string, EvaluationReport> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    clock = new ManualClock(NOW);
    f = await appFixture(dialect, { clock });
    store = new EvaluationStore({ database: f.engine.database, repos: f.engine.repos, clock });
    const split = timeSplit(rows, 10);
    const data = prepareEvaluationData(split.train, split.test);
    for (const algorithm of ['popular', 'sar'] as const) reports[algorithm] = await evaluateAlgorithm(data, { algorithm, k: 3, threads: 1 });
    // Oldest first: popular on files, sar on the workspace's orders, then popular on the workspace's orders.
    ids['popular-files'] = (await store.save(f.workspaceId, reports['popular']!, { source: 'files' })).id;
    clock.advance(60_000);
    const origin = { source: 'workspace', split: { testDays: 10, cutoff: split.cutoff, repeatsLeftOut: split.repeatsLeftOut } } as const;
    ids['sar-workspace'] = (await store.save(f.workspaceId, reports['sar']!, origin)).id;
    clock.advance(60_000);
    ids['popular-workspace'] = (await store.save(f.workspaceId, reports['popular']!, origin)).id;
    // Another shop's evaluation, which this workspace's keys must not see.
    const other = await f.engine.workspaces.create('Other shop');
    ids['other'] = (await store.save(other.id, reports['popular']!, { source: 'files' })).id;
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('lists the workspace’s evaluations newest first, with their metrics and data', async () => {
    const res = await f.admin('GET', '/api/v1/recommendations/evaluations');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string }[];
    expect(items.map((e) => e.id)).toEqual([ids['popular-workspace'], ids['sar-workspace'], ids['popular-files']]);
    const sar = reports['sar']!;
    expect(items[1]).toEqual({
      id: ids['sar-workspace'],
      algorithm: 'sar',
      k: 3,
      params: sar.params,
      source: 'workspace',
      // The latest order is on day 28: the cutoff is day 18, 00:00 UTC of 1970-01-19.
      split: { testDays: 10, cutoff: '1970-01-19T00:00:00.000Z', repeatsLeftOut: 0 },
      metrics: {
        map: sar.map,
        ndcg: sar.ndcg,
        precision: sar.precision,
        recall: sar.recall,
        coverage: sar.coverage,
        popularityPercentile: sar.popularity_percentile,
        trainSeconds: sar.train_seconds,
        recommendSeconds: sar.recommend_seconds,
      },
      data: { trainRows: 7, trainUsers: 4, trainItems: 3, testRows: 4, testUsers: 4, testUsersNotInTrain: 1 },
      createdAt: new Date(NOW + 60_000).toISOString(),
    });
    expect(items[2]).toMatchObject({ source: 'files', split: null, createdAt: new Date(NOW).toISOString() });
  });

  it('filters by algorithm and limits the list', async () => {
    const popular = (await f.admin('GET', '/api/v1/recommendations/evaluations?algorithm=popular')).json().items as { id: string }[];
    expect(popular.map((e) => e.id)).toEqual([ids['popular-workspace'], ids['popular-files']]);
    const newest = (await f.admin('GET', '/api/v1/recommendations/evaluations?limit=1')).json().items as { id: string }[];
    expect(newest.map((e) => e.id)).toEqual([ids['popular-workspace']]);
    const none = await f.admin('GET', '/api/v1/recommendations/evaluations?algorithm=ease');
    expect(none.json()).toEqual({ items: [] });
    const unknown = await f.admin('GET', '/api/v1/recommendations/evaluations?algorithm=magic');
    expect(unknown.statusCode).toBe(400);
    expect((await f.admin('GET', '/api/v1/recommendations/evaluations?limit=0')).statusCode).toBe(400);
  });

  it('shows one evaluation by id, and only the workspace’s own', async () => {
    const one = await f.admin('GET', `/api/v1/recommendations/evaluations/${ids['popular-files']}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: ids['popular-files'], algorithm: 'popular', source: 'files', metrics: { map: reports['popular']!.map } });
    for (const id of [ids['other'], 'no-such-evaluation']) {
      const res = await f.admin('GET', `/api/v1/recommendations/evaluations/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ERR_RECS_EVALUATION_NOT_FOUND', details: [{ path: '/params/id' }] });
    }
    const list = (await f.admin('GET', '/api/v1/recommendations/evaluations')).json().items as { id: string }[];
    expect(list.map((e) => e.id)).not.toContain(ids['other']);
  });

  it('needs a secret key with the read scope', async () => {
    expect((await f.admin('GET', '/api/v1/recommendations/evaluations', undefined, null)).statusCode).toBe(401);
    expect((await f.admin('GET', '/api/v1/recommendations/evaluations', undefined, f.writeKey)).statusCode).toBe(403);
    const catalogOnly = (await f.engine.keys.create(f.workspaceId, { kind: 'secret', name: 'catalog sync', scopes: ['catalog:write'] })).key;
    const refused = await f.admin('GET', `/api/v1/recommendations/evaluations/${ids['popular-files']}`, undefined, catalogOnly);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ERR_AUTH_SCOPE_MISSING' });
    const reader = (await f.engine.keys.create(f.workspaceId, { kind: 'secret', name: 'dashboard', scopes: ['read'] })).key;
    expect((await f.admin('GET', '/api/v1/recommendations/evaluations', undefined, reader)).statusCode).toBe(200);
  });
});
