import { StatsOverviewSchema } from '@rapport/contracts';
import { ManualClock } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFixture, type AppFixture } from '../testing/index.js';

describe.each(testDialects())('statistics API on %s', (dialect) => {
  let f: AppFixture;

  beforeAll(async () => {
    f = await appFixture(dialect, { clock: new ManualClock('2026-03-04T12:00:00Z') });
    await f.post('batch', {
      batch: [
        { type: 'page', anonymousId: 'a1', name: 'Home', timestamp: '2026-03-03T09:00:00Z' },
        { type: 'identify', userId: 'u1', anonymousId: 'a1', timestamp: '2026-03-04T09:00:00Z' },
      ],
    });
    await f.post('track', '{');
    await f.drain();
  });

  afterAll(async () => {
    await f?.dispose();
  });

  it('answers the overview of the last 30 days by default, in the documented shape', async () => {
    const res = await f.admin('GET', '/api/v1/stats/overview');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Value.Check(StatsOverviewSchema, body)).toBe(true);
    expect(body).toMatchObject({ from: '2026-02-03', until: '2026-03-04', profiles: { total: 1, identified: 1, identifiedShare: 1, activeLast1Day: 1 } });
    expect(body.days).toHaveLength(30);
    expect(body.days.slice(-2)).toEqual([
      { day: '2026-03-03', events: 1, activeProfiles: 1, newProfiles: 0, rejected: 0 },
      { day: '2026-03-04', events: 1, activeProfiles: 1, newProfiles: 1, rejected: 1 },
    ]);
    expect(body.ingestion).toEqual({ events: 2, rejected: 1, rejectedByCode: [{ code: 'ERR_INGEST_INVALID_JSON', count: 1 }], unprocessed: 0, oldestUnprocessedSeconds: 0 });
    expect(body.consent.map((c: { purpose: string }) => c.purpose)).toEqual(['analytics', 'personalization', 'marketing', 'advertising']);
  });

  it('takes the number of days and the last day', async () => {
    const res = await f.admin('GET', '/api/v1/stats/overview?days=2&until=2026-03-03');
    expect(res.statusCode).toBe(200);
    expect(res.json().days.map((d: { day: string; events: number }) => [d.day, d.events])).toEqual([
      ['2026-03-02', 0],
      ['2026-03-03', 1],
    ]);
  });

  it('refuses days outside 1 to 365 and a day not on the calendar, pointing at the parameter', async () => {
    for (const [query, path] of [
      ['days=0', '/query/days'],
      ['days=366', '/query/days'],
      ['until=2026-02-30', '/query/until'],
      ['until=yesterday', '/query/until'],
    ]) {
      const res = await f.admin('GET', `/api/v1/stats/overview?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ code: 'ERR_REQUEST_INVALID', details: [expect.objectContaining({ path })] });
    }
  });

  it('needs a secret key', async () => {
    const res = await f.admin('GET', '/api/v1/stats/overview', undefined, null);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('ERR_AUTH_MISSING_KEY');
    const write = await f.admin('GET', '/api/v1/stats/overview', undefined, f.writeKey);
    expect(write.statusCode).toBe(403);
  });
});
