import { sha256Hex } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appFixture, type AppFixture } from '../testing/index.js';

describe.each(testDialects())('the suppression list on %s', (dialect) => {
  let f: AppFixture;
  beforeEach(async () => {
    f = await appFixture(dialect);
    await f.post('batch', {
      batch: [
        { type: 'identify', userId: 'ada', anonymousId: 'ada-phone', traits: { email: 'ada@example.com' } },
        { type: 'track', event: 'Product Viewed', userId: 'bob', properties: { product_id: 'p1' } },
      ],
    });
    await f.drain();
  });
  afterEach(async () => {
    await f.dispose();
  });

  it('is empty before anyone is erased', async () => {
    const res = await f.admin('GET', '/api/v1/privacy/suppressions');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });

  it("lists an erased person's identifiers as hash prefixes with their erasure, a page at a time, never the identifiers", async () => {
    const report = (await f.admin('DELETE', '/api/v1/subjects/ada')).json();
    const first = await f.admin('GET', '/api/v1/privacy/suppressions?limit=1');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (
      await f.admin('GET', `/api/v1/privacy/suppressions?limit=1&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.nextCursor).toBeNull();
    const items = [...page1.items, ...page2.items];
    expect(items.map((i: { hashPrefix: string }) => i.hashPrefix).sort()).toEqual(
      [sha256Hex('anonymous:ada-phone').slice(0, 12), sha256Hex('user:ada').slice(0, 12)].sort(),
    );
    for (const item of items)
      expect(item).toEqual({
        hashPrefix: expect.stringMatching(/^[0-9a-f]{12}$/),
        suppressedAt: report.completedAt,
        reason: 'erasure',
        requestId: report.requestId,
      });
    expect(JSON.stringify(items)).not.toMatch(/ada/);
  });

  it('refuses a cursor it did not make, and shows the list to a viewer (read) but not to a write key', async () => {
    const bad = await f.admin('GET', '/api/v1/privacy/suppressions?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([expect.objectContaining({ path: '/cursor' })]);
    await f.admin('DELETE', '/api/v1/subjects/bob');
    const viewer = await f.signIn('viewer');
    const seen = await f.as(viewer, 'GET', '/api/v1/privacy/suppressions');
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items).toHaveLength(1);
    expect((await f.admin('GET', '/api/v1/privacy/suppressions', undefined, f.writeKey)).statusCode).toBe(
      403,
    );
  });
});
