import { gzipSync } from 'node:zlib';
import type { ProfileView } from '@rapport/contracts';
import type { RejectedView } from '@rapport/engine';
import { buildApp } from '@rapport/server';
import { appFixture, type AppFixture } from '@rapport/server/testing';
import { testDialects } from '@rapport/storage/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from './support/metrics.js';
import { basicAuth, checkedAnswer, openShop, type Answer, type Shop } from './support/shop.js';

// Over 500 lines on purpose: one test per kind of bad input, so that the catalogue of ingestion's answers to them reads
// in one place; the helpers they share live in ./support.
//
// Whatever a client sends, ingestion gives a documented answer — a 4xx with its code and the JSON Pointer of each
// problem, the refused payload kept with its reason — and never a 5xx. Limits are the defaults: 32 KiB per event and
// 500 KiB per request, after decompression.

const KiB = 1024;

/** Concatenated gzip members of 1 MiB of zeros: about 1 KiB each on the wire, `mib` MiB once inflated. */
function gzipBomb(mib: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * KiB), { level: 9 });
  return Buffer.concat(Array.from({ length: mib }, () => member));
}

/** Arrays nested `levels` deep, as JSON text. */
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** The only payload a shop kept, checked against what was sent. */
function onlyKept(
  rejected: readonly RejectedView[],
  expected: { code: string; endpoint: string; body?: string | Buffer },
): RejectedView {
  expect(rejected.map((r) => r.code)).toEqual([expected.code]);
  const kept = rejected[0]!;
  expect(kept.endpoint).toBe(expected.endpoint);
  if (typeof expected.body === 'string')
    expect([kept.bodyEncoding, kept.body]).toEqual(['utf8', expected.body]);
  if (Buffer.isBuffer(expected.body))
    expect(Buffer.from(kept.body, kept.bodyEncoding)).toEqual(expected.body);
  return kept;
}

async function metric(f: AppFixture, name: string): Promise<number> {
  return metricValue((await f.app.inject({ method: 'GET', url: '/metrics' })).body, name);
}

describe.each(testDialects())('ingestion of bad input on %s', (dialect) => {
  let f: AppFixture;
  const opened: Shop[] = [];
  const shop = async (name?: string) => {
    const s = await openShop(f, name);
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    f = await appFixture(dialect);
  });
  afterAll(async () => {
    await f?.dispose();
  });
  afterEach(async () => {
    // An event that was answered 2xx but could not be processed is set aside as ERR_INTERNAL: that must never happen.
    await f.drain();
    for (const s of opened.splice(0))
      expect((await s.rejected()).filter((r) => r.code === 'ERR_INTERNAL')).toEqual([]);
  });

  it('answers malformed JSON with 400 and keeps the body as it came', async () => {
    const s = await shop();
    const text = '{"type":"track","event":"Order Completed","userId":"u-json","properties":{"revenue":';
    const answer = await s.send('track', text);
    expect([answer.status, answer.body.code]).toEqual([400, 'ERR_INGEST_INVALID_JSON']);
    expect(answer.body.message).not.toContain('Order Completed');
    onlyKept(await s.rejected(), { code: 'ERR_INGEST_INVALID_JSON', endpoint: '/v1/track', body: text });
    expect(await s.timeline('u-json')).toEqual([]);
  });

  it('refuses a body that is not JSON or text (415) and keeps it', async () => {
    const s = await shop();
    const xml = '<track><userId>u-xml</userId></track>';
    const answer = await s.send('track', xml, { 'content-type': 'application/xml' });
    expect([answer.status, answer.body.code]).toEqual([415, 'ERR_INGEST_UNSUPPORTED_MEDIA_TYPE']);
    expect(
      onlyKept(await s.rejected(), {
        code: 'ERR_INGEST_UNSUPPORTED_MEDIA_TYPE',
        endpoint: '/v1/track',
        body: xml,
      }).contentType,
    ).toBe('application/xml');
  });

  it('accepts a text/plain body with the write key inside, as navigator.sendBeacon sends it', async () => {
    const s = await shop();
    const beacon = JSON.stringify({
      writeKey: s.writeKey,
      event: 'Product Viewed',
      anonymousId: 'beacon-1',
      properties: { product_id: 'p-1' },
    });
    const answer = await s.send('t', beacon, {
      'content-type': 'text/plain;charset=UTF-8',
      authorization: undefined,
    });
    expect(answer.status).toBe(200);
    const json = await s.send(
      'batch',
      { writeKey: s.writeKey, batch: [{ type: 'page', name: 'Home', anonymousId: 'beacon-1' }] },
      { authorization: undefined },
    );
    expect(json.status).toBe(200);
    await f.drain();
    const events = await s.timeline('beacon-1');
    expect(events.map((e) => e.type).sort()).toEqual(['page', 'track']);
    expect(events.find((e) => e.type === 'track')).toMatchObject({
      event: 'Product Viewed',
      properties: { product_id: 'p-1' },
    });
    // The key is how the event came in, not part of it.
    expect(JSON.stringify(events)).not.toContain(s.writeKey);
  });

  it('answers an oversize event with 413, alone or among good events of a batch, which are accepted', async () => {
    const s = await shop();
    const big = { type: 'track', event: 'Huge', userId: 'u-big', properties: { blob: 'x'.repeat(40 * KiB) } };
    const alone = await s.send('track', big);
    expect([alone.status, alone.body.code]).toEqual([413, 'ERR_INGEST_EVENT_TOO_LARGE']);

    const batch = await s.send('batch', {
      batch: [
        { type: 'track', event: 'First', userId: 'u-big' },
        big,
        { type: 'track', event: 'Third', userId: 'u-big' },
      ],
    });
    expect(batch.status).toBe(413);
    expect(batch.body).toMatchObject({
      code: 'ERR_INGEST_EVENT_TOO_LARGE',
      accepted: 2,
      details: [{ index: 1, path: '/batch/1', code: 'ERR_INGEST_EVENT_TOO_LARGE' }],
    });
    expect(batch.body.details).toHaveLength(1);
    await f.drain();
    expect((await s.timeline('u-big')).map((e) => e.event).sort()).toEqual(['First', 'Third']);
    const kept = await s.rejected();
    expect(kept.map((r) => [r.code, r.endpoint, r.userId, r.truncated])).toEqual([
      ['ERR_INGEST_EVENT_TOO_LARGE', '/v1/batch', 'u-big', false],
      ['ERR_INGEST_EVENT_TOO_LARGE', '/v1/track', null, false],
    ]);
    for (const r of kept) expect((JSON.parse(r.body) as typeof big).properties.blob).toHaveLength(40 * KiB);
  });

  it('answers an oversize batch with 413, accepts nothing of it and keeps its first 64 KiB', async () => {
    const s = await shop();
    const batch = Array.from({ length: 600 }, (_, i) => ({
      type: 'track',
      event: 'Filler',
      userId: 'u-many',
      properties: { i, pad: 'y'.repeat(KiB) },
    }));
    const body = JSON.stringify({ batch });
    expect(body.length).toBeGreaterThan(500 * KiB);
    const answer = await s.send('batch', body);
    expect([answer.status, answer.body.code]).toEqual([413, 'ERR_INGEST_BODY_TOO_LARGE']);
    const kept = onlyKept(await s.rejected(), { code: 'ERR_INGEST_BODY_TOO_LARGE', endpoint: '/v1/batch' });
    expect([kept.truncated, kept.bodyBytes, kept.body]).toEqual([true, body.length, body.slice(0, 64 * KiB)]);

    // Past twice the limit the HTTP layer stops reading: the same answer, though nothing can be kept of what was not read.
    const huge = await s.send('batch', Buffer.alloc(2 * 1024 * KiB, ' '));
    expect([huge.status, huge.body.code]).toEqual([413, 'ERR_INGEST_BODY_TOO_LARGE']);
    await f.drain();
    expect(await s.timeline('u-many')).toEqual([]);
  });

  it('stops a gzip bomb at the limit (413) without inflating it in memory', async () => {
    const s = await shop();
    const bomb = gzipBomb(600); // 600 MiB inflated
    expect(bomb.length).toBeLessThan(1024 * KiB);
    const peakBefore = process.resourceUsage().maxRSS; // KiB
    const batch = await s.send('batch', bomb, { 'content-encoding': 'gzip' });
    const single = await s.send('track', bomb, { 'content-encoding': 'gzip' });
    const peakGrowthMiB = (process.resourceUsage().maxRSS - peakBefore) / 1024;
    expect([batch.status, batch.body.code]).toEqual([413, 'ERR_INGEST_BODY_TOO_LARGE']);
    expect([single.status, single.body.code]).toEqual([413, 'ERR_INGEST_EVENT_TOO_LARGE']);
    expect(peakGrowthMiB).toBeLessThan(100);
    const kept = await s.rejected();
    expect(kept.map((r) => [r.code, r.endpoint, r.bodyEncoding, r.truncated])).toEqual([
      ['ERR_INGEST_EVENT_TOO_LARGE', '/v1/track', 'base64', true],
      ['ERR_INGEST_BODY_TOO_LARGE', '/v1/batch', 'base64', true],
    ]);
    // What is kept is the start of the compressed body as it came.
    expect(Buffer.from(kept[1]!.body, 'base64')).toEqual(bomb.subarray(0, 64 * KiB));
  });

  it('answers a corrupt gzip body with 400 and keeps its bytes', async () => {
    const s = await shop();
    const cut = gzipSync(JSON.stringify({ type: 'track', event: 'Cut', userId: 'u-gz' })).subarray(0, 25);
    const answer = await s.send('track', cut, { 'content-encoding': 'gzip' });
    expect([answer.status, answer.body.code]).toEqual([400, 'ERR_INGEST_CORRUPT_BODY']);
    onlyKept(await s.rejected(), { code: 'ERR_INGEST_CORRUPT_BODY', endpoint: '/v1/track', body: cut });
    const good = await s.send('track', gzipSync(JSON.stringify({ event: 'Whole', userId: 'u-gz' })), {
      'content-encoding': 'gzip',
    });
    expect(good.status).toBe(200);
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

  it('refuses invalid UTF-8 and raw NUL bytes (400) and keeps the bytes', async () => {
    const s = await shop();
    const around = (bytes: number[]) =>
      Buffer.concat([
        Buffer.from('{"type":"track","event":"X","userId":"u-'),
        Buffer.from(bytes),
        Buffer.from('"}'),
      ]);
    const cases: [Buffer, string][] = [
      [around([0xed, 0xa0, 0x80]), 'ERR_INGEST_INVALID_UTF8'], // a surrogate encoded as UTF-8 (CESU-8)
      [around([0xc0, 0x80]), 'ERR_INGEST_INVALID_UTF8'], // an overlong NUL
      [around([0xff]), 'ERR_INGEST_INVALID_UTF8'],
      [around([0x00]), 'ERR_INGEST_INVALID_JSON'], // JSON strings cannot hold raw control characters
      [
        Buffer.from('{"type":"track","event":"X","userId":"u","properties":{"k\u0000":1}}'),
        'ERR_INGEST_INVALID_JSON',
      ],
    ];
    for (const [body, code] of cases) {
      const answer = await s.send('track', body);
      expect([answer.status, answer.body.code], body.toString('hex')).toEqual([400, code]);
    }
    const kept = (await s.rejected()).reverse();
    expect(kept.map((r) => r.code)).toEqual(cases.map(([, code]) => code));
    kept.forEach((r, i) => expect(Buffer.from(r.body, r.bodyEncoding)).toEqual(cases[i]![0]));
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
    expect(kept.map((r) => r.bodyBytes).sort((a, b) => a - b)).toEqual(
      [Buffer.byteLength(single), objects.length, expect.any(Number)].sort((a, b) => a - b),
    );
    expect(kept.find((r) => r.body.includes('Deeper'))!.body).toContain(nested(200_000));
  });

  it('refuses missing, unknown, revoked and secret keys, and keeps nothing for them', async () => {
    const s = await shop();
    const event = (userId: string) => ({ event: 'Key test', userId });
    const created = await f.admin('POST', '/api/v1/keys', { kind: 'write', name: 'old site' }, s.secretKey);
    expect(created.statusCode).toBe(201);
    const { key: oldKey, apiKey } = created.json<{ key: string; apiKey: { id: string } }>();
    expect((await s.send('track', event('u-key'), { authorization: basicAuth(oldKey) })).status).toBe(200);
    expect((await f.admin('DELETE', `/api/v1/keys/${apiKey.id}`, undefined, s.secretKey)).statusCode).toBe(
      200,
    );

    const refused: [Record<string, string | undefined>, object, number, string][] = [
      [{ authorization: undefined }, event('u-none'), 401, 'ERR_AUTH_MISSING_KEY'],
      [
        { authorization: basicAuth('wk_this_key_does_not_exist_0000') },
        event('u-unknown'),
        401,
        'ERR_AUTH_INVALID_KEY',
      ],
      [
        { authorization: undefined },
        { ...event('u-unknown'), writeKey: 'wk_this_key_does_not_exist_0000' },
        401,
        'ERR_AUTH_INVALID_KEY',
      ],
      [{ authorization: basicAuth(oldKey) }, event('u-revoked'), 401, 'ERR_AUTH_INVALID_KEY'],
      [{ authorization: basicAuth(s.secretKey) }, event('u-secret'), 403, 'ERR_AUTH_WRONG_KEY_KIND'],
      [{ authorization: `Bearer ${s.secretKey}` }, event('u-secret'), 403, 'ERR_AUTH_WRONG_KEY_KIND'],
    ];
    for (const [headers, body, status, code] of refused) {
      const answer = await s.send('track', body, headers);
      expect([answer.status, answer.body.code], JSON.stringify(headers)).toEqual([status, code]);
      expect(answer.body.message).not.toContain(s.secretKey);
    }
    await f.drain();
    expect(await s.rejected()).toEqual([]);
    for (const id of ['u-none', 'u-unknown', 'u-revoked', 'u-secret'])
      expect(await s.timeline(id)).toEqual([]);
    expect(await s.timeline('u-key')).toHaveLength(1);
  });

  it("keeps each workspace's events to itself: a write key only writes where it belongs", async () => {
    const a = await shop('Shop A');
    const b = await shop('Shop B');
    expect(
      (await a.send('track', { event: 'Visited', userId: 'same-person', properties: { shop: 'A' } })).status,
    ).toBe(200);
    expect(
      (await b.send('track', { event: 'Visited', userId: 'same-person', properties: { shop: 'B' } })).status,
    ).toBe(200);
    expect(
      (await b.send('identify', { userId: 'only-in-b', traits: { email: 'b@example.com' } })).status,
    ).toBe(200);
    await f.drain();
    expect((await a.timeline('same-person')).map((e) => e.properties)).toEqual([{ shop: 'A' }]);
    expect((await b.timeline('same-person')).map((e) => e.properties)).toEqual([{ shop: 'B' }]);
    expect(await a.timeline('only-in-b')).toEqual([]);
    expect((await f.admin('GET', '/api/v1/profiles/only-in-b', undefined, a.secretKey)).statusCode).toBe(404);
    const listed = await a.read<{ items: { userIds: string[] }[] }>('/api/v1/profiles');
    expect(listed.items.flatMap((p) => p.userIds)).toEqual(['same-person']);
  });

  it('counts a repeated messageId once and keeps a conflicting one aside', async () => {
    const s = await shop();
    const dedupedBefore = await metric(f, 'rapport_events_deduplicated_total');
    const conflictsBefore = await metric(f, 'rapport_events_conflicts_total');
    const order = {
      type: 'track',
      event: 'Order Completed',
      userId: 'u-dup',
      messageId: 'order-m1',
      properties: { order_id: 'o-1', revenue: 42 },
      timestamp: '2026-01-05T10:00:00.000Z',
    };
    expect((await s.send('track', order)).status).toBe(200);
    expect((await s.send('track', order)).status).toBe(200);
    // A client retrying the batch: same events, a later sentAt.
    expect((await s.send('batch', { batch: [order, order], sentAt: new Date().toISOString() })).status).toBe(
      200,
    );
    const other = { ...order, messageId: 'order-m2', properties: { order_id: 'o-2', revenue: 10 } };
    expect((await s.send('track', other)).status).toBe(200);
    expect((await s.send('track', { ...other, properties: { order_id: 'o-2', revenue: 99 } })).status).toBe(
      200,
    );
    await f.drain();

    const events = await s.timeline('u-dup');
    expect(events.map((e) => [e.messageId, e.properties?.['revenue']]).sort()).toEqual([
      ['order-m1', 42],
      ['order-m2', 10],
    ]);
    const profile = await s.read<ProfileView>('/api/v1/profiles/u-dup');
    expect(profile.features).toMatchObject({ orders: 2, revenue: 52 });
    expect((await metric(f, 'rapport_events_deduplicated_total')) - dedupedBefore).toBe(3);
    expect((await metric(f, 'rapport_events_conflicts_total')) - conflictsBefore).toBe(1);
    // Set aside by the processor, which is where messageIds are compared.
    const kept = onlyKept(await s.rejected(), {
      code: 'ERR_INGEST_MESSAGE_ID_CONFLICT',
      endpoint: 'processor',
    });
    expect(kept.messageId).toBe('order-m2');
    expect(JSON.parse(kept.body)).toMatchObject({ properties: { revenue: 99 } });
  });

  it('accepts timestamps years old or far in the future, flags them, and corrects a skewed device clock', async () => {
    const s = await shop();
    const inTwoYears = (ms: number) => new Date(ms + 2 * 365 * 24 * 3600 * 1000).toISOString();
    const now = Date.now();
    const answer = await s.send('batch', {
      batch: [
        { type: 'track', event: 'Old', userId: 'u-time', timestamp: '2015-03-01T10:00:00.000Z' },
        { type: 'track', event: 'Future', userId: 'u-time', timestamp: '2099-01-01T00:00:00.000Z' },
        // A phone whose clock is two years ahead queued an event 5 s before sending it.
        {
          type: 'track',
          event: 'Skewed',
          userId: 'u-time',
          originalTimestamp: inTwoYears(now - 5000),
          sentAt: inTwoYears(now),
        },
      ],
    });
    expect(answer.status).toBe(200);
    await f.drain();
    const events = new Map((await s.timeline('u-time')).map((e) => [e.event, e]));
    expect(events.get('Old')).toMatchObject({
      timestamp: '2015-03-01T10:00:00.000Z',
      flags: ['old_timestamp'],
    });
    expect(events.get('Future')).toMatchObject({
      timestamp: '2099-01-01T00:00:00.000Z',
      flags: ['future_timestamp'],
    });
    const skewed = events.get('Skewed')!;
    expect(skewed.flags).toBeUndefined();
    expect(Date.parse(skewed.timestamp)).toBe(Date.parse(skewed.receivedAt) - 5000);
    // A clock in 2099 does not make the person "seen" in 2099.
    const profile = await s.read<ProfileView>('/api/v1/profiles/u-time');
    expect(Date.parse(profile.features.lastSeenAt!)).toBeLessThan(Date.now() + 60_000);
  });

  it('takes the short endpoints of analytics.js', async () => {
    const s = await shop();
    const sent: [string, object][] = [
      ['t', { event: 'Short Track', anonymousId: 'anon-short' }],
      ['p', { name: 'Home', anonymousId: 'anon-short' }],
      ['s', { name: 'Cart', anonymousId: 'anon-short' }],
      ['i', { userId: 'u-short', anonymousId: 'anon-short', traits: { plan: 'pro' } }],
      ['g', { userId: 'u-short', groupId: 'g-1', traits: { name: 'Acme' } }],
      ['a', { userId: 'u-short', previousId: 'anon-short' }],
      ['b', { batch: [{ type: 'track', event: 'Short Batch', userId: 'u-short' }] }],
    ];
    for (const [endpoint, body] of sent) expect((await s.send(endpoint, body)).status, endpoint).toBe(200);
    await f.drain();
    const types = (await s.timeline('u-short')).map((e) => e.type).sort();
    expect(types).toEqual(['alias', 'group', 'identify', 'page', 'screen', 'track', 'track']);
    expect(await s.read<ProfileView>('/api/v1/profiles/anon-short')).toMatchObject({
      userIds: ['u-short'],
      traits: { plan: 'pro' },
    });
    const unknown = await s.send('x', { event: 'Nowhere', userId: 'u-short' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ERR_ROUTE_NOT_FOUND']);
  });

  it('limits requests per write key with 429 and Retry-After, and records only what it accepted', async () => {
    // A second app over the same engine and database, with a limit of 2 requests per second per write key.
    const limited = await buildApp({
      engine: f.engine,
      metrics: f.metrics,
      maxBatchBytes: 500 * KiB,
      rateLimitPerSecond: 2,
      version: 'test',
    });
    try {
      const s = await openShop({ ...f, app: limited });
      const other = await openShop({ ...f, app: limited });
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          s.send('track', { event: 'Burst', userId: 'u-burst', properties: { i } }),
        ),
      );
      const accepted = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      expect(accepted.length + refused.length).toBe(answers.length);
      expect(refused.length).toBeGreaterThanOrEqual(4);
      for (const r of refused) {
        expect(r.body.code).toBe('ERR_RATE_LIMITED');
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      // Another shop's key has a budget of its own.
      expect((await other.send('track', { event: 'Calm', userId: 'u-calm' })).status).toBe(200);
      await f.drain();
      expect(await s.timeline('u-burst')).toHaveLength(accepted.length);
    } finally {
      await limited.close();
    }
  });

  it('answers requests it cannot route or read with a code and a request id', async () => {
    const answers = await Promise.all([
      f.app.inject({ method: 'GET', url: '/v1/track' }),
      f.app.inject({
        method: 'POST',
        url: '/v1/batch/extra',
        payload: '{}',
        headers: { 'content-type': 'application/json' },
      }),
      f.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: '{}',
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'compress',
          authorization: basicAuth(f.writeKey),
        },
      }),
    ]);
    const checked: Answer[] = answers.map((a) => checkedAnswer(a));
    expect(checked.map((a) => [a.status, a.body.code])).toEqual([
      [404, 'ERR_ROUTE_NOT_FOUND'],
      [404, 'ERR_ROUTE_NOT_FOUND'],
      [415, 'ERR_INGEST_UNSUPPORTED_ENCODING'],
    ]);
  });
});
