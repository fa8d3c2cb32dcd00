import type { RejectedView } from '@rapport/engine';
import { appFixture, type AppFixture } from '@rapport/server/testing';
import type { DialectName } from '@rapport/storage';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { metricValue } from './metrics.js';
import { openShop, type Shop } from './shop.js';

export const KiB = 1024;

/** The only payload a shop kept, checked against what was sent. */
export function onlyKept(
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

/** A metric of the app, as `GET /metrics` shows it. */
export async function metric(f: AppFixture, name: string): Promise<number> {
  return metricValue((await f.app.inject({ method: 'GET', url: '/metrics' })).body, name);
}

export interface IngestSuite {
  /** The app of this describe block (set once its beforeAll has run). */
  readonly fixture: () => AppFixture;
  /** A new shop (workspace and keys) in it, checked after the test for events that could not be processed. */
  shop(name?: string): Promise<Shop>;
}

/**
 * The set-up of the ingestion suites, for one dialect: one app for the describe block, and after each test a check
 * that no event answered 2xx was set aside as ERR_INTERNAL (accepted but impossible to process): that must never happen.
 */
export function ingestSuite(dialect: DialectName): IngestSuite {
  let f: AppFixture | undefined;
  const opened: Shop[] = [];
  beforeAll(async () => {
    f = await appFixture(dialect);
  });
  afterAll(async () => {
    await f?.dispose();
  });
  afterEach(async () => {
    await f!.drain();
    for (const s of opened.splice(0))
      expect((await s.rejected()).filter((r) => r.code === 'ERR_INTERNAL')).toEqual([]);
  });
  return {
    fixture: () => f!,
    shop: async (name) => {
      const s = await openShop(f!, name);
      opened.push(s);
      return s;
    },
  };
}
