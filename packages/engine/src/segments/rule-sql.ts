import { featureTypes, type Condition, type CountComparison, type EventMatch, type RuleNode, type SegmentRule, type Window } from '@rapport/contracts';
import type { JsonDoc, JsonPath, RuleSqlDialect } from '@rapport/storage';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { durationMs, resolveComparison, type Comparison } from './comparison.js';
import { parseProperty, propertyComparison } from './property-path.js';
import { featurePaths, type RuleContext } from './rule-context.js';
import { AT_LEAST_ONCE, windowBounds } from './rule-evaluator.js';

/** What a comparison reads: a JSON value (traits, properties), or a computed number, time (ms) or condition. */
type SqlValue =
  | { readonly kind: 'json'; readonly doc: JsonDoc; readonly path: JsonPath }
  | { readonly kind: 'number'; readonly expr: Expression<number | null> }
  | { readonly kind: 'time'; readonly expr: Expression<number | null> }
  | { readonly kind: 'boolean'; readonly expr: Expression<SqlBool> };

export interface RuleSqlOptions {
  readonly dialect: RuleSqlDialect;
  /** With a purpose: membership, that is the rule and consent to the purpose. */
  readonly purpose?: string | null;
  readonly context: RuleContext;
  readonly workspaceId: string;
  /** The instant windows and relative dates are measured from. */
  readonly now: number;
}

const DAY_MS = 86_400_000;
const RAD = Math.PI / 180;
const p = (column: string) => sql.ref(`p.${column}`);
const not = (e: Expression<SqlBool>): RawBuilder<SqlBool> => sql<SqlBool>`(NOT ${e})`;
const and = (parts: readonly Expression<SqlBool>[]): RawBuilder<SqlBool> => sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
const or = (parts: readonly Expression<SqlBool>[]): RawBuilder<SqlBool> => sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
const falseIfNull = (e: Expression<unknown>): RawBuilder<SqlBool> => sql<SqlBool>`coalesce(${e}, false)`;

function rangeSql(op: 'gt' | 'gte' | 'lt' | 'lte' | 'between', x: Expression<unknown>, a: unknown, b: unknown): RawBuilder<SqlBool> {
  switch (op) {
    case 'gt':
      return sql<SqlBool>`${x} > ${a}`;
    case 'gte':
      return sql<SqlBool>`${x} >= ${a}`;
    case 'lt':
      return sql<SqlBool>`${x} < ${a}`;
    case 'lte':
      return sql<SqlBool>`${x} <= ${a}`;
    case 'between':
      return sql<SqlBool>`(${x} >= ${a} AND ${x} <= ${b})`;
  }
}

function countSql(c: CountComparison, count: Expression<number>): RawBuilder<SqlBool> {
  const ops = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
  return sql<SqlBool>`${count} ${sql.raw(ops[c.op])} ${c.value}`;
}

function countHoldsForZero(c: CountComparison): boolean {
  return c.op === 'eq' ? c.value === 0 : c.op === 'neq' ? c.value !== 0 : c.op === 'lt' ? c.value > 0 : c.op === 'lte' ? true : false;
}

/**
 * Compiles a rule to one SQL condition over the profiles table aliased `p`, for SQLite and PostgreSQL alike (what
 * differs comes from the storage package's RuleSqlDialect). It gives the same answers as the JavaScript evaluator
 * (rule-evaluator.ts), which the segment property test checks on both databases.
 */
export function compileRuleSql(rule: SegmentRule, o: RuleSqlOptions): Expression<SqlBool> {
  const d = o.dialect;
  const traits: JsonDoc = { expr: p('traits') };
  const features: JsonDoc = { expr: p('features') };
  const consent: JsonDoc = { expr: p('consent') };

  function compare(c: Comparison, v: SqlValue): Expression<SqlBool> {
    if ('negate' in c && c.negate) return not(compare({ ...c, negate: false } as Comparison, v));
    if (v.kind === 'boolean') {
      if (c.kind === 'exists') return d.true;
      if (c.kind !== 'equals') return d.false;
      const bools = c.values.filter((x): x is boolean => typeof x === 'boolean');
      return or([d.false, ...bools.map((b) => (b ? v.expr : not(v.expr)))]);
    }
    if (v.kind === 'number' || v.kind === 'time') {
      switch (c.kind) {
        case 'exists':
          return sql<SqlBool>`(${v.expr} IS NOT NULL)`;
        case 'equals': {
          const nums = c.values.filter((x): x is number => typeof x === 'number');
          return nums.length === 0 ? d.false : falseIfNull(sql`${v.expr} IN (${sql.join(nums.map((n) => d.double(n)))})`);
        }
        case 'number':
          return falseIfNull(rangeSql(c.op, v.expr, d.double(c.a), d.double(c.b)));
        case 'time':
          return falseIfNull(c.test === 'before' ? sql`${v.expr} < ${c.at}` : sql`${v.expr} > ${c.at}`);
        case 'recent':
          return recent(c, v.expr);
        default:
          return d.false;
      }
    }
    const { doc, path } = v;
    const text = d.jsonText(doc, path);
    switch (c.kind) {
      case 'exists':
        return d.jsonIs(doc, path, 'present');
      case 'equals':
        return d.jsonEquals(doc, path, c.values);
      case 'number':
        return d.jsonNumberTest(doc, path, (x) => rangeSql(c.op, x, d.double(c.a), d.double(c.b)));
      case 'version':
        return falseIfNull(rangeSql(c.op, sql`rapport_version_key(${text})`, c.a, c.b));
      case 'versions':
        return falseIfNull(sql`rapport_version_key(${text}) IN (${sql.join(c.keys)})`);
      case 'text':
        return c.test === 'contains' ? d.contains(text, c.part) : c.test === 'starts_with' ? d.startsWith(text, c.part) : d.endsWith(text, c.part);
      case 'time':
        return falseIfNull(c.test === 'before' ? sql`rapport_time(${text}) < ${c.at}` : sql`rapport_time(${text}) > ${c.at}`);
      case 'recent':
        return recent(c, sql`rapport_time(${text})`);
    }
  }

  function recent(c: Extract<Comparison, { kind: 'recent' }>, t: Expression<unknown>): Expression<SqlBool> {
    return c.test === 'within_last' ? falseIfNull(sql`(${t} >= ${o.now - c.ms} AND ${t} <= ${o.now})`) : falseIfNull(sql`${t} < ${o.now - c.ms}`);
  }

  /** The condition that an event (alias `alias`) is the one named: a track name, or `$page`-style types. */
  function named(alias: string, name: string): RawBuilder<SqlBool> {
    if (name.startsWith('$')) return sql<SqlBool>`(${sql.ref(`${alias}.event`)} IS NULL AND ${sql.ref(`${alias}.type`)} = ${name.slice(1)})`;
    return sql<SqlBool>`(${sql.ref(`${alias}.event`)} = ${name})`;
  }

  function inWindow(alias: string, window: Window | undefined): RawBuilder<SqlBool> {
    const b = windowBounds(window, o.now);
    const parts: RawBuilder<SqlBool>[] = [d.true];
    if (b.from !== null) parts.push(sql<SqlBool>`${sql.ref(`${alias}.timestamp`)} >= ${b.from}`);
    if (b.to !== null) parts.push(sql<SqlBool>`${sql.ref(`${alias}.timestamp`)} <= ${b.to}`);
    return and(parts);
  }

  function filters(alias: string, match: EventMatch): RawBuilder<SqlBool> {
    const payload: JsonDoc = { expr: sql.ref(`${alias}.payload`) };
    const parts = (match.where ?? []).map((f) => {
      const path = parseProperty(f.property)!;
      const c = propertyComparison(f);
      if (path.array === undefined) return compare(c, { kind: 'json', doc: payload, path: ['properties', ...path.path] });
      const negate = 'negate' in c && c.negate;
      const positive = (negate ? { ...c, negate: false } : c) as Comparison;
      const any = d.anyElement(payload, ['properties', ...path.array], (item) => compare(positive, { kind: 'json', doc: item, path: path.path }));
      return negate ? not(any) : any;
    });
    return and([d.true, ...parts]);
  }

  /** The people whose events of a kind, counted, satisfy `count`: `p.id IN (…)`, or NOT IN when zero satisfies it. */
  function countedEvents(where: Expression<SqlBool>, count: CountComparison, counted: Expression<number>): RawBuilder<SqlBool> {
    const zero = countHoldsForZero(count);
    const having = zero ? not(countSql(count, counted)) : countSql(count, counted);
    const ids = sql`SELECT e.profile_id FROM events e WHERE e.workspace_id = ${o.workspaceId} AND ${where} GROUP BY e.profile_id HAVING ${having}`;
    return zero ? sql<SqlBool>`(p.id NOT IN (${ids}))` : sql<SqlBool>`(p.id IN (${ids}))`;
  }

  function feature(name: keyof typeof featureTypes): SqlValue {
    const path = featurePaths[name];
    if (path !== null) return featureTypes[name] === 'date' ? { kind: 'time', expr: d.jsonNumber(features, path) } : { kind: 'json', doc: features, path };
    switch (name) {
      case 'netRevenue':
        return { kind: 'number', expr: sql`(${d.jsonNumber(features, ['revenue'])} - ${d.jsonNumber(features, ['refundedRevenue'])})` };
      case 'averageOrderValue':
        return { kind: 'number', expr: sql`(CASE WHEN ${d.jsonNumber(features, ['orders'])} > 0 THEN ${d.jsonNumber(features, ['revenue'])} / ${d.jsonNumber(features, ['orders'])} END)` };
      default:
        return { kind: 'boolean', expr: sql<SqlBool>`EXISTS (SELECT 1 FROM identities i WHERE i.workspace_id = p.workspace_id AND i.profile_id = p.id AND i.kind = 'user')` };
    }
  }

  function granted(purpose: string): RawBuilder<SqlBool> {
    const byDefault = o.context.purposes.find((x) => x.id === purpose)?.default === 'granted';
    const path = [purpose, 'granted'];
    return sql<SqlBool>`(CASE WHEN ${d.jsonIs(consent, path, 'boolean')} THEN ${d.jsonTrue(consent, path)} ELSE ${byDefault ? d.true : d.false} END)`;
  }

  /** The first string among JSON values (location fields: the last known location, then traits). */
  function firstText(candidates: readonly [JsonDoc, JsonPath][]): RawBuilder<string | null> {
    return sql`(CASE ${sql.join(
      candidates.map(([doc, path]) => sql`WHEN ${d.jsonIs(doc, path, 'string')} THEN ${d.jsonText(doc, path)}`),
      sql` `,
    )} END)`;
  }

  function distance(lat: number, lon: number): RawBuilder<number> {
    const la = d.jsonNumber(features, ['location', 'latitude']);
    const lo = d.jsonNumber(features, ['location', 'longitude']);
    const r = d.double(RAD);
    const s1 = sql`sin(((${la} - ${d.double(lat)}) * ${r}) / 2)`;
    const s2 = sql`sin(((${lo} - ${d.double(lon)}) * ${r}) / 2)`;
    const a = sql`(${s1} * ${s1} + cos(${d.double(lat)} * ${r}) * cos(${la} * ${r}) * (${s2} * ${s2}))`;
    return sql<number>`(2 * 6371 * asin(${d.least(d.double(1) as Expression<number>, sql<number>`sqrt(${a})`)}))`;
  }

  function inside(vertices: readonly (readonly [number, number])[]): RawBuilder<SqlBool> {
    const lat = d.jsonNumber(features, ['location', 'latitude']);
    const lon = d.jsonNumber(features, ['location', 'longitude']);
    const crossings = vertices.map((v, i) => {
      const [yi, xi] = v;
      const [yj, xj] = vertices[(i + vertices.length - 1) % vertices.length]!;
      return sql`(CASE WHEN (${d.double(yi)} > ${lat}) <> (${d.double(yj)} > ${lat}) THEN (CASE WHEN ${lon} < (${d.double(xj - xi)} * (${lat} - ${d.double(yi)})) / ${d.double(yj - yi)} + ${d.double(xi)} THEN 1 ELSE 0 END) ELSE 0 END)`;
    });
    return falseIfNull(sql`(${sql.join(crossings, sql` + `)}) % 2 = 1`);
  }

  function node(n: RuleNode): Expression<SqlBool> {
    switch (n.type) {
      case 'and':
        return and(n.conditions.map(node));
      case 'or':
        return or(n.conditions.map(node));
      case 'not':
        return not(node(n.condition));
      default:
        return condition(n);
    }
  }

  function condition(n: Condition): Expression<SqlBool> {
    switch (n.type) {
      case 'trait':
        return compare(resolveComparison(n.op, n.value, 'any') as Comparison, { kind: 'json', doc: traits, path: n.trait.split('.') });
      case 'feature':
        return compare(resolveComparison(n.op, n.value, featureTypes[n.feature]) as Comparison, feature(n.feature));
      case 'event':
        return countedEvents(and([named('e', n.event), inWindow('e', n.window), filters('e', n)]), n.count ?? AT_LEAST_ONCE, sql`count(*)`);
      case 'sequence': {
        const within = durationMs(n.within);
        const then = sql`SELECT 1 FROM events b WHERE b.workspace_id = a.workspace_id AND b.profile_id = a.profile_id AND ${named('b', n.then.event)} AND ${filters('b', n.then)}
          AND (b.timestamp > a.timestamp OR (b.timestamp = a.timestamp AND b.seq > a.seq)) AND b.timestamp <= a.timestamp + ${within}`;
        return sql<SqlBool>`(p.id IN (SELECT a.profile_id FROM events a WHERE a.workspace_id = ${o.workspaceId} AND ${named('a', n.first.event)} AND ${inWindow('a', n.window)} AND ${filters('a', n.first)} AND EXISTS (${then})))`;
      }
      case 'rfm': {
        let test: Expression<SqlBool>;
        if (n.segments !== undefined) test = sql<SqlBool>`r.segment IN (${sql.join(n.segments)})`;
        else {
          const c = resolveComparison(n.op!, n.value, 'number') as Comparison;
          test = compare(c, { kind: 'number', expr: sql.ref(`r.${n.score!}`) });
        }
        // An IN list, not a correlated EXISTS: the database can start from the (few) people with these scores.
        return sql<SqlBool>`(p.id IN (SELECT r.profile_id FROM rfm_scores r WHERE r.workspace_id = ${o.workspaceId} AND ${test}))`;
      }
      case 'lifecycle': {
        const s = o.context.lifecycle;
        const last = d.jsonNumber(features, ['lastSeenAt']);
        const first = d.jsonNumber(features, ['firstSeenAt']);
        const stage = sql`(CASE WHEN ${last} IS NULL OR ${first} IS NULL THEN NULL
          WHEN ${last} < ${o.now - s.churnedDays * DAY_MS} THEN 'churned'
          WHEN ${last} < ${o.now - s.lapsedDays * DAY_MS} THEN 'lapsed'
          WHEN ${last} < ${o.now - s.atRiskDays * DAY_MS} THEN 'at_risk'
          WHEN ${first} >= ${o.now - s.newDays * DAY_MS} THEN 'new' ELSE 'active' END)`;
        return falseIfNull(sql`${stage} IN (${sql.join(n.stages)})`);
      }
      case 'engagement': {
        const from = o.now - durationMs(n.window.last);
        return countedEvents(sql<SqlBool>`(e.timestamp >= ${from} AND e.timestamp <= ${o.now})`, n.activeDays, sql`count(DISTINCT e.timestamp / ${sql.lit(DAY_MS)})`);
      }
      case 'affinity': {
        const scores = ['affinity', 'scores'];
        const own = d.jsonNumber(features, [...scores, n.category]);
        const parts: Expression<SqlBool>[] = [falseIfNull(sql`${own} > 0`)];
        if (n.topK !== undefined) parts.push(falseIfNull(sql`${d.countMembersAbove(features, scores, own)} < ${n.topK}`));
        if (n.minShare !== undefined) parts.push(falseIfNull(sql`${own} >= ${d.double(n.minShare)} * ${d.sumMembers(features, scores)}`));
        return and(parts);
      }
      case 'location': {
        if (n.country !== undefined) {
          const country = firstText([
            [features, ['location', 'country']],
            [traits, ['address', 'country']],
            [traits, ['country']],
          ]);
          return falseIfNull(sql`${country} IN (${sql.join(n.country)})`);
        }
        if (n.city !== undefined) {
          const city = firstText([
            [features, ['location', 'city']],
            [traits, ['address', 'city']],
            [traits, ['city']],
          ]);
          return falseIfNull(sql`${city} IN (${sql.join(n.city)})`);
        }
        if (n.near !== undefined) return falseIfNull(sql`${distance(n.near.latitude, n.near.longitude)} <= ${d.double(n.near.radiusKm)}`);
        const shape = o.context.geofences.get(n.geofence!);
        if (shape === undefined) return d.false;
        if (shape.kind === 'circle') return falseIfNull(sql`${distance(shape.latitude, shape.longitude)} <= ${d.double(shape.radiusKm)}`);
        return inside(shape.vertices);
      }
      case 'local_time': {
        const fn = n.part === 'hour' ? 'rapport_local_hour' : 'rapport_local_weekday';
        const value = sql<number | null>`${sql.raw(fn)}(${d.jsonText(features, ['timezone'])}, ${o.now})`;
        return compare(resolveComparison(n.op, n.value, 'number') as Comparison, { kind: 'number', expr: value });
      }
      case 'consent':
        return n.granted ? granted(n.purpose) : not(granted(n.purpose));
      case 'segment': {
        const def = o.context.segments.get(n.segment)!;
        const member = def.purpose === null ? node(def.rule.root) : and([node(def.rule.root), granted(def.purpose)]);
        return (n.member ?? true) ? member : not(member);
      }
      case 'bucket':
        return sql<SqlBool>`(rapport_bucket(${n.seed}, p.id) BETWEEN ${Math.round(n.from * 100)} AND ${Math.round(n.to * 100) - 1})`;
    }
  }

  const root = node(rule.root);
  return o.purpose === undefined || o.purpose === null ? root : and([root, granted(o.purpose)]);
}
