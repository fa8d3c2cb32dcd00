import { Box, Group, Stack, Text } from '@mantine/core';
import type { ExplanationNode, SegmentExplanationView } from '@rapport/contracts';

/** A rule node as a line: ✓ or ✗ and the explanation's own sentence, then its conditions below it, indented. */
function NodeLine({ node }: { node: ExplanationNode }) {
  return (
    <Box component="li" style={{ listStyle: 'none' }}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Text
          component="span"
          fw={700}
          c={node.matched ? 'teal.7' : 'red.7'}
          aria-label={node.matched ? 'holds' : 'does not hold'}
          style={{ flexShrink: 0 }}
        >
          {node.matched ? '✓' : '✗'}
        </Text>
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {node.sentence}
        </Text>
      </Group>
      {node.children === undefined || node.children.length === 0 ? null : (
        <NodeList nodes={node.children} nested />
      )}
    </Box>
  );
}

function NodeList({ nodes, nested = false }: { nodes: readonly ExplanationNode[]; nested?: boolean }) {
  return (
    <Stack
      component="ul"
      gap={6}
      m={0}
      p={0}
      pl={nested ? 'md' : 0}
      mt={nested ? 6 : 0}
      ml={nested ? 6 : 0}
      style={nested ? { borderLeft: '2px solid var(--mantine-color-gray-3)' } : undefined}
    >
      {nodes.map((n) => (
        <NodeLine key={n.path} node={n} />
      ))}
    </Stack>
  );
}

/** Why a person is in a segment or not: the summary, the consent check, and each condition of the rule. */
export function ExplanationTree({ explanation }: { explanation: SegmentExplanationView }) {
  const { consent } = explanation;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {explanation.summary}
      </Text>
      {/* The summary already says the sentence of a group at the root ("all of these hold"): its conditions follow. */}
      <NodeList nodes={explanation.root.children ?? [explanation.root]} />
      {consent === null ? null : (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <Text
            component="span"
            fw={700}
            c={consent.granted ? 'teal.7' : 'red.7'}
            aria-label={consent.granted ? 'holds' : 'does not hold'}
          >
            {consent.granted ? '✓' : '✗'}
          </Text>
          <Text size="sm">
            {consent.granted
              ? `Consents to ${consent.purpose}, the purpose of this segment`
              : `Does not consent to ${consent.purpose}, the purpose of this segment`}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
