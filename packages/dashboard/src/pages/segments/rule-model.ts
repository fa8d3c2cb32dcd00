import type { ComparisonOperator, ComparisonValue, Condition, ConditionType, Duration, RuleNode, ValueType } from '@rapport/contracts';

/**
 * What the rule builder needs to know about the rule language (docs/segments.md) beyond its types: the starting
 * values of each condition, words for operators, and where a node sits in the request (its JSON Pointer), so that a
 * 400 answer's `details[].path` lands next to the condition it names.
 */

/** The three kinds of group the builder shows; "none of" is `not` around an `or`. */
export const groupKinds = ['and', 'or', 'none'] as const;
export type GroupKind = (typeof groupKinds)[number];
export const groupLabels: Record<GroupKind, string> = { and: 'All of these', or: 'Any of these', none: 'None of these' };

/** A group as the builder shows it, whatever its shape in JSON. */
export interface GroupView {
  readonly kind: GroupKind;
  readonly children: readonly RuleNode[];
  /** The pointer of each child, relative to the group's. */
  readonly childPointer: (index: number) => string;
}

export function isGroup(node: RuleNode): boolean {
  return node.type === 'and' || node.type === 'or' || node.type === 'not';
}

export function groupOf(node: RuleNode): GroupView | undefined {
  switch (node.type) {
    case 'and':
    case 'or':
      return { kind: node.type, children: node.conditions, childPointer: (i) => `/conditions/${i}` };
    case 'not':
      return node.condition.type === 'or'
        ? { kind: 'none', children: node.condition.conditions, childPointer: (i) => `/condition/conditions/${i}` }
        : { kind: 'none', children: [node.condition], childPointer: () => '/condition' };
    default:
      return undefined;
  }
}

export function makeGroup(kind: GroupKind, children: RuleNode[]): RuleNode {
  if (kind === 'none') return { type: 'not', condition: { type: 'or', conditions: children } };
  return { type: kind, conditions: children };
}

/** Labels of the "Add a condition" menu, in its order. */
export const conditionLabels: Record<ConditionType, string> = {
  event: 'Did something (an event)',
  sequence: 'Did one thing, then another',
  trait: 'A trait (from identify)',
  feature: 'A profile figure (orders, revenue, device…)',
  rfm: 'RFM group or score',
  lifecycle: 'Lifecycle stage',
  engagement: 'Active days',
  affinity: 'Likes a category',
  location: 'Location',
  local_time: 'Their local time now',
  consent: 'Consent',
  segment: 'In another segment',
  bucket: 'A random share (holdout)',
};

/** A new condition of a type, with values that make sense until the person changes them. */
export function newCondition(type: ConditionType): Condition {
  const last30: { last: Duration } = { last: { amount: 30, unit: 'days' } };
  switch (type) {
    case 'trait':
      return { type, trait: '', op: 'eq', value: '' };
    case 'feature':
      return { type, feature: 'orders', op: 'gte', value: 1 };
    case 'event':
      return { type, event: 'Order Completed' };
    case 'sequence':
      return { type, first: { event: 'Product Viewed' }, then: { event: 'Order Completed' }, within: { amount: 7, unit: 'days' } };
    case 'rfm':
      return { type, segments: ['Champions'] };
    case 'lifecycle':
      return { type, stages: ['at_risk'] };
    case 'engagement':
      return { type, activeDays: { op: 'gte', value: 3 }, window: last30 };
    case 'affinity':
      return { type, category: '', topK: 3 };
    case 'location':
      return { type, country: [] };
    case 'local_time':
      return { type, part: 'hour', op: 'between', value: [9, 17] };
    case 'consent':
      return { type, purpose: 'marketing', granted: true };
    case 'segment':
      return { type, segment: '', member: true };
    case 'bucket':
      return { type, seed: 'holdout', from: 0, to: 10 };
  }
}

export const operatorLabels: Record<ComparisonOperator, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  in: 'is one of',
  not_in: 'is none of',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  ends_with: 'ends with',
  exists: 'is set',
  not_exists: 'is not set',
  before: 'is before',
  after: 'is after',
  within_last: 'is within the last',
  more_than_ago: 'is longer ago than',
};

/** The operators that make sense for a type of value (`any`: a trait or a property, whose type is not known). */
export function operatorsFor(type: ValueType): ComparisonOperator[] {
  switch (type) {
    case 'number':
      return ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'not_in', 'exists', 'not_exists'];
    case 'string':
      return ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'ends_with', 'exists', 'not_exists'];
    case 'date':
      return ['within_last', 'more_than_ago', 'before', 'after', 'exists', 'not_exists'];
    case 'version':
      return ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'not_exists'];
    case 'boolean':
      return ['eq', 'neq', 'exists', 'not_exists'];
    case 'any':
      return ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'ends_with', 'exists', 'not_exists', 'before', 'after', 'within_last', 'more_than_ago'];
  }
}

/** The shape of value an operator takes. */
export type ValueShape = 'none' | 'scalar' | 'pair' | 'list' | 'duration' | 'date';

export function shapeOf(op: ComparisonOperator): ValueShape {
  switch (op) {
    case 'exists':
    case 'not_exists':
      return 'none';
    case 'between':
      return 'pair';
    case 'in':
    case 'not_in':
      return 'list';
    case 'within_last':
    case 'more_than_ago':
      return 'duration';
    case 'before':
    case 'after':
      return 'date';
    default:
      return 'scalar';
  }
}

/** A value that fits `op`, keeping what it can of the previous one. */
export function valueFor(op: ComparisonOperator, previous: ComparisonValue | undefined, numeric: boolean): ComparisonValue | undefined {
  const first = Array.isArray(previous) ? previous[0] : typeof previous === 'object' ? undefined : previous;
  const scalar = first ?? (numeric ? 0 : '');
  switch (shapeOf(op)) {
    case 'none':
      return undefined;
    case 'pair':
      return Array.isArray(previous) && previous.length === 2 ? previous : [typeof scalar === 'number' ? scalar : 0, typeof scalar === 'number' ? scalar : 0];
    case 'list':
      return Array.isArray(previous) ? previous : typeof scalar === 'boolean' || scalar === '' ? [] : [scalar];
    case 'duration':
      return previous !== undefined && typeof previous === 'object' && !Array.isArray(previous) ? previous : { amount: 30, unit: 'days' };
    case 'date':
      return typeof previous === 'string' && /^\d{4}-\d{2}-\d{2}/.test(previous) ? previous : new Date().toISOString().slice(0, 10);
    case 'scalar':
      return typeof scalar === 'string' && numeric ? 0 : scalar;
  }
}

/**
 * Which node each problem of a 400 answer belongs to: the node whose pointer is the longest prefix of the problem's
 * path (`/rule/root/conditions/1/value` → the node at `/rule/root/conditions/1`). Keyed by node pointer.
 */
export function problemsByNode(root: RuleNode, details: readonly { path: string; message: string }[]): Map<string, string[]> {
  const pointers: string[] = [];
  const walk = (node: RuleNode, pointer: string) => {
    pointers.push(pointer);
    const group = groupOf(node);
    group?.children.forEach((child, i) => walk(child, pointer + group.childPointer(i)));
  };
  walk(root, '/rule/root');
  const out = new Map<string, string[]>();
  for (const d of details) {
    if (!d.path.startsWith('/rule')) continue;
    const owner = pointers.filter((p) => d.path === p || d.path.startsWith(`${p}/`)).sort((a, b) => b.length - a.length)[0] ?? '/rule/root';
    const field = d.path.slice(owner.length).replace(/^\//, '');
    out.set(owner, [...(out.get(owner) ?? []), field === '' ? d.message : `${field}: ${d.message}`]);
  }
  return out;
}

/** The rule the builder edits always has a group at its root. */
export function rootGroup(root: RuleNode | undefined): RuleNode {
  if (root === undefined) return { type: 'and', conditions: [] };
  return isGroup(root) ? root : { type: 'and', conditions: [root] };
}

/** True when some group has no condition: the rule cannot be previewed or saved yet. */
export function hasEmptyGroup(node: RuleNode): boolean {
  const group = groupOf(node);
  if (group === undefined) return false;
  return group.children.length === 0 || group.children.some(hasEmptyGroup);
}
