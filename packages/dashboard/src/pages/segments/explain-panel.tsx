import { Alert, Badge, Box, Button, Group, List, Select, Stack, Text, TextInput } from '@mantine/core';
import type { ExplanationNode, SegmentExplanationView, SegmentMemberView } from '@rapport/contracts';
import { useState } from 'react';
import { messageOf } from '../../components/api-errors.js';
import { useApi } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';

const who = (m: SegmentMemberView) => m.email ?? m.userId ?? m.anonymousId ?? m.profileId;

function valuesText(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'number' && v > 1e11 ? formatTime(new Date(v).toISOString()) : typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

function ExplanationTree({ node }: { node: ExplanationNode }) {
  const values = valuesText(node.values);
  return (
    <Box>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Text span fw={700} c={node.matched ? 'teal.8' : 'red.8'} aria-label={node.matched ? 'holds' : 'does not hold'}>
          {node.matched ? '✓' : '✗'}
        </Text>
        <div>
          <Text size="sm">{node.sentence}</Text>
          {values === '' ? null : (
            <Text size="xs" c="dimmed">
              {values}
            </Text>
          )}
        </div>
      </Group>
      {node.children === undefined || node.children.length === 0 ? null : (
        <List listStyleType="none" withPadding spacing={4} mt={4}>
          {node.children.map((c) => (
            <List.Item key={c.path}>
              <ExplanationTree node={c} />
            </List.Item>
          ))}
        </List>
      )}
    </Box>
  );
}

/** Why a person is in the segment or not (GET /api/v1/segments/{id}/explain/{profileId}), condition by condition. */
export function ExplainPanel({ segmentId, members }: { segmentId: string; members: readonly SegmentMemberView[] }) {
  const api = useApi();
  const [person, setPerson] = useState('');
  const [answer, setAnswer] = useState<SegmentExplanationView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const explain = async (profileId: string) => {
    if (profileId.trim() === '') return;
    setBusy(true);
    setError(undefined);
    try {
      setAnswer(await api.call('explainMember', { params: { id: segmentId, profileId: profileId.trim() } }));
    } catch (e) {
      setAnswer(undefined);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Pick a member, or type anyone’s user id, anonymous id or profile id, to see which conditions hold for them.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void explain(person);
        }}
      >
        <Group align="flex-end" gap="xs" wrap="wrap">
          {members.length === 0 ? null : (
            <Select label="A member" placeholder="Choose" w={260} searchable data={members.map((m) => ({ value: m.profileId, label: who(m) }))} value={null} onChange={(v) => v !== null && (setPerson(v), void explain(v))} />
          )}
          <TextInput label="Or a person’s id" w={260} value={person} onChange={(e) => setPerson(e.currentTarget.value)} />
          <Button type="submit" variant="light" loading={busy}>
            Explain
          </Button>
        </Group>
      </form>
      {error === undefined ? null : <Alert color="red">{error}</Alert>}
      {answer === undefined ? null : (
        <Stack gap="xs" data-testid="explanation">
          <Group gap="xs">
            <Badge color={answer.member ? 'teal' : 'gray'}>{answer.member ? 'member' : 'not a member'}</Badge>
            <Text size="sm" fw={600}>
              {answer.summary}
            </Text>
          </Group>
          <ExplanationTree node={answer.root} />
          {answer.consent === null ? null : (
            <Text size="sm">
              {answer.consent.granted ? '✓' : '✗'} {answer.consent.granted ? 'Agrees' : 'Does not agree'} to {answer.consent.purpose}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
