import { List, Text } from '@mantine/core';
import type { Condition, RuleNode } from '@rapport/contracts';
import { conditionWords } from './rule-words.js';
import { groupOf } from './rule-model.js';

const groupWords = { and: 'All of these hold:', or: 'At least one of these holds:', none: 'None of these holds:' } as const;

/** The rule as nested lists of sentences. */
export function RuleInWords({ node, segmentName }: { node: RuleNode; segmentName: (id: string) => string }) {
  const group = groupOf(node);
  if (group === undefined) return <Text size="sm">{conditionWords(node as Condition, segmentName)}</Text>;
  return (
    <div>
      <Text size="sm" fw={600}>
        {groupWords[group.kind]}
      </Text>
      <List size="sm" spacing={4} withPadding>
        {group.children.map((child, i) => (
          <List.Item key={i}>{groupOf(child) === undefined ? conditionWords(child as Condition, segmentName) : <RuleInWords node={child} segmentName={segmentName} />}</List.Item>
        ))}
      </List>
    </div>
  );
}
