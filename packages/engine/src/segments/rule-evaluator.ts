import { featureTypes, type Condition, type CountComparison, type EventMatch, type RuleNode, type SegmentRule, type Window } from '@rapport/contracts';
import { bucketOf, distanceKm, insidePolygon, localTimeParts, parseRuleTime } from '@rapport/core';
import { isGranted } from '../consent/index.js';
import { compareValue, durationMs, resolveComparison, type Comparison } from './comparison.js';
import { lifecycleStage } from '../profiles/index.js';
import { featureValue, locationOf, readPath, type FactEvent, type PersonFacts, type RuleContext } from './rule-context.js';
import { parseProperty, propertyComparison } from './property-path.js';

/** The result of one node for one person: whether it held and the values that decided it. */
export interface Outcome {
  readonly matched: boolean;
  readonly values: Record<string, unknown>;
  readonly children?: readonly Outcome[];
}

/** A compiled node: the outcome with the values that decided it (explanations). */
type Evaluate = (facts: PersonFacts, run: Run) => Outcome;
/** A compiled node: whether it holds, and nothing else (live membership, for every person a slice changes). */
type Test = (facts: PersonFacts, run: Run) => boolean;

/** A node both ways: `test` gives `explain(…).matched`, without building the outcome. */
interface CompiledNode {
  readonly test: Test;
  readonly explain: Evaluate;
}

/**
 * One evaluation: the time, and the results of referenced segments (each evaluated once per person), made when a rule
 * first names one.
 */
interface Run {
  readonly now: number;
  segments?: Map<string, Outcome>;
  tested?: Map<string, boolean>;
}

/** A compiled rule: evaluates one person at a time. */
export interface CompiledRule {
  evaluate(facts: PersonFacts, now: number): Outcome;
  /** Whether the rule holds: `evaluate(facts, now).matched`, without building the outcome and its values. */
  matches(facts: PersonFacts, now: number): boolean;
}

const DAY_MS = 86_400_000;

function countHolds(count: number, c: CountComparison): boolean {
  switch (c.op) {
    case 'eq':
      return count === c.value;
    case 'neq':
      return count !== c.value;
    case 'gt':
      return count > c.value;
    case 'gte':
      return count >= c.value;
    case 'lt':
      return count < c.value;
    case 'lte':
      return count <= c.value;
  }
}

/** The default count of an event condition: at least once. */
export const AT_LEAST_ONCE: CountComparison = { op: 'gte', value: 1 };

/** [from, to] of a window at `now` (inclusive); null bounds are open. */
export function windowBounds(window: Window | undefined, now: number): { from: number | null; to: number | null } {
  return boundsAt(window)(now);
}

/** A window's bounds as a function of now, with its dates parsed once (a rule is evaluated for many people). */
function boundsAt(window: Window | undefined): (now: number) => { from: number | null; to: number | null } {
  if (window === undefined) return () => ({ from: null, to: null });
  if ('last' in window) {
    const ms = durationMs(window.last);
    return (now) => ({ from: now - ms, to: now });
  }
  const fixed = { from: parseRuleTime(window.from), to: parseRuleTime(window.to) };
  return () => fixed;
}

function inWindow(t: number, b: { from: number | null; to: number | null }): boolean {
  return (b.from === null || t >= b.from) && (b.to === null || t <= b.to);
}

/** Compiles property filters into one test of an event (all must hold). */
function compileFilters(match: EventMatch): (e: FactEvent, now: number) => boolean {
  const filters = (match.where ?? []).map((f) => {
    const path = parseProperty(f.property)!;
    const c = propertyComparison(f);
    return { path, c };
  });
  if (filters.length === 0) return () => true;
  return (e, now) =>
    filters.every(({ path, c }) => {
      const props = e.properties ?? {};
      if (path.array === undefined) return compareValue(c, readPath(props, path.path), now);
      const list = readPath(props, path.array);
      const positive: Comparison = 'negate' in c ? { ...c, negate: false } : c;
      const any = Array.isArray(list) && list.some((item) => compareValue(positive, path.path.length === 0 ? item : readPath(item, path.path), now));
      return 'negate' in c && c.negate ? !any : any;
    });
}

function matchingEvents(facts: PersonFacts, match: EventMatch, test: (e: FactEvent, now: number) => boolean, bounds: { from: number | null; to: number | null }, now: number): FactEvent[] {
  return (facts.events.get(match.event) ?? []).filter((e) => inWindow(e.timestamp, bounds) && test(e, now));
}

function countMatching(facts: PersonFacts, match: EventMatch, test: (e: FactEvent, now: number) => boolean, bounds: { from: number | null; to: number | null }, now: number): number {
  let n = 0;
  for (const e of facts.events.get(match.event) ?? []) if (inWindow(e.timestamp, bounds) && test(e, now)) n++;
  return n;
}

/** A node whose test reads its outcome (conditions that are rare or cheap enough either way). */
function fromOutcome(explain: Evaluate): CompiledNode {
  return { explain, test: (facts, run) => explain(facts, run).matched };
}

/**
 * Compiles a rule for the live path: evaluates it on one person's facts in JavaScript. The SQL compiler
 * (rule-sql.ts) compiles the same rule for the batch path; both read comparisons through `resolveComparison`, and the
 * segment property test holds them to the same answers.
 */
export function compileRule(rule: SegmentRule, context: RuleContext): CompiledRule {
  const compiled = new Map<string, CompiledNode>();
  const compileSegment = (id: string): CompiledNode => {
    let e = compiled.get(id);
    if (e === undefined) {
      const def = context.segments.get(id);
      if (def === undefined) throw new Error(`segment ${id} is unknown`);
      const body = compileNode(def.rule.root);
      const consents = (facts: PersonFacts) => def.purpose === null || isGranted(facts.consent, def.purpose, context.purposes);
      e = {
        explain: (facts, run) => {
          const matched = body.explain(facts, run);
          const consented = consents(facts);
          return { matched: matched.matched && consented, values: { segment: def.name, consented }, children: [matched] };
        },
        test: (facts, run) => body.test(facts, run) && consents(facts),
      };
      compiled.set(id, e);
    }
    return e;
  };

  function compileNode(node: RuleNode): CompiledNode {
    switch (node.type) {
      case 'and':
      case 'or': {
        const parts = node.conditions.map(compileNode);
        const isAnd = node.type === 'and';
        return {
          explain: (facts, run) => {
            const children = parts.map((p) => p.explain(facts, run));
            return { matched: isAnd ? children.every((c) => c.matched) : children.some((c) => c.matched), values: {}, children };
          },
          test: isAnd ? (facts, run) => parts.every((p) => p.test(facts, run)) : (facts, run) => parts.some((p) => p.test(facts, run)),
        };
      }
      case 'not': {
        const inner = compileNode(node.condition);
        return {
          explain: (facts, run) => {
            const child = inner.explain(facts, run);
            return { matched: !child.matched, values: {}, children: [child] };
          },
          test: (facts, run) => !inner.test(facts, run),
        };
      }
      default:
        return compileCondition(node);
    }
  }

  function compileCondition(node: Condition): CompiledNode {
    switch (node.type) {
      case 'trait': {
        const path = node.trait.split('.');
        const c = resolveComparison(node.op, node.value, 'any') as Comparison;
        return {
          explain: (facts, run) => {
            const value = readPath(facts.traits, path);
            return { matched: compareValue(c, value, run.now), values: { value: value ?? null } };
          },
          test: (facts, run) => compareValue(c, readPath(facts.traits, path), run.now),
        };
      }
      case 'feature': {
        const type = featureTypes[node.feature];
        const c = resolveComparison(node.op, node.value, type) as Comparison;
        return {
          explain: (facts, run) => {
            const value = featureValue(facts, node.feature);
            return { matched: compareValue(c, value, run.now, type === 'date'), values: { value: value ?? null } };
          },
          test: (facts, run) => compareValue(c, featureValue(facts, node.feature), run.now, type === 'date'),
        };
      }
      case 'event': {
        const test = compileFilters(node);
        const count = node.count ?? AT_LEAST_ONCE;
        const window = boundsAt(node.window);
        return {
          explain: (facts, run) => {
            const bounds = window(run.now);
            const n = countMatching(facts, node, test, bounds, run.now);
            return { matched: countHolds(n, count), values: { count: n, from: bounds.from, to: bounds.to } };
          },
          test: (facts, run) => countHolds(countMatching(facts, node, test, window(run.now), run.now), count),
        };
      }
      case 'sequence': {
        const firstTest = compileFilters(node.first);
        const thenTest = compileFilters(node.then);
        const within = durationMs(node.within);
        const window = boundsAt(node.window);
        return fromOutcome((facts, run) => {
          const bounds = window(run.now);
          const firsts = matchingEvents(facts, node.first, firstTest, bounds, run.now);
          const thens = matchingEvents(facts, node.then, thenTest, { from: null, to: null }, run.now);
          for (const a of firsts) {
            const b = thens.find((x) => (x.timestamp > a.timestamp || (x.timestamp === a.timestamp && x.seq > a.seq)) && x.timestamp <= a.timestamp + within);
            if (b !== undefined) return { matched: true, values: { firstAt: a.timestamp, thenAt: b.timestamp, firsts: firsts.length } };
          }
          return { matched: false, values: { firstAt: null, thenAt: null, firsts: firsts.length } };
        });
      }
      case 'rfm':
        return fromOutcome((facts) => {
          const rfm = facts.rfm;
          if (rfm === null) return { matched: false, values: { rfm: null } };
          let matched: boolean;
          if (node.segments !== undefined) matched = node.segments.includes(rfm.segment);
          else {
            const score = rfm[node.score!];
            const c = resolveComparison(node.op!, node.value, 'number') as Comparison;
            matched = compareValue(c, score, 0);
          }
          return { matched, values: { r: rfm.r, f: rfm.f, m: rfm.m, segment: rfm.segment } };
        });
      case 'lifecycle': {
        const holds = (stage: ReturnType<typeof lifecycleStage>) => stage !== null && node.stages.includes(stage);
        return {
          explain: (facts, run) => {
            const stage = lifecycleStage(facts.features, run.now, context.lifecycle);
            return { matched: holds(stage), values: { stage } };
          },
          test: (facts, run) => holds(lifecycleStage(facts.features, run.now, context.lifecycle)),
        };
      }
      case 'engagement': {
        const window = durationMs(node.window.last);
        return fromOutcome((facts, run) => {
          const from = run.now - window;
          const days = new Set<number>();
          for (const t of facts.eventTimes ?? []) if (t >= from && t <= run.now) days.add(Math.trunc(t / DAY_MS));
          return { matched: countHolds(days.size, node.activeDays), values: { activeDays: days.size } };
        });
      }
      case 'affinity':
        return fromOutcome((facts) => {
          const scores = facts.features.affinity.scores;
          const own = Object.hasOwn(scores, node.category) ? scores[node.category]! : null;
          const values = Object.values(scores);
          const total = values.reduce((s, v) => s + v, 0);
          const above = own === null ? null : values.filter((v) => v > own).length;
          let matched = own !== null && own > 0;
          if (matched && node.topK !== undefined) matched = above! < node.topK;
          if (matched && node.minShare !== undefined) matched = total > 0 && own! >= node.minShare * total;
          return { matched, values: { share: own === null || total <= 0 ? 0 : own / total, rank: above === null || own! <= 0 ? null : above + 1 } };
        });
      case 'location': {
        const shape = node.geofence === undefined ? undefined : context.geofences.get(node.geofence);
        return fromOutcome((facts) => {
          const loc = locationOf(facts);
          if (node.country !== undefined) return { matched: loc.country !== null && node.country.includes(loc.country), values: { country: loc.country } };
          if (node.city !== undefined) return { matched: loc.city !== null && node.city.includes(loc.city), values: { city: loc.city } };
          if (loc.latitude === null || loc.longitude === null) return { matched: false, values: { latitude: null, longitude: null } };
          const point = { latitude: loc.latitude, longitude: loc.longitude };
          if (node.near !== undefined) {
            const d = distanceKm(node.near.latitude, node.near.longitude, loc.latitude, loc.longitude);
            return { matched: d <= node.near.radiusKm, values: { ...point, distanceKm: Math.round(d * 1000) / 1000 } };
          }
          if (shape === undefined) return { matched: false, values: point };
          if (shape.kind === 'circle') {
            const d = distanceKm(shape.latitude, shape.longitude, loc.latitude, loc.longitude);
            return { matched: d <= shape.radiusKm, values: { ...point, distanceKm: Math.round(d * 1000) / 1000 } };
          }
          return { matched: insidePolygon(loc.latitude, loc.longitude, shape.vertices), values: point };
        });
      }
      case 'local_time': {
        const c = resolveComparison(node.op, node.value, 'number') as Comparison;
        return fromOutcome((facts, run) => {
          const tz = facts.features.timezone;
          const parts = typeof tz === 'string' ? localTimeParts(tz, run.now) : null;
          const value = parts === null ? null : parts[node.part];
          return { matched: compareValue(c, value, run.now), values: { timezone: tz, [node.part]: value } };
        });
      }
      case 'consent': {
        const granted = (facts: PersonFacts) => isGranted(facts.consent, node.purpose, context.purposes);
        return {
          explain: (facts) => {
            const g = granted(facts);
            return { matched: g === node.granted, values: { granted: g } };
          },
          test: (facts) => granted(facts) === node.granted,
        };
      }
      case 'segment': {
        const member = node.member ?? true;
        return {
          explain: (facts, run) => {
            const outcomes = (run.segments ??= new Map());
            let outcome = outcomes.get(node.segment);
            if (outcome === undefined) {
              outcome = compileSegment(node.segment).explain(facts, run);
              outcomes.set(node.segment, outcome);
            }
            return { matched: outcome.matched === member, values: { member: outcome.matched }, children: [outcome] };
          },
          test: (facts, run) => {
            const tested = (run.tested ??= new Map());
            let matched = tested.get(node.segment);
            if (matched === undefined) {
              matched = compileSegment(node.segment).test(facts, run);
              tested.set(node.segment, matched);
            }
            return matched === member;
          },
        };
      }
      case 'bucket': {
        const from = Math.round(node.from * 100);
        const to = Math.round(node.to * 100);
        return fromOutcome((facts) => {
          const position = bucketOf(node.seed, facts.profileId);
          return { matched: position >= from && position < to, values: { position: position / 100 } };
        });
      }
    }
  }

  const root = compileNode(rule.root);
  // The maps of referenced segments are made only for a rule that names one.
  return {
    evaluate: (facts, now) => root.explain(facts, { now }),
    matches: (facts, now) => root.test(facts, { now }),
  };
}
