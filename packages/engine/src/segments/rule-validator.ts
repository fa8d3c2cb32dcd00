import {
  comparisonOperators,
  durationUnits,
  featureNames,
  featureTypes,
  lifecycleStages,
  localTimeParts,
  nodeTypes,
  rfmSegmentNames,
  ruleLimits,
  RULE_VERSION,
  type ComparisonOperator,
  type ComparisonValue,
  type RuleNode,
  type SegmentRule,
  type ValueType,
} from '@rapport/contracts';
import { err, ok, parseRuleTime, type ProblemDetail, type Result } from '@rapport/core';
import { isComparison, resolveComparison } from './comparison.js';
import { FORBIDDEN_KEY_CHARACTERS, parseProperty } from './property-path.js';
import type { RuleContext } from './rule-context.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A value as shown in a problem: its JSON, cut at 60 characters. */
function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The keys each node type takes; the validator refuses others, so a typo does not silently mean nothing. */
const nodeKeys: Readonly<Record<RuleNode['type'], readonly string[]>> = {
  and: ['conditions'],
  or: ['conditions'],
  not: ['condition'],
  trait: ['trait', 'op', 'value'],
  feature: ['feature', 'op', 'value'],
  event: ['event', 'where', 'count', 'window'],
  sequence: ['first', 'then', 'within', 'window'],
  rfm: ['segments', 'score', 'op', 'value'],
  lifecycle: ['stages'],
  engagement: ['activeDays', 'window'],
  affinity: ['category', 'topK', 'minShare'],
  location: ['near', 'geofence', 'country', 'city'],
  local_time: ['part', 'op', 'value'],
  consent: ['purpose', 'granted'],
  segment: ['segment', 'member'],
  bucket: ['seed', 'from', 'to'],
};

export interface ValidationOptions {
  readonly context: RuleContext;
  /** The id of the segment being saved, when it exists already: a rule may not refer to it, even through others. */
  readonly selfId?: string;
}

/**
 * Checks a rule as sent to the API and returns it typed, or every problem found, each with the JSON Pointer of the
 * bad node (relative to the rule), what was expected there and what was found. Checks structure, limits (size,
 * depth, lists, strings), operators against the type of what they compare, and references: segments (which must
 * exist and not lead back to the segment being saved), geofences and consent purposes.
 */
export function validateRule(input: unknown, options: ValidationOptions): Result<SegmentRule, ProblemDetail[]> {
  const problems: ProblemDetail[] = [];
  const problem = (path: string, message: string, expected: string, got: unknown): void => {
    problems.push({ path, message, expected, got: shown(got) });
  };
  let nodes = 0;

  const str = (v: unknown, path: string, what = 'a non-empty string'): v is string => {
    if (typeof v === 'string' && v !== '' && v.length <= ruleLimits.maxStringLength) return true;
    problem(path, `must be ${what} of at most ${ruleLimits.maxStringLength} characters`, what, v);
    return false;
  };
  const int = (v: unknown, path: string, min: number, max: number): v is number => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return true;
    problem(path, `must be an integer from ${min} to ${max}`, `an integer from ${min} to ${max}`, v);
    return false;
  };
  const num = (v: unknown, path: string, min: number, max: number): v is number => {
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return true;
    problem(path, `must be a number from ${min} to ${max}`, `a number from ${min} to ${max}`, v);
    return false;
  };
  const list = (v: unknown, path: string, what: string): v is unknown[] => {
    if (Array.isArray(v) && v.length > 0 && v.length <= ruleLimits.maxListItems) return true;
    problem(path, `must be a list of 1 to ${ruleLimits.maxListItems} ${what}`, `a list of ${what}`, v);
    return false;
  };
  const oneOf = <T extends string>(v: unknown, path: string, allowed: readonly T[]): v is T => {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return true;
    problem(path, `must be one of ${allowed.join(', ')}`, `one of ${allowed.join(', ')}`, v);
    return false;
  };
  const known = (n: Json, path: string, keys: readonly string[]) => {
    for (const k of Object.keys(n)) if (k !== 'type' && !keys.includes(k)) problem(`${path}/${k}`, 'is not allowed here', `one of ${keys.join(', ')}`, k);
  };
  const duration = (v: unknown, path: string) => {
    if (!isObject(v)) return problem(path, 'must be a duration', 'a duration such as { "amount": 30, "unit": "days" }', v);
    known(v, path, ['amount', 'unit']);
    int(v['amount'], `${path}/amount`, 1, 100_000);
    oneOf(v['unit'], `${path}/unit`, durationUnits);
  };
  const window = (v: unknown, path: string, relativeOnly = false) => {
    if (v === undefined && !relativeOnly) return;
    if (!isObject(v)) return problem(path, 'must be a window', relativeOnly ? '{ "last": duration }' : '{ "last": duration } or { "from": date-time, "to": date-time }', v);
    if ('last' in v) {
      known(v, path, ['last']);
      return duration(v['last'], `${path}/last`);
    }
    if (relativeOnly) return problem(path, 'must be { "last": duration }', '{ "last": duration }', v);
    known(v, path, ['from', 'to']);
    const from = typeof v['from'] === 'string' ? parseRuleTime(v['from']) : null;
    const to = typeof v['to'] === 'string' ? parseRuleTime(v['to']) : null;
    if (from === null) problem(`${path}/from`, 'must be an ISO 8601 date or date-time', 'a date-time such as "2026-01-31T00:00:00Z"', v['from']);
    if (to === null) problem(`${path}/to`, 'must be an ISO 8601 date or date-time', 'a date-time such as "2026-02-28T23:59:59Z"', v['to']);
    if (from !== null && to !== null && from > to) problem(`${path}/to`, 'must not be before from', 'a date-time after from', v['to']);
  };
  const comparison = (n: Json, path: string, type: ValueType) => {
    if (!oneOf(n['op'], `${path}/op`, comparisonOperators)) return;
    const r = resolveComparison(n['op'] as ComparisonOperator, n['value'] as ComparisonValue | undefined, type);
    if (!isComparison(r)) return problem(`${path}/${r.field}`, r.message, r.expected, r.field === 'op' ? n['op'] : n['value']);
    const v = n['value'];
    if (Array.isArray(v) && v.length > ruleLimits.maxListItems) problem(`${path}/value`, `must have at most ${ruleLimits.maxListItems} items`, 'a shorter list', `${v.length} items`);
    if (typeof v === 'string' && v.length > ruleLimits.maxStringLength) problem(`${path}/value`, `must have at most ${ruleLimits.maxStringLength} characters`, 'a shorter string', v);
  };
  const count = (v: unknown, path: string) => {
    if (!isObject(v)) return problem(path, 'must be a count', '{ "op": "gte", "value": 1 }', v);
    known(v, path, ['op', 'value']);
    oneOf(v['op'], `${path}/op`, ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const);
    int(v['value'], `${path}/value`, 0, 1_000_000);
  };
  const eventMatch = (v: unknown, path: string, keys = ['event', 'where']) => {
    if (!isObject(v)) return problem(path, 'must be an event', '{ "event": "Order Completed" }', v);
    if (keys.length === 2) known(v, path, keys);
    str(v['event'], `${path}/event`, 'an event name');
    if (v['where'] === undefined) return;
    if (!Array.isArray(v['where']) || v['where'].length > ruleLimits.maxFilters) {
      return problem(`${path}/where`, `must be a list of at most ${ruleLimits.maxFilters} property filters`, 'a list of property filters', v['where']);
    }
    v['where'].forEach((f: unknown, i: number) => {
      const fp = `${path}/where/${i}`;
      if (!isObject(f)) return problem(fp, 'must be a property filter', '{ "property": "revenue", "op": "gt", "value": 50 }', f);
      known(f, fp, ['property', 'op', 'value']);
      if (str(f['property'], `${fp}/property`, 'a property path') && parseProperty(f['property']) === undefined) {
        problem(`${fp}/property`, 'must be a dot-separated path, with at most one [] after an array', 'a path such as "revenue" or "products[].category"', f['property']);
      }
      comparison(f, fp, 'any');
    });
  };

  const segmentRefs = (id: string, seen: Set<string>): boolean => {
    // True when `id` leads back to the segment being saved.
    if (id === options.selfId) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    const def = options.context.segments.get(id);
    if (def === undefined) return false;
    return referencedSegments(def.rule.root).some((r) => segmentRefs(r, seen));
  };

  const node = (n: unknown, path: string, depth: number): void => {
    nodes++;
    if (nodes === ruleLimits.maxNodes + 1) problem(path, `the rule has more than ${ruleLimits.maxNodes} nodes`, `at most ${ruleLimits.maxNodes} nodes`, `${nodes} nodes`);
    if (nodes > ruleLimits.maxNodes) return;
    if (depth > ruleLimits.maxDepth) return void problem(path, `nodes are nested deeper than ${ruleLimits.maxDepth} levels`, `at most ${ruleLimits.maxDepth} levels`, `level ${depth}`);
    if (!isObject(n)) return void problem(path, 'must be a node', 'an object with a "type"', n);
    if (!oneOf(n['type'], `${path}/type`, nodeTypes)) return;
    const type = n['type'] as RuleNode['type'];
    known(n, path, nodeKeys[type]);
    switch (type) {
      case 'and':
      case 'or':
        if (list(n['conditions'], `${path}/conditions`, 'nodes')) (n['conditions'] as unknown[]).forEach((c, i) => node(c, `${path}/conditions/${i}`, depth + 1));
        return;
      case 'not':
        return node(n['condition'], `${path}/condition`, depth + 1);
      case 'trait':
        if (str(n['trait'], `${path}/trait`, 'a trait name') && (FORBIDDEN_KEY_CHARACTERS.test(n['trait']) || n['trait'].split('.').some((k) => k === ''))) {
          problem(`${path}/trait`, 'must be a trait name, dot-separated for nested traits, without " or \\', 'a name such as "plan" or "address.city"', n['trait']);
        }
        return comparison(n, path, 'any');
      case 'feature':
        if (oneOf(n['feature'], `${path}/feature`, featureNames)) comparison(n, path, featureTypes[n['feature'] as keyof typeof featureTypes]);
        return;
      case 'event':
        eventMatch(n, path, ['event', 'where', 'count', 'window']);
        if (n['count'] !== undefined) count(n['count'], `${path}/count`);
        return window(n['window'], `${path}/window`);
      case 'sequence':
        eventMatch(n['first'], `${path}/first`);
        eventMatch(n['then'], `${path}/then`);
        duration(n['within'], `${path}/within`);
        return window(n['window'], `${path}/window`);
      case 'rfm':
        if (n['segments'] !== undefined) {
          if (n['score'] !== undefined || n['op'] !== undefined || n['value'] !== undefined) problem(path, 'takes segments, or score with op and value, not both', 'segments, or score + op + value', Object.keys(n));
          if (list(n['segments'], `${path}/segments`, 'RFM segment names')) (n['segments'] as unknown[]).forEach((s, i) => oneOf(s, `${path}/segments/${i}`, rfmSegmentNames));
          return;
        }
        if (oneOf(n['score'], `${path}/score`, ['r', 'f', 'm'] as const) && oneOf(n['op'], `${path}/op`, ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'] as const)) {
          const v = n['value'];
          const scores = n['op'] === 'between' ? v : [v];
          if (!Array.isArray(scores) || scores.length !== (n['op'] === 'between' ? 2 : 1) || !scores.every((x) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 5)) {
            problem(`${path}/value`, 'must be a score from 1 to 5 (a pair for between)', n['op'] === 'between' ? 'a pair of scores [low, high]' : 'a score from 1 to 5', v);
          } else comparison(n, path, 'number');
        }
        return;
      case 'lifecycle':
        if (list(n['stages'], `${path}/stages`, 'stages')) (n['stages'] as unknown[]).forEach((s, i) => oneOf(s, `${path}/stages/${i}`, lifecycleStages));
        return;
      case 'engagement':
        count(n['activeDays'], `${path}/activeDays`);
        return window(n['window'], `${path}/window`, true);
      case 'affinity':
        if (str(n['category'], `${path}/category`, 'a category') && FORBIDDEN_KEY_CHARACTERS.test(n['category'])) problem(`${path}/category`, 'must not contain " or \\', 'a category name', n['category']);
        if (n['topK'] === undefined && n['minShare'] === undefined) problem(path, 'needs topK or minShare', 'topK, minShare or both', Object.keys(n));
        if (n['topK'] !== undefined) int(n['topK'], `${path}/topK`, 1, 100);
        if (n['minShare'] !== undefined && num(n['minShare'], `${path}/minShare`, 0, 1) && n['minShare'] === 0) problem(`${path}/minShare`, 'must be greater than 0', 'a share in (0, 1]', 0);
        return;
      case 'location': {
        const given = ['near', 'geofence', 'country', 'city'].filter((k) => n[k] !== undefined);
        if (given.length !== 1) return void problem(path, 'takes exactly one of near, geofence, country, city', 'exactly one of near, geofence, country, city', given);
        const near = n['near'];
        if (near !== undefined) {
          if (!isObject(near)) return void problem(`${path}/near`, 'must be a point and a radius', '{ "latitude", "longitude", "radiusKm" }', near);
          known(near, `${path}/near`, ['latitude', 'longitude', 'radiusKm']);
          num(near['latitude'], `${path}/near/latitude`, -90, 90);
          num(near['longitude'], `${path}/near/longitude`, -180, 180);
          if (num(near['radiusKm'], `${path}/near/radiusKm`, 0, 20_000) && near['radiusKm'] === 0) problem(`${path}/near/radiusKm`, 'must be greater than 0', 'a radius in km', 0);
        }
        if (n['geofence'] !== undefined && str(n['geofence'], `${path}/geofence`, 'a geofence key') && !options.context.geofences.has(n['geofence'])) {
          problem(`${path}/geofence`, 'no geofence has this key', `one of: ${[...options.context.geofences.keys()].slice(0, 20).join(', ') || '(no geofences yet)'}`, n['geofence']);
        }
        for (const k of ['country', 'city']) {
          if (n[k] !== undefined && list(n[k], `${path}/${k}`, 'names')) (n[k] as unknown[]).forEach((c, i) => str(c, `${path}/${k}/${i}`, 'a name'));
        }
        return;
      }
      case 'local_time':
        if (oneOf(n['part'], `${path}/part`, localTimeParts)) comparison(n, path, 'number');
        return;
      case 'consent':
        if (typeof n['purpose'] !== 'string' || !options.context.purposes.some((p) => p.id === n['purpose'])) {
          problem(`${path}/purpose`, 'is not a consent purpose of this workspace', `one of ${options.context.purposes.map((p) => p.id).join(', ')}`, n['purpose']);
        }
        if (typeof n['granted'] !== 'boolean') problem(`${path}/granted`, 'must be true or false', 'true or false', n['granted']);
        return;
      case 'segment':
        if (n['member'] !== undefined && typeof n['member'] !== 'boolean') problem(`${path}/member`, 'must be true or false', 'true or false', n['member']);
        if (!str(n['segment'], `${path}/segment`, 'a segment id')) return;
        if (!options.context.segments.has(n['segment'])) return void problem(`${path}/segment`, 'no segment has this id', 'the id of another segment', n['segment']);
        if (segmentRefs(n['segment'], new Set())) problem(`${path}/segment`, 'this reference leads back to the segment itself (a cycle)', 'a segment that does not refer back to this one', n['segment']);
        return;
      case 'bucket':
        if (typeof n['seed'] !== 'string' || n['seed'] === '' || n['seed'].length > 100) problem(`${path}/seed`, 'must be a string of 1 to 100 characters', 'a seed such as "holdout-2026"', n['seed']);
        for (const k of ['from', 'to']) {
          const v = n[k];
          if (num(v, `${path}/${k}`, 0, 100) && Math.abs(Math.round(v * 100) - v * 100) > 1e-6) problem(`${path}/${k}`, 'must have at most two decimals', 'a percentage such as 12.5', v);
        }
        if (typeof n['from'] === 'number' && typeof n['to'] === 'number' && n['from'] > n['to']) problem(`${path}/to`, 'must not be below from', 'a percentage ≥ from', n['to']);
        return;
    }
  };

  if (!isObject(input)) return err([{ path: '', message: 'must be a rule', expected: `{ "version": ${RULE_VERSION}, "root": node }`, got: shown(input) }]);
  for (const k of Object.keys(input)) if (k !== 'version' && k !== 'root') problem(`/${k}`, 'is not allowed here', 'version, root', k);
  if (input['version'] !== RULE_VERSION) problem('/version', `must be ${RULE_VERSION}`, `${RULE_VERSION}`, input['version']);
  node(input['root'], '/root', 1);
  return problems.length > 0 ? err(problems) : ok(input as unknown as SegmentRule);
}

/** The ids of the segments a rule refers to directly. */
export function referencedSegments(root: RuleNode): string[] {
  const found = new Set<string>();
  const walk = (n: RuleNode): void => {
    if (n.type === 'and' || n.type === 'or') n.conditions.forEach(walk);
    else if (n.type === 'not') walk(n.condition);
    else if (n.type === 'segment') found.add(n.segment);
  };
  walk(root);
  return [...found];
}
