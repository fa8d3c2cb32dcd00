import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '@rapport/core';
import { createRepositories, type LogAppend } from '@rapport/storage';
import { openTestDatabase, type TestDatabase } from '@rapport/storage/testing';
import { KeyService } from '../keys/index.js';
import { noopMetrics } from '../metrics/index.js';
import { SuppressionList } from '../privacy/index.js';
import { basicAuth, testSettings } from '../testing/index.js';
import { IngestService } from './ingest-service.js';
import type { EventLog } from './log-writer.js';
import { WorkspaceService } from '../workspaces/index.js';
import { RejectedStore } from './rejected-store.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * An event log whose commits end only when the test says so. Like the log's own thread, which gets a copy, it keeps
 * nothing of the rows: it only watches whether they are still alive.
 */
class HeldLog implements EventLog {
  readonly rows: WeakRef<LogAppend>[] = [];
  readonly #waiting: (() => void)[] = [];
  append(rows: readonly LogAppend[]): Promise<number[]> {
    for (const row of rows) this.rows.push(new WeakRef(row));
    const seqs = rows.map((_, i) => i + 1);
    return new Promise((resolve) => this.#waiting.push(() => resolve(seqs)));
  }
  commit(): void {
    for (const done of this.#waiting.splice(0)) done();
  }
}

describe('ingestion while a commit is pending', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('keeps only the answer, not the checked rows, until the rows are durable', async () => {
    const repos = createRepositories(db.database.dialect);
    const keys = new KeyService(db.database, repos, systemClock);
    const workspace = await new WorkspaceService(db.database, repos, systemClock).create('Held');
    const { key } = await keys.create(workspace.id, { kind: 'write', name: 'web' });
    const suppressions = new SuppressionList(db.database, repos, systemClock);
    await suppressions.load();
    const log = new HeldLog();
    const ingest = new IngestService({ keys, log, rejected: new RejectedStore(db.database, repos), suppressions, metrics: noopMetrics, clock: systemClock, settings: testSettings.ingest });

    const batch = Array.from({ length: 50 }, (_, i) => ({ type: 'track', event: 'Product Viewed', anonymousId: `a${i}`, properties: { product_id: `p${i}` } }));
    const answer = ingest.handle({ endpoint: 'batch', authorization: basicAuth(key), contentType: 'application/json', body: Buffer.from(JSON.stringify({ batch })) });
    await expect.poll(() => log.rows.length).toBe(50);

    for (let i = 0; i < 3; i++) {
      collectGarbage();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(log.rows.filter((row) => row.deref() !== undefined)).toHaveLength(0);
    log.commit();
    expect(await answer).toEqual({ status: 200, body: { success: true } });
  });
});
