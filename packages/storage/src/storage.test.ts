import { statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILES } from './dialect/sqlite/sqlite-files.js';
import { createRepositories } from './repositories/repositories.js';
import { openTestDatabase, testDialects, type TestDatabase } from './testing/index.js';

describe.each(testDialects())('storage on %s', (dialect) => {
  let t: TestDatabase;
  const repos = createRepositories(dialect);
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('appends to the log in order and reads it back after a cursor', async () => {
    const row = (i: number) => ({
      workspaceId: 'w1',
      messageId: `m${i}`,
      receivedAt: 1_700_000_000_000 + i,
      source: 'api',
      payload: JSON.stringify({ i }),
      payloadHash: `h${i}`,
      flags: null,
    });
    const first = await t.database.appendToLog([row(1), row(2), row(3)]);
    const second = await t.database.appendToLog([row(4)]);
    expect(first).toHaveLength(3);
    expect([...first, ...second]).toEqual([...first, ...second].slice().sort((a, b) => a - b));
    const read = await repos.ingest.readLogAfter(t.database.log, first[0]!, 10);
    expect(read.map((r) => r.message_id)).toEqual(['m2', 'm3', 'm4']);
    expect(typeof read[0]!.seq).toBe('number');
    expect(read[0]!.received_at).toBe(1_700_000_000_002);
    expect(await repos.ingest.lastLogSeq(t.database.log)).toBe(second[0]);
    // Processed rows go in the log's own transactions.
    expect(await t.database.logTransaction((trx) => repos.ingest.truncateLog(trx, first[1]!, 100))).toBe(2);
    expect((await repos.ingest.readLogAfter(t.database.log, 0, 10)).map((r) => r.message_id)).toEqual(['m3', 'm4']);
  });

  it.runIf(dialect === 'sqlite')('appends to the log while another connection holds the write lock of everything else', async () => {
    // The processor's slices hold the main file's write lock; acknowledgements must not wait for them.
    const other = new BetterSqlite3(join(t.dataDir, SQLITE_FILES.main));
    other.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const seqs = await t.database.appendToLog([{ workspaceId: 'w1', messageId: 'during', receivedAt: 1, source: 'api', payload: '{}', payloadHash: 'h', flags: null }]);
      expect(performance.now() - started).toBeLessThan(2000);
      expect((await repos.ingest.readLogAfter(t.database.log, seqs[0]! - 1, 1))[0]?.message_id).toBe('during');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // And the other way round: the log's write lock held leaves everything else free to write.
    const log = new BetterSqlite3(join(t.dataDir, SQLITE_FILES.log));
    log.exec('BEGIN IMMEDIATE');
    try {
      await t.database.writeTransaction((trx) => repos.workspaces.insert(trx, { id: 'w-lock', name: 'Lock', created_at: 1, settings: '{}' }));
      expect(await repos.workspaces.find(t.database.kysely, 'w-lock')).toBeDefined();
    } finally {
      log.exec('ROLLBACK');
      log.close();
    }
    expect(await t.database.listTables()).toEqual(expect.arrayContaining(['event_log', 'workspaces']));
  });

  it.runIf(dialect === 'sqlite')('cuts the log’s write-ahead log when idle, and keeps every row', async () => {
    const walBytes = () => statSync(join(t.dataDir, `${SQLITE_FILES.log}-wal`)).size;
    const rows = Array.from({ length: 2000 }, (_, i) => ({ workspaceId: 'w1', messageId: `idle-${i}`, receivedAt: i, source: 'api', payload: JSON.stringify({ i, text: 'x'.repeat(500) }), payloadHash: `h${i}`, flags: null }));
    const seqs = await t.database.appendToLog(rows);
    // Checkpoints while events flow copy it without waiting for anyone, and leave it as long as it was.
    await t.database.checkpoint();
    expect(walBytes()).toBeGreaterThan(1_000_000);
    await t.database.checkpoint({ idle: true });
    expect(walBytes()).toBe(0);
    const read = await repos.ingest.readLogAfter(t.database.log, seqs[0]! - 1, 5000);
    expect(read.map((r) => r.message_id)).toEqual(rows.map((r) => r.messageId));
    // Appends go on after it.
    expect(await t.database.appendToLog([{ ...rows[0]!, messageId: 'after' }])).toHaveLength(1);
  });

  it.runIf(dialect === 'sqlite')('empties a fully processed log at once, writing almost nothing, and its seqs go on', async () => {
    const walBytes = () => statSync(join(t.dataDir, `${SQLITE_FILES.log}-wal`)).size;
    // What earlier tests left, all processed.
    await t.database.logTransaction(async (trx) => repos.ingest.truncateLog(trx, await repos.ingest.lastLogSeq(trx), 1));
    expect(await repos.ingest.readLogAfter(t.database.log, 0, 1)).toEqual([]);
    const rows = Array.from({ length: 4000 }, (_, i) => ({ workspaceId: 'w1', messageId: `done-${i}`, receivedAt: i, source: 'api', payload: JSON.stringify({ i, text: 'x'.repeat(900) }), payloadHash: `h${i}`, flags: null }));
    const seqs = await t.database.appendToLog(rows);
    const last = seqs.at(-1)!;
    await t.database.checkpoint({ idle: true });
    expect(walBytes()).toBe(0);
    // A row after the cursor: deleted a bounded chunk at a time, up to the cursor only.
    expect(await t.database.logTransaction((trx) => repos.ingest.truncateLog(trx, seqs[999]!, 500))).toBe(500);
    expect(await t.database.logTransaction((trx) => repos.ingest.truncateLog(trx, seqs[999]!, 500))).toBe(500);
    expect((await repos.ingest.firstLogRowAfter(t.database.log, 0))?.seq).toBe(seqs[1000]);
    await t.database.checkpoint({ idle: true });
    // Everything processed: all 3,000 rows left (4 MB) go in one step whatever the limit, and the write-ahead log takes
    // a few pages (row by row, about half the rows' size: bench/README.md).
    expect(await t.database.logTransaction((trx) => repos.ingest.truncateLog(trx, last, 500))).toBe(3000);
    expect(walBytes()).toBeLessThan(100_000);
    expect(await repos.ingest.readLogAfter(t.database.log, 0, 10)).toEqual([]);
    // A seq is never given twice: the next append follows the last one.
    const [next] = await t.database.appendToLog([{ ...rows[0]!, messageId: 'after-empty' }]);
    expect(next).toBe(last + 1);
  });

  it('returns JSON columns as text and big integers as numbers', async () => {
    await repos.workspaces.insert(t.database.kysely, { id: 'w1', name: 'Shop', created_at: 1_700_000_000_123, settings: JSON.stringify({ a: [1, 2] }) });
    const ws = await repos.workspaces.find(t.database.kysely, 'w1');
    expect(ws?.settings).toBeTypeOf('string');
    expect(JSON.parse(ws!.settings)).toEqual({ a: [1, 2] });
    expect(ws?.created_at).toBe(1_700_000_000_123);
  });

  it('adds product counts and tells which products are new for a person', async () => {
    const base = { workspace_id: 'w1', profile_id: 'p1', adds: 0, purchases: 0, last_added_at: null, last_purchased_at: null };
    const first = await repos.profileProducts.increment(t.database.kysely, [{ ...base, product_id: 'a', views: 1, last_viewed_at: 10 }]);
    expect(first[0]).toMatchObject({ views: 1, last_viewed_at: 10 });
    const again = await repos.profileProducts.increment(t.database.kysely, [
      { ...base, product_id: 'a', views: 2, last_viewed_at: 5 },
      { ...base, product_id: 'b', views: 0, adds: 1, last_viewed_at: null, last_added_at: 7 },
    ]);
    const a = again.find((r) => r.product_id === 'a');
    expect(a).toMatchObject({ views: 3, last_viewed_at: 10 });
    await repos.profileProducts.merge(t.database.kysely, 'w1', 'p1', 'p2');
    expect(await repos.profileProducts.distinctCounts(t.database.kysely, 'w1', 'p2')).toEqual({ viewed: 1, added: 1, purchased: 0 });
    expect(await repos.profileProducts.ofProfiles(t.database.kysely, 'w1', ['p1'])).toEqual([]);
  });

  it('gives a lease to one owner until it expires', async () => {
    const db = t.database.kysely;
    expect(await repos.processor.acquireLease(db, { name: 'processor', owner: 'a', now: 1000, expiresAt: 2000 })).toBe(true);
    expect(await repos.processor.acquireLease(db, { name: 'processor', owner: 'b', now: 1500, expiresAt: 2500 })).toBe(false);
    expect(await repos.processor.acquireLease(db, { name: 'processor', owner: 'a', now: 1600, expiresAt: 2600 })).toBe(true);
    expect(await repos.processor.acquireLease(db, { name: 'processor', owner: 'b', now: 2700, expiresAt: 3700 })).toBe(true);
    expect(await repos.processor.leaseHolder(db, 'processor', 2800)).toBe('b');
  });

  it('runs write transactions atomically', async () => {
    await expect(
      t.database.processingTransaction(async (trx) => {
        await repos.processor.setCursor(trx, 'x', 42, 1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await repos.processor.cursor(t.database.kysely, 'x')).toBe(0);
    await t.database.processingTransaction((trx) => repos.processor.setCursor(trx, 'x', 43, 1));
    expect(await repos.processor.cursor(t.database.kysely, 'x')).toBe(43);
  });
});
