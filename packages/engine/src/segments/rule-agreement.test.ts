import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@rapport/core';
import { ruleSqlDialect } from '@rapport/storage';
import { testDialects } from '@rapport/storage/testing';
import type { SegmentRule } from '@rapport/contracts';
import { profileFromRow } from '../profiles/index.js';
import { defaultLifecycle } from '../workspaces/index.js';
import { Dice, engineFixture, randomRule, randomShopMessages, seededRandom, shopGeofences, type EngineFixture } from '../testing/index.js';
import { collectNeeds, loadFacts, type RfmLookup } from './person-facts.js';
import type { GeofenceShape, RfmFacts, RuleContext, SegmentDefinition } from './rule-context.js';
import { compileRule } from './rule-evaluator.js';
import { compileRuleSql } from './rule-sql.js';
import { validateRule } from './rule-validator.js';
import { rfmSegmentNames } from '@rapport/contracts';

const NOW = Date.UTC(2026, 5, 15, 13, 30);
const SEED = Number(process.env['RAPPORT_RULE_SEED'] ?? 20261129);

const geofences = new Map<string, GeofenceShape>(shopGeofences.map((g) => [g.key, g.shape]));

/**
 * The property test of the rule language: random rules over a random shop must select exactly the same people in
 * JavaScript (the live path's evaluator, over facts loaded from the database) and in SQL (the batch path's compiled
 * query), on SQLite and on PostgreSQL. A failure prints the seed, the rule and the people the two paths disagree on.
 */
describe.each(testDialects())('rule evaluation in JavaScript and in SQL on %s', (dialect) => {
  let f: EngineFixture;
  let context: RuleContext;
  const rfm = new Map<string, RfmFacts>();
  const rfmLookup: RfmLookup = async (_db, _ws, ids) => new Map(ids.filter((id) => rfm.has(id)).map((id) => [id, rfm.get(id)!]));

  beforeAll(async () => {
    f = await engineFixture(dialect, { clock: new ManualClock(NOW) });
    const d = new Dice(seededRandom(SEED));
    const messages = randomShopMessages(d, NOW, 120);
    for (let i = 0; i < messages.length; i += 100) await f.send('batch', { batch: messages.slice(i, i + 100) });
    await f.drain();
    // RFM scores for some people, written as the RFM module would (in place of those its refresh computed).
    await f.db.database.kysely.deleteFrom('rfm_scores').execute();
    const rows = await f.engine.repos.segments.profileRows(f.db.database.kysely, f.workspaceId, { limit: 10_000 });
    for (const row of rows) {
      if (!d.chance(0.5)) continue;
      const facts: RfmFacts = { r: d.int(1, 5), f: d.int(1, 5), m: d.int(1, 5), segment: d.pick(rfmSegmentNames), recencyDays: d.int(0, 100), frequency: d.int(1, 9), monetary: d.int(1, 900) };
      rfm.set(row.id, facts);
      await f.db.database.kysely
        .insertInto('rfm_scores')
        .values({ workspace_id: f.workspaceId, profile_id: row.id, recency_days: facts.recencyDays, frequency: facts.frequency, monetary: facts.monetary, r: facts.r, f: facts.f, m: facts.m, segment: facts.segment, computed_at: NOW })
        .execute();
    }
    const workspace = await f.engine.workspaces.get(f.workspaceId);
    const base = (id: string, name: string, purpose: string | null, rule: SegmentRule): [string, SegmentDefinition] => [id, { id, name, purpose, rule }];
    context = {
      segments: new Map([
        base('seg-buyers', 'Buyers', null, { version: 1, root: { type: 'event', event: 'Order Completed' } }),
        base('seg-gold-marketing', 'Gold', 'marketing', { version: 1, root: { type: 'trait', trait: 'plan', op: 'eq', value: 'gold' } }),
        base('seg-recent', 'Recent', 'personalization', { version: 1, root: { type: 'feature', feature: 'lastSeenAt', op: 'within_last', value: { amount: 30, unit: 'days' } } }),
      ]),
      geofences,
      purposes: workspace.settings.purposes,
      lifecycle: defaultLifecycle,
    };
  }, 120_000);
  afterAll(async () => {
    await f.dispose();
  });

  async function viaSql(rule: SegmentRule): Promise<Set<string>> {
    const condition = compileRuleSql(rule, { dialect: ruleSqlDialect(dialect), context, workspaceId: f.workspaceId, now: NOW });
    return new Set(await f.engine.repos.segments.idsMatching(f.db.database.kysely, f.workspaceId, condition, { limit: 100_000 }));
  }

  async function viaJs(rule: SegmentRule): Promise<{ ids: Set<string>; explain: (id: string) => unknown }> {
    const db = f.db.database.kysely;
    const rows = await f.engine.repos.segments.profileRows(db, f.workspaceId, { limit: 100_000 });
    const subjects = rows.map((r) => {
      const p = profileFromRow(r);
      return { profileId: p.id, traits: p.traits, features: p.features, consent: p.consent };
    });
    const needs = collectNeeds([rule], context, NOW);
    const facts = await loadFacts(subjects, { db, repos: f.engine.repos, workspaceId: f.workspaceId, needs: { ...needs, identified: true }, rfm: rfmLookup });
    const compiled = compileRule(rule, context);
    const ids = new Set<string>();
    for (const [id, person] of facts) {
      // The live path's test and the explanation's outcome must agree too.
      const matched = compiled.matches(person, NOW);
      if (matched !== compiled.evaluate(person, NOW).matched) expect.fail(`matches and evaluate disagree for ${id} on ${JSON.stringify(rule)}`);
      if (matched) ids.add(id);
    }
    return { ids, explain: (id) => ({ facts: facts.get(id), outcome: compiled.evaluate(facts.get(id)!, NOW) }) };
  }

  it('selects the same people for 150 random rules', async () => {
    const d = new Dice(seededRandom(SEED + 1));
    let nonEmpty = 0;
    let notEveryone = 0;
    const total = (await f.engine.repos.segments.profileRows(f.db.database.kysely, f.workspaceId, { limit: 100_000 })).length;
    for (let i = 0; i < 150; i++) {
      const rule = randomRule(d, NOW, [...context.segments.keys()]);
      const valid = validateRule(rule, { context });
      expect(valid.ok, `rule ${i} is valid: ${JSON.stringify(valid.ok ? null : valid.error)}`).toBe(true);
      const sql = await viaSql(rule);
      const js = await viaJs(rule);
      const onlySql = [...sql].filter((id) => !js.ids.has(id));
      const onlyJs = [...js.ids].filter((id) => !sql.has(id));
      if (onlySql.length + onlyJs.length > 0) {
        const who = onlySql[0] ?? onlyJs[0]!;
        expect.fail(`seed ${SEED}, rule ${i}: ${JSON.stringify(rule)}\nonly in SQL: ${onlySql.length}, only in JavaScript: ${onlyJs.length}\n${JSON.stringify(js.explain(who), null, 1).slice(0, 4000)}`);
      }
      if (sql.size > 0) nonEmpty++;
      if (sql.size < total) notEveryone++;
    }
    // The random rules must be worth something: most select some people, and most not everyone.
    expect(nonEmpty).toBeGreaterThan(50);
    expect(notEveryone).toBeGreaterThan(50);
  }, 300_000);
});
