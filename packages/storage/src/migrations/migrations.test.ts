import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tables } from '../schema.js';
import { createRepositories } from '../repositories/repositories.js';
import { untouchedProduct } from '../repositories/profile-products-repository.js';
import { migrateToLatest, migrationNames } from './migrations.js';
import { openDatabase } from '../open-database.js';
import { SQLITE_FILES } from '../dialect/sqlite/sqlite-files.js';

describe('upgrading a SQLite database written by an older schema', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every person’s products when profile_products becomes a WITHOUT ROWID table (0010), and they still add up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-upgrade-'));
    dirs.push(dir);
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new BetterSqlite3(join(dir, 'rapport.sqlite')) }) });
    try {
      const before = migrationNames[migrationNames.indexOf('0010-clustered-person-products') - 1]!;
      expect((await migrateToLatest(db as Kysely<unknown>, 'sqlite', undefined, before)).error).toBeUndefined();
      const repos = createRepositories('sqlite');
      const at = Date.UTC(2026, 10, 30);
      const written = [
        { ...untouchedProduct('ws', 'p1', 'MUG-1'), purchases: 2, last_purchased_at: at },
        { ...untouchedProduct('ws', 'p1', 'TEA'), views: 3, last_viewed_at: at - 1 },
        { ...untouchedProduct('ws', 'p2', 'MUG-1'), adds: 1, last_added_at: at - 2 },
      ];
      await repos.profileProducts.increment(db, written);

      const { error, results } = await migrateToLatest(db as Kysely<unknown>, 'sqlite');
      expect(error).toBeUndefined();
      expect(results?.map((r) => r.migrationName)).toContain('0010-clustered-person-products');
      const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where name = 'profile_products'`.execute(db);
      expect(rows[0]!.sql).toMatch(/without rowid$/i);
      expect(await repos.profileProducts.ofProfile(db, 'ws', 'p2')).toEqual([{ product_id: 'MUG-1', views: 0, adds: 1, purchases: 0, last_viewed_at: null, last_added_at: at - 2, last_purchased_at: null }]);
      // The primary key still merges counts: one more purchase of MUG-1 adds to the row moved over.
      await repos.profileProducts.increment(db, [{ ...untouchedProduct('ws', 'p1', 'MUG-1'), purchases: 1, last_purchased_at: at + 5 }]);
      const p1 = (await repos.profileProducts.ofProfile(db, 'ws', 'p1')).sort((a, b) => (a.product_id < b.product_id ? -1 : 1));
      expect(p1.map((r) => [r.product_id, r.views, r.purchases, r.last_purchased_at])).toEqual([
        ['MUG-1', 0, 3, at + 5],
        ['TEA', 3, 0, null],
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('keeps every membership when segment_members becomes a WITHOUT ROWID table keyed by person (0011), and both ways of reading it agree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-upgrade-'));
    dirs.push(dir);
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new BetterSqlite3(join(dir, 'rapport.sqlite')) }) });
    try {
      const before = migrationNames[migrationNames.indexOf('0011-clustered-segment-members') - 1]!;
      expect((await migrateToLatest(db as Kysely<unknown>, 'sqlite', undefined, before)).error).toBeUndefined();
      const repos = createRepositories('sqlite');
      const at = Date.UTC(2026, 11, 1);
      await repos.segments.addMembers(db, [
        { workspace_id: 'ws', segment_id: 'vip', profile_id: 'p2', entered_at: at },
        { workspace_id: 'ws', segment_id: 'vip', profile_id: 'p1', entered_at: at - 1 },
        { workspace_id: 'ws', segment_id: 'tea', profile_id: 'p1', entered_at: at - 2 },
        { workspace_id: 'other', segment_id: 'vip', profile_id: 'p1', entered_at: at - 3 },
      ]);

      const { error, results } = await migrateToLatest(db as Kysely<unknown>, 'sqlite');
      expect(error).toBeUndefined();
      expect(results?.map((r) => r.migrationName)).toContain('0011-clustered-segment-members');
      const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where name = 'segment_members'`.execute(db);
      expect(rows[0]!.sql).toMatch(/without rowid$/i);
      // By person (the processor, decisions), by segment (listing, counting), and entering twice is still once.
      const ofP1 = (await repos.segments.membershipsOf(db, 'ws', ['p1'])).map((r) => [r.segment_id, r.entered_at]).sort();
      expect(ofP1).toEqual([
        ['tea', at - 2],
        ['vip', at - 1],
      ]);
      expect(await repos.segments.memberIds(db, 'ws', 'vip', { limit: 10 })).toEqual(['p1', 'p2']);
      await repos.segments.addMembers(db, [{ workspace_id: 'ws', segment_id: 'vip', profile_id: 'p2', entered_at: at + 9 }]);
      expect(await repos.segments.countMembers(db, 'ws', 'vip')).toBe(2);
      expect((await repos.segments.members(db, 'ws', 'vip', { limit: 10, afterId: 'p1' })).map((r) => r.entered_at)).toEqual([at]);
      await repos.segments.removeMembers(db, 'ws', 'vip', ['p1']);
      expect(await repos.segments.removeMembershipsOf(db, 'ws', ['p1'])).toBe(1);
      expect(await repos.segments.membershipsOf(db, 'other', ['p1'])).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  });

  it('moves the event log into its own file (0012): rows not yet processed stay, and seqs go on after the highest ever given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-upgrade-'));
    dirs.push(dir);
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new BetterSqlite3(join(dir, SQLITE_FILES.main)) }) });
    try {
      const before = migrationNames[migrationNames.indexOf('0012-event-log-file') - 1]!;
      expect((await migrateToLatest(db as Kysely<unknown>, 'sqlite', undefined, before)).error).toBeUndefined();
      const row = (i: number) => ({ workspace_id: 'ws', message_id: `m${i}`, received_at: i, source: 'api', payload: `{"i":${i}}`, payload_hash: `h${i}`, flags: null });
      await db.insertInto('event_log').values([1, 2, 3, 4, 5].map(row)).execute();
      // Rows 4 and 5 were processed and truncated: their seqs are spent.
      await db.deleteFrom('event_log').where('seq', '>', 3).execute();
      await db.deleteFrom('event_log').where('seq', '=', 1).execute();

      const { error, results } = await migrateToLatest(db as Kysely<unknown>, 'sqlite');
      expect(error).toBeUndefined();
      expect(results?.map((r) => r.migrationName)).toContain('0012-event-log-file');
      const { rows } = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'event_log'`.execute(db);
      expect(rows[0]!.n).toBe(0);
      expect((await sql<{ name: string }>`pragma database_list`.execute(db)).rows.map((d) => d.name)).not.toContain('log');
    } finally {
      await db.destroy();
    }
    const database = await openDatabase({ dataDir: dir });
    try {
      await database.migrate();
      const repos = createRepositories('sqlite');
      expect((await repos.ingest.readLogAfter(database.log, 0, 10)).map((r) => [r.seq, r.message_id])).toEqual([
        [2, 'm2'],
        [3, 'm3'],
      ]);
      const [seq] = await database.appendToLog([{ workspaceId: 'ws', messageId: 'm6', receivedAt: 6, source: 'api', payload: '{}', payloadHash: 'h6', flags: null }]);
      expect(seq).toBe(6);
    } finally {
      await database.close();
    }
  });
});
