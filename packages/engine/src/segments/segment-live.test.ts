import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, silentLogger } from '@rapport/core';
import { ruleSqlDialect } from '@rapport/storage';
import { testDialects } from '@rapport/storage/testing';
import { Dice, engineFixture, randomRule, randomShopMessages, seededRandom, shopGeofences, type EngineFixture } from '../testing/index.js';
import { compileRuleSql } from './rule-sql.js';
import { SegmentCatalog } from './segment-catalog.js';

const START = Date.UTC(2026, 5, 15, 9, 0);
const SEED = Number(process.env['RAPPORT_RULE_SEED'] ?? 7);
const HOUR = 3_600_000;

/**
 * The two paths must agree: membership kept up to date by the processor as events arrive and time passes (the live
 * path: JavaScript, incrementally, per person) equals, at every moment, what the segments' rules select in SQL over
 * all profiles (the batch path). Random segments over a random shop whose events arrive in waves, hours or days
 * apart, on SQLite and PostgreSQL.
 */
describe.each(testDialects())('live segment membership on %s', (dialect) => {
  let f: EngineFixture;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    f = await engineFixture(dialect, { clock });
    for (const g of shopGeofences) expect((await f.engine.geofences.create(f.workspaceId, g)).ok).toBe(true);
  });
  afterAll(async () => {
    await f.dispose();
  });

  async function mismatches(): Promise<string[]> {
    const db = f.db.database.kysely;
    const problems: string[] = [];
    const catalog = new SegmentCatalog(f.db.database, f.engine.repos, f.engine.workspaces, clock, silentLogger);
    const ws = await catalog.load(f.workspaceId, db);
    for (const segment of await f.engine.segments.list(f.workspaceId)) {
      expect(segment.status, `segment ${segment.name} is built`).toBe('live');
      const live = ws.segments.find((s) => s.id === segment.id)!;
      const condition = compileRuleSql(live.rule, { dialect: ruleSqlDialect(dialect), context: ws.context, workspaceId: f.workspaceId, now: clock.now(), purpose: live.purpose });
      const batch = new Set(await f.engine.repos.segments.idsMatching(db, f.workspaceId, condition, { limit: 1_000_000 }));
      const stored = new Set(await f.engine.repos.segments.memberIds(db, f.workspaceId, segment.id, { limit: 1_000_000 }));
      const missing = [...batch].filter((id) => !stored.has(id));
      const extra = [...stored].filter((id) => !batch.has(id));
      if (missing.length + extra.length > 0) problems.push(`${segment.name} ${JSON.stringify(segment.rule)}: ${missing.length} missing, ${extra.length} extra (e.g. ${missing[0] ?? extra[0]})`);
      expect(segment.size, `size of ${segment.name}`).toBe(stored.size);
    }
    return problems;
  }

  it('keeps membership equal to the batch evaluation as events arrive and time passes', async () => {
    const d = new Dice(seededRandom(SEED));
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      const purpose = d.pick([null, null, 'marketing', 'personalization']);
      const created = await f.engine.segments.create(f.workspaceId, { name: `random ${i}`, purpose, rule: randomRule(d, clock.now(), ids) });
      expect(created.ok, JSON.stringify(created.ok ? '' : created.error)).toBe(true);
      if (created.ok) ids.push(created.value.id);
    }
    // Rules that read nothing but events are evaluated for a person only when their new events can change them (see
    // evaluationPlan): among them some that hold for people without any event, new people first.
    const days = (amount: number) => ({ last: { amount, unit: 'days' as const } });
    const eventOnly = [
      { type: 'event', event: 'Order Completed', count: { op: 'eq', value: 0 }, window: days(7) },
      { type: 'not', condition: { type: 'event', event: 'Product Viewed', window: days(2) } },
      { type: 'event', event: 'Product Viewed', count: { op: 'gte', value: 2 }, window: days(3) },
      { type: 'or', conditions: [{ type: 'event', event: 'Order Completed' }, { type: 'engagement', activeDays: { op: 'gte', value: 2 }, window: days(5) }] },
    ] as const;
    for (const [i, root] of eventOnly.entries()) {
      const created = await f.engine.segments.create(f.workspaceId, { name: `events only ${i}`, purpose: null, rule: { version: 1, root } });
      expect(created.ok, JSON.stringify(created.ok ? '' : created.error)).toBe(true);
    }
    await f.drain();
    const messages = randomShopMessages(d, clock.now() + 40 * 24 * HOUR, 90).sort((a, b) => String(a['timestamp']).localeCompare(String(b['timestamp'])));
    const waves = 6;
    let changes = 0;
    for (let w = 0; w < waves; w++) {
      // Events up to now arrive; time then moves on by hours or days, so that windows move and people enter and leave.
      const due = messages.filter((m) => Date.parse(String(m['timestamp'])) <= clock.now() + 12 * HOUR);
      messages.splice(0, due.length);
      for (let i = 0; i < due.length; i += 100) await f.send('batch', { batch: due.slice(i, i + 100) });
      await f.drain();
      expect(await mismatches(), `after wave ${w} (${new Date(clock.now()).toISOString()})`).toEqual([]);
      clock.advance(d.pick([2, 7, 26, 49, 170]) * HOUR + d.int(0, 59) * 60_000);
      await f.drain();
      expect(await mismatches(), `after time passed, wave ${w} (${new Date(clock.now()).toISOString()})`).toEqual([]);
      changes = (await f.engine.segments.changes(f.workspaceId, { limit: 1000 })).items.length;
    }
    // The test means something: people entered and left segments along the way.
    expect(changes).toBeGreaterThan(50);
  }, 600_000);
});
