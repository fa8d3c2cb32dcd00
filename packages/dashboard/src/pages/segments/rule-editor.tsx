import { ActionIcon, Badge, Button, Group, Menu, Paper, Select, Stack, Text } from '@mantine/core';
import { conditionTypes, type Condition, type ConditionType, type RuleNode } from '@rapport/contracts';
import { ConditionFields } from './condition-fields.js';
import { conditionLabels, groupLabels, groupOf, isGroup, makeGroup, newCondition, type GroupKind } from './rule-model.js';

interface NodeProps {
  readonly node: RuleNode;
  /** The node's JSON Pointer in the request body (`/rule/root/conditions/1`). */
  readonly pointer: string;
  readonly onChange: (node: RuleNode) => void;
  readonly onRemove?: (() => void) | undefined;
  /** The problems of the last answer, by node pointer (problemsByNode). */
  readonly problems: ReadonlyMap<string, readonly string[]>;
  /** "Condition 2" or "Condition 1.3": how the person finds the node again (and how the tests do). */
  readonly label: string;
  readonly depth: number;
}

function Problems({ messages }: { messages: readonly string[] | undefined }) {
  if (messages === undefined || messages.length === 0) return null;
  return (
    <Text size="sm" c="red.8" role="alert">
      {messages.join('; ')}
    </Text>
  );
}

/** The whole rule: a group at its root (rootGroup). */
export function RuleEditor({ root, onChange, problems }: { root: RuleNode; onChange: (root: RuleNode) => void; problems: ReadonlyMap<string, readonly string[]> }) {
  return <GroupEditor node={root} pointer="/rule/root" onChange={onChange} problems={problems} label="Rule" depth={0} />;
}

function GroupEditor({ node, pointer, onChange, onRemove, problems, label, depth }: NodeProps) {
  const group = groupOf(node)!;
  const set = (kind: GroupKind, children: RuleNode[]) => onChange(makeGroup(kind, children));
  const add = (child: RuleNode) => set(group.kind, [...group.children, child]);
  const prefix = depth === 0 ? '' : `${label.replace(/^Group /, '')}.`;
  return (
    <Paper withBorder p="sm" radius="md" bg={depth % 2 === 0 ? undefined : 'gray.0'} role="group" aria-label={label}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" fw={600}>
              {depth === 0 ? 'People who match' : 'Group:'}
            </Text>
            <Select
              aria-label={`${label}: how conditions combine`}
              w={150}
              size="xs"
              allowDeselect={false}
              data={Object.entries(groupLabels).map(([value, l]) => ({ value, label: l }))}
              value={group.kind}
              onChange={(k) => k !== null && set(k as GroupKind, [...group.children])}
            />
          </Group>
          {onRemove === undefined ? null : (
            <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${label}`}>
              Remove group
            </Button>
          )}
        </Group>
        <Problems messages={problems.get(pointer)} />
        {group.children.length === 0 ? (
          <Text size="sm" c="dimmed">
            {depth === 0 ? 'No condition yet: add one below, for example "Did something" → Order Completed in the last 30 days.' : 'Empty group: add a condition or remove it.'}
          </Text>
        ) : null}
        {group.children.map((child, i) => {
          const childProps: NodeProps = {
            node: child,
            pointer: pointer + group.childPointer(i),
            onChange: (next) => set(group.kind, group.children.map((c, j) => (j === i ? next : c))),
            onRemove: () => set(group.kind, group.children.filter((_, j) => j !== i)),
            problems,
            label: isGroup(child) ? `Group ${prefix}${i + 1}` : `Condition ${prefix}${i + 1}`,
            depth: depth + 1,
          };
          return isGroup(child) ? <GroupEditor key={i} {...childProps} /> : <ConditionCard key={i} {...childProps} />;
        })}
        <Group gap="xs">
          <Menu position="bottom-start" width={300}>
            <Menu.Target>
              <Button size="xs" variant="light" aria-label={depth === 0 ? 'Add a condition' : `Add a condition to ${label}`}>
                + Add a condition
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(Object.keys(conditionLabels) as ConditionType[])
                .filter((t) => conditionTypes.includes(t))
                .map((t) => (
                  <Menu.Item key={t} onClick={() => add(newCondition(t))}>
                    {conditionLabels[t]}
                  </Menu.Item>
                ))}
            </Menu.Dropdown>
          </Menu>
          {depth < 10 ? (
            <Button size="xs" variant="subtle" onClick={() => add({ type: 'or', conditions: [] })} aria-label={depth === 0 ? 'Add a group' : `Add a group to ${label}`}>
              + Add a group
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}

function ConditionCard({ node, pointer, onChange, onRemove, problems, label }: NodeProps) {
  const condition = node as Condition;
  const messages = problems.get(pointer);
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-label={label} style={messages === undefined ? undefined : { borderColor: 'var(--mantine-color-red-6)' }}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Badge variant="light" color="teal" tt="none">
            {conditionLabels[condition.type]}
          </Badge>
          <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${label}`}>
            ✕
          </ActionIcon>
        </Group>
        <ConditionFields node={condition} onChange={onChange} />
        <Problems messages={messages} />
      </Stack>
    </Paper>
  );
}
