import { gzipSync } from 'node:zlib';
import type { AppFixture } from '@rapport/server/testing';
import { testDialects } from '@rapport/storage/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestSuite, KiB, onlyKept } from './support/ingest-suite.js';
import { basicAuth, checkedAnswer, type Answer } from './support/shop.js';

// Bodies that cannot be read as events — malformed JSON, wrong content type or encoding, too large, a gzip bomb,
// corrupt gzip, invalid UTF-8, an unknown route — get a documented 4xx with its code, the body is kept with its reason,
// and nothing is ever a 5xx. Limits are the defaults: 32 KiB per event and 500 KiB per request, after decompression.

/** Concatenated gzip members of 1 MiB of zeros: about 1 KiB each on the wire, `mib` MiB once inflated. */
function gzipBomb(mib: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * KiB), { level: 9 });
  return Buffer.concat(Array.from({ length: mib }, () => member));
}

describe.each(testDialects())('ingestion of unreadable bodies on %s', (dialect) => {
  const suite = ingestSuite(dialect);
  const shop = suite.shop;
  let f: AppFixture;
  beforeAll(() => {
    f = suite.fixture();
  });

  it('answers malformed JSON with 400 and keeps the body as it came', async () => {
    const s = await shop();
    const text = '{"type":"track","event":"Order Completed","userId":"u-json","properties":{"revenue":';
    const answer = await s.send('track', text);
    expect([answer.status, answer.body.code]).toEqual([400, 'ERR_INGEST_INVALID_JSON']);
    expect(answer.body.message).not.toContain('Order Completed');
    onlyKept(await s.rejected(), { code: 'ERR_INGEST_INVALID_JSON', endpoint: '/v1/track', body: text });
    await f.drain();
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
