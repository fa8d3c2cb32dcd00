import type { AppFixture } from '@rapport/server/testing';
import { testDialects } from '@rapport/storage/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestSuite, onlyKept } from './support/ingest-suite.js';

// Events that parse but cannot be stored faithfully — no identity, unknown type, __proto__ keys, NUL and lone
// surrogates, integers JSON cannot hold, absurd nesting — are refused one by one, with the index and JSON Pointer
// of each problem; the good events of the same batch are accepted, and each refused one is kept as it was sent.

/** Arrays nested `levels` deep, as JSON text. */
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe.each(testDialects())('ingestion of bad values on %s', (dialect) => {
  const suite = ingestSuite(dialect);
  const shop = suite.shop;
  let f: AppFixture;
  beforeAll(() => {
    f = suite.fixture();
  });

  it('refuses events without identity or with an unknown type, each with its index and path', async () => {
    const s = await shop();
    const single = await s.send('track', { event: 'Nobody' });
    expect(single).toMatchObject({
      status: 400,
      body: {
        code: 'ERR_INGEST_MISSING_IDENTITY',
        accepted: 0,
        details: [{ path: '', code: 'ERR_INGEST_MISSING_IDENTITY' }],
      },
    });
    const batch = await s.send('batch', {
      batch: [
        { type: 'track', event: 'Fine', userId: 'u-id' },
        { type: 'purchase', userId: 'u-id' },
        { type: 'identify', traits: { plan: 'pro' } },
        { type: 'alias', previousId: 'anon-x' },
      ],
    });
    expect(batch.status).toBe(400);
    expect(batch.body).toMatchObject({ code: 'ERR_INGEST_SOME_EVENTS_REJECTED', accepted: 1 });
    expect(batch.body.details?.map((d) => [d.index, d.path, d.code])).toEqual([
      [1, '/batch/1/type', 'ERR_INGEST_UNKNOWN_TYPE'],
      [2, '/batch/2', 'ERR_INGEST_MISSING_IDENTITY'],
      [3, '/batch/3/userId', 'ERR_INGEST_MISSING_IDENTITY'],
    ]);
    await f.drain();
    expect((await s.timeline('u-id')).map((e) => e.event)).toEqual(['Fine']);
    const kept = await s.rejected();
    expect(kept.map((r) => r.code).sort()).toEqual([
      'ERR_INGEST_MISSING_IDENTITY',
      'ERR_INGEST_MISSING_IDENTITY',
      'ERR_INGEST_MISSING_IDENTITY',
      'ERR_INGEST_UNKNOWN_TYPE',
    ]);
    expect(JSON.parse(kept.find((r) => r.code === 'ERR_INGEST_UNKNOWN_TYPE')!.body)).toEqual({
      type: 'purchase',
      userId: 'u-id',
    });
  });

  it('refuses __proto__ and constructor.prototype keys, in an event or a batch context, and pollutes nothing', async () => {
    const s = await shop();
    const cases: [string, string, string][] = [
      [
        'track',
        '{"type":"track","event":"X","userId":"u-proto","properties":{"__proto__":{"polluted":"yes"}}}',
        '/properties/__proto__',
      ],
      [
        'identify',
        '{"userId":"u-proto","traits":{"constructor":{"prototype":{"polluted":"yes"}}}}',
        '/traits/constructor',
      ],
      ['track', '{"__proto__":{"polluted":"yes"},"event":"X","userId":"u-proto"}', '/__proto__'],
      [
        'batch',
        '{"batch":[{"type":"track","event":"X","userId":"u-proto","context":{"__proto__":{"polluted":"yes"}}}]}',
        '/batch/0/context/__proto__',
      ],
      // The batch's context is merged into every event of it.
      [
        'batch',
        '{"batch":[{"type":"track","event":"X","userId":"u-proto"}],"context":{"__proto__":{"polluted":"yes"}}}',
        '/context/__proto__',
      ],
    ];
    for (const [endpoint, body, path] of cases) {
      const answer = await s.send(endpoint, body);
      expect(answer.status, body).toBe(400);
      expect(
        answer.body.details?.map((d) => [d.path, d.code ?? answer.body.code]),
        body,
      ).toEqual([[path, 'ERR_INGEST_FORBIDDEN_KEY']]);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    await f.drain();
    expect(await s.timeline('u-proto')).toEqual([]);
    const kept = await s.rejected();
    expect(kept).toHaveLength(cases.length);
    expect(
      kept.every((r) => r.code === 'ERR_INGEST_FORBIDDEN_KEY' && r.body.includes('"polluted":"yes"')),
    ).toBe(true);
  });

  it('refuses NUL characters and lone surrogates in values and keys, sent as JSON escapes, and keeps them intact', async () => {
    const s = await shop();
    const batch = await s.send('batch', {
      batch: [
        { type: 'track', event: 'X', userId: 'u-str', properties: { name: 'a\u0000b' } },
        { type: 'track', event: 'X', userId: 'u-str', properties: { half: '\ud800' } },
        { type: 'track', event: 'X', userId: 'u-str', properties: { 'k\u0000': 1 } },
        { type: 'identify', userId: 'u-str', traits: { '\udc00': 1 } },
        { type: 'track', event: 'X', userId: 'u\u0000str' },
        { type: 'track', event: 'Fine', userId: 'u-str', properties: { emoji: '\ud83d\ude00' } },
      ],
    });
    expect(batch.status).toBe(400);
    expect(batch.body.accepted).toBe(1);
    expect(batch.body.details?.map((d) => [d.path, d.code])).toEqual([
      ['/batch/0/properties/name', 'ERR_INGEST_INVALID_STRING'],
      ['/batch/1/properties/half', 'ERR_INGEST_INVALID_STRING'],
      ['/batch/2/properties/k\u0000', 'ERR_INGEST_INVALID_STRING'],
      ['/batch/3/traits/\udc00', 'ERR_INGEST_INVALID_STRING'],
      ['/batch/4/userId', 'ERR_INGEST_INVALID_STRING'],
    ]);
    const single = await s.send('identify', { userId: 'u\u0000', traits: { plan: 'pro' } });
    expect(single).toMatchObject({
      status: 400,
      body: { code: 'ERR_INGEST_INVALID_STRING', details: [{ path: '/userId' }] },
    });
    const context = await s.send('batch', {
      batch: [{ type: 'track', event: 'X', userId: 'u-str' }],
      context: { campaign: { name: 'sale\u0000' } },
    });
    expect(context).toMatchObject({
      status: 400,
      body: { code: 'ERR_INGEST_INVALID_STRING', details: [{ path: '/context/campaign/name' }] },
    });

    await f.drain();
    expect((await s.timeline('u-str')).map((e) => [e.event, e.properties])).toEqual([
      ['Fine', { emoji: '😀' }],
    ]);
    const kept = await s.rejected();
    expect(kept).toHaveLength(7);
    // The kept bodies still hold what was sent, escapes and all.
    const bodies = kept.map(
      (r) =>
        JSON.parse(r.body) as {
          userId?: string;
          properties?: Record<string, unknown>;
          traits?: Record<string, unknown>;
        },
    );
    expect(bodies.map((b) => b.userId)).toContain('u\u0000str');
    expect(bodies.map((b) => b.userId)).toContain('u\u0000');
    expect(bodies.some((b) => b.properties?.['half'] === '\ud800')).toBe(true);
    expect(bodies.some((b) => b.traits !== undefined && Object.hasOwn(b.traits, '\udc00'))).toBe(true);
  });

  it('refuses integers JSON cannot hold exactly, and keeps the digits as sent', async () => {
    const s = await shop();
    const text =
      '{"type":"track","event":"Order Completed","userId":"u-num","properties":{"order_id":12345678901234567890,"revenue":10}}';
    const single = await s.send('track', text);
    expect(single).toMatchObject({
      status: 400,
      body: { code: 'ERR_INGEST_UNSAFE_INTEGER', details: [{ path: '/properties/order_id' }] },
    });
    onlyKept(await s.rejected(), { code: 'ERR_INGEST_UNSAFE_INTEGER', endpoint: '/v1/track', body: text });

    const batch = await s.send(
      'batch',
      '{"batch":[{"type":"track","event":"Big","userId":"u-num","properties":{"n":-98765432109876543210}},' +
        '{"type":"track","event":"Huge","userId":"u-num","properties":{"n":1e400}},' +
        '{"type":"track","event":"Max","userId":"u-num","properties":{"n":9007199254740991,"x":1.5}}]}',
    );
    expect(batch.status).toBe(400);
    expect(batch.body.details?.map((d) => [d.path, d.code])).toEqual([
      ['/batch/0/properties/n', 'ERR_INGEST_UNSAFE_INTEGER'],
      ['/batch/1/properties/n', 'ERR_INGEST_UNSAFE_INTEGER'],
    ]);
    // Each refused item is kept as its own text in the batch, every digit as sent.
    expect((await s.rejected()).map((r) => r.body)).toEqual(
      expect.arrayContaining([
        '{"type":"track","event":"Big","userId":"u-num","properties":{"n":-98765432109876543210}}',
        '{"type":"track","event":"Huge","userId":"u-num","properties":{"n":1e400}}',
      ]),
    );
    await f.drain();
    expect((await s.timeline('u-num')).map((e) => [e.event, e.properties])).toEqual([
      ['Max', { n: 9007199254740991, x: 1.5 }],
    ]);
  });

  it('refuses properties nested 10,000 or 200,000 levels deep with 400 and keeps them', async () => {
    const s = await shop();
    const single = `{"type":"track","event":"Deep","userId":"u-deep","properties":{"x":${nested(10_000)}}}`;
    const answer = await s.send('track', single);
    expect([answer.status, answer.body.code]).toEqual([400, 'ERR_INGEST_TOO_DEEP']);
    expect(answer.body.details?.[0]?.path).toMatch(/^\/properties\/x(\/0){30}$/);
    onlyKept(await s.rejected(), { code: 'ERR_INGEST_TOO_DEEP', endpoint: '/v1/track', body: single });

    const objects = `{"type":"track","event":"Deep","userId":"u-deep","properties":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const batch = await s.send(
      'batch',
      `{"batch":[${objects},{"type":"track","event":"Deeper","userId":"u-deep","properties":{"x":${nested(200_000)}}},{"type":"track","event":"Flat","userId":"u-deep"}]}`,
    );
    expect(batch.status).toBe(400);
    expect(batch.body.accepted).toBe(1);
    expect(batch.body.details?.map((d) => [d.index, d.code])).toEqual([
      [0, 'ERR_INGEST_TOO_DEEP'],
      [1, 'ERR_INGEST_TOO_DEEP'],
    ]);
    await f.drain();
    expect((await s.timeline('u-deep')).map((e) => e.event)).toEqual(['Flat']);
    const kept = await s.rejected();
    expect(kept).toHaveLength(3);
    const keptAs = (body: string) => kept.find((r) => r.body === body);
    expect(keptAs(single)?.bodyBytes).toBe(Buffer.byteLength(single));
    expect(keptAs(objects)?.bodyBytes).toBe(objects.length);
    expect(kept.find((r) => r.body.includes('Deeper'))!.body).toContain(nested(200_000));
  });
});
