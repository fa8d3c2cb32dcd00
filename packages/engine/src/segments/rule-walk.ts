import type { Condition, RuleNode } from '@rapport/contracts';
import type { RuleContext } from './rule-context.js';

/**
 * Calls `visit` for every condition of a rule, through and / or / not and into the segments it refers to (each
 * once): what a rule reads includes what the segments it names read.
 */
export function forEachCondition(root: RuleNode, context: RuleContext, visit: (condition: Condition) => void): void {
  const visited = new Set<string>();
  const walk = (n: RuleNode): void => {
    switch (n.type) {
      case 'and':
      case 'or':
        return n.conditions.forEach(walk);
      case 'not':
        return walk(n.condition);
      case 'segment': {
        visit(n);
        if (visited.has(n.segment)) return;
        visited.add(n.segment);
        const def = context.segments.get(n.segment);
        if (def !== undefined) walk(def.rule.root);
        return;
      }
      default:
        return visit(n);
    }
  };
  walk(root);
}
