import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseJsonlLine, readSegmentJsonl } from './segment-jsonl.js';

describe('segment-jsonl lines', () => {
  it('reads a message as it is', () => {
    const line = '{"type":"track","event":"Order Completed","userId":"u1","timestamp":"2021-03-01T10:00:00Z","sentAt":"2021-03-01T10:00:05Z"}';
    expect(parseJsonlLine(line, 7)).toEqual({
      kind: 'messages',
      line: 7,
      items: [{ type: 'track', event: 'Order Completed', userId: 'u1', timestamp: '2021-03-01T10:00:00Z', sentAt: '2021-03-01T10:00:05Z' }],
    });
  });

  it('reads a batch, whose context and integrations apply to each message under the message’s own', () => {
    const line = JSON.stringify({
      batch: [
        { type: 'page', anonymousId: 'a', context: { locale: 'fr-FR' } },
        { type: 'identify', userId: 'u', sentAt: '2021-03-01T10:00:00Z' },
      ],
      context: { locale: 'en-GB', ip: '192.0.2.1' },
      integrations: { All: false },
      sentAt: '2021-03-01T10:00:00Z',
    });
    expect(parseJsonlLine(line, 1)).toEqual({
      kind: 'messages',
      line: 1,
      items: [
        { type: 'page', anonymousId: 'a', context: { locale: 'fr-FR', ip: '192.0.2.1' }, integrations: { All: false } },
        { type: 'identify', userId: 'u', sentAt: '2021-03-01T10:00:00Z', context: { locale: 'en-GB', ip: '192.0.2.1' }, integrations: { All: false } },
      ],
    });
  });

  it('passes on what is not an object, for ingestion to refuse and keep with its reason', () => {
    expect(parseJsonlLine('[1,2]', 3)).toEqual({ kind: 'messages', line: 3, items: [[1, 2]] });
  });

  it('says why a line holds no message, and ignores blank lines', () => {
    expect(parseJsonlLine('{"type":', 2)).toMatchObject({ kind: 'bad', line: 2, code: 'ERR_INGEST_INVALID_JSON', text: '{"type":' });
    expect(parseJsonlLine('{"batch":{}}', 4)).toMatchObject({ kind: 'bad', line: 4, code: 'ERR_INGEST_INVALID_BATCH' });
    expect(parseJsonlLine('   ', 5)).toBeUndefined();
  });

  it('numbers lines as in the file, blank ones included, and skips a BOM', async () => {
    const input = Readable.from([Buffer.from('\uFEFF{"type":"page","anonymousId":"a"}\r\n\r\n{"type":"screen","anonymousId":"b"}\n')]);
    const lines = [];
    for await (const line of readSegmentJsonl(input)) lines.push(line);
    expect(lines).toEqual([
      { kind: 'messages', line: 1, items: [{ type: 'page', anonymousId: 'a' }] },
      { kind: 'messages', line: 3, items: [{ type: 'screen', anonymousId: 'b' }] },
    ]);
  });
});
