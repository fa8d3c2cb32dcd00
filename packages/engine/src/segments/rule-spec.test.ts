import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, silentLogger } from '@rapport/core';
import { ruleSqlDialect } from '@rapport/storage';
import { testDialects } from '@rapport/storage/testing';
import type { RuleNode } from '@rapport/contracts';
import { emptyFeatures, profileFromRow, type Features } from '../profiles/index.js';
import { engineFixture, shopGeofences, type EngineFixture } from '../testing/index.js';
import { collectNeeds, loadFacts } from './person-facts.js';
import { SegmentCatalog, rfmLookup } from './segment-catalog.js';
import { compileRule } from './rule-evaluator.js';
import { compileRuleSql } from './rule-sql.js';
import { validateRule } from './rule-validator.js';

interface SpecEvent {
  name: string;
  at: string;
  properties?: Record<string, unknown>;
}
interface SpecCase {
  name: string;
  person: {
    traits?: Record<string, unknown>;
    features?: Record<string, unknown>;
    consent?: Record<string, { granted: boolean; at: string; source: string }>;
    identified?: boolean;
    events?: SpecEvent[];
    rfm?: { r: number; f: number; m: number; segment: string; recencyDays: number; frequency: number; monetary: number };
  };
  rule: RuleNode;
  expected: boolean;
}

const spec = JSON.parse(readFileSync(new URL('../../../contracts/spec/segment-rules.json', import.meta.url), 'utf8')) as { now: string; cases: SpecCase[] };
const NOW = Date.parse(spec.now);
const TIME_FEATURES = ['firstSeenAt', 'lastSeenAt', 'firstOrderAt', 'lastOrderAt'];

/** The spec's features as the engine keeps them: times in Unix milliseconds. */
function features(given: Record<string, unknown> = {}): Features {
  const f: Record<string, unknown> = { ...emptyFeatures(), ...given };
  for (const k of TIME_FEATURES) if (typeof f[k] === 'string') f[k] = Date.parse(f[k]);
  const affinity = f['affinity'] as { scores: Record<string, number>; at: unknown };
  if (typeof affinity.at === 'string') f['affinity'] = { ...affinity, at: Date.parse(affinity.at) };
  const location = f['location'] as { at: unknown } | null;
  if (location !== null && typeof location.at === 'string') f['location'] = { ...location, at: Date.parse(location.at) };
  return f as unknown as Features;
}

/**
 * The shared cases of packages/contracts/spec/segment-rules.json, whose answers were worked out by hand, replayed on
 * both evaluation paths and both databases: where the property test shows that the paths agree, this shows that
 * they agree on the right answer.
 */
describe.each(testDialects())('the segment rule spec on %s', (dialect) => {
  let f: EngineFixture;
  const ids: string[] = [];
  beforeAll(async () => {
    f = await engineFixture(dialect, { clock: new ManualClock(NOW) });
    for (const g of shopGeofences) expect((await f.engine.geofences.create(f.workspaceId, g)).ok).toBe(true);
    const db = f.db.database.kysely;
    let seq = 1_000_000;
    for (const [i, c] of spec.cases.entries()) {
      const id = `spec-${String(i).padStart(3, '0')}`;
      ids.push(id);
      const consent = Object.fromEntries(Object.entries(c.person.consent ?? {}).map(([k, v]) => [k, { ...v, at: Date.parse(v.at) }]));
      await db
        .insertInto('profiles')
        .values({ workspace_id: f.workspaceId, id, created_at: NOW, updated_at: NOW, merged_into: null, traits: JSON.stringify(c.person.traits ?? {}), trait_times: '{}', features: JSON.stringify(features(c.person.features)), consent: JSON.stringify(consent), groups: '{}' })
        .execute();
      if (c.person.identified) await db.insertInto('identities').values({ workspace_id: f.workspaceId, kind: 'user', value: `user-${i}`, profile_id: id, created_at: NOW }).execute();
      for (const e of c.person.events ?? []) {
        const type = e.name.startsWith('$') ? e.name.slice(1) : 'track';
        const payload = { type, ...(type === 'track' ? { event: e.name } : {}), properties: e.properties ?? {}, timestamp: e.at };
        await db
          .insertInto('events')
          .values({ seq: seq++, workspace_id: f.workspaceId, profile_id: id, message_id: `m-${seq}`, type, event: type === 'track' ? e.name : null, user_id: null, anonymous_id: id, timestamp: Date.parse(e.at), received_at: NOW, source: 'http', payload: JSON.stringify(payload), flags: null, revenue: null })
          .execute();
      }
      const r = c.person.rfm;
      if (r !== undefined) {
        await db
          .insertInto('rfm_scores')
          .values({ workspace_id: f.workspaceId, profile_id: id, recency_days: r.recencyDays, frequency: r.frequency, monetary: r.monetary, r: r.r, f: r.f, m: r.m, segment: r.segment, computed_at: NOW })
          .execute();
      }
    }
  }, 60_000);
  afterAll(async () => {
    await f.dispose();
  });

  it.each(spec.cases.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const db = f.db.database.kysely;
    const id = ids[i]!;
    const context = await new SegmentCatalog(f.db.database, f.engine.repos, f.engine.workspaces, f.engine.clock, silentLogger).context(f.workspaceId);
    const rule = { version: 1 as const, root: c.rule };
    expect(validateRule(rule, { context }).ok).toBe(true);

    const condition = compileRuleSql(rule, { dialect: ruleSqlDialect(dialect), context, workspaceId: f.workspaceId, now: NOW });
    const bySql = (await f.engine.repos.segments.idsMatching(db, f.workspaceId, condition, { limit: 10, only: [id] })).includes(id);

    const row = (await f.engine.repos.profiles.findProfiles(db, f.workspaceId, [id]))[0]!;
    const p = profileFromRow(row);
    const facts = await loadFacts([{ profileId: id, traits: p.traits, features: p.features, consent: p.consent }], {
      db,
      repos: f.engine.repos,
      workspaceId: f.workspaceId,
      needs: { ...collectNeeds([rule], context, NOW), identified: true },
      rfm: rfmLookup(f.engine.repos),
    });
    const byJs = compileRule(rule, context).evaluate(facts.get(id)!, NOW).matched;
    expect({ javascript: byJs, sql: bySql }).toEqual({ javascript: c.expected, sql: c.expected });
  });
});
