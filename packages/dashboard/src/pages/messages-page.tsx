import { Alert, Anchor, Badge, Button, Code, EmptyState, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { InAppMessageView } from '@rapport/contracts';
import { Link } from 'react-router';
import { messageOf } from '../components/api-errors.js';
import { useLoad } from '../hooks/use-load.js';
import { useApi, useCan } from '../session/session-context.js';
import { BudgetPanel } from './messages/budget-form.js';
import { formatLabels, triggerInWords } from './messages/message-words.js';

/** The in-app messages (/messages): what each is, when it shows, for what purpose; and the daily budget. */
export function MessagesPage() {
  const api = useApi();
  const canWrite = useCan()('placements:write');
  const loaded = useLoad('in-app-messages', async () => {
    const [messages, segments] = await Promise.all([api.call('inAppMessages'), api.call('segments').catch(() => ({ items: [] }))]);
    return { messages: messages.items, segments: new Map(segments.items.map((s) => [s.id, s.name])) };
  });
  const messages = loaded.data?.messages;
  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            In-app messages
          </Title>
          <Text size="sm" c="dimmed">
            Messages your app or site shows on a trigger — a modal, a banner, a toast or a card — to the right people, not too often.
          </Text>
        </div>
        {canWrite && messages !== undefined && messages.length > 0 ? (
          <Button component={Link} to="/messages/new">
            New message
          </Button>
        ) : null}
      </Group>
      {loaded.error === undefined ? null : <Alert color="red">{messageOf(loaded.error)}</Alert>}
      {messages === undefined ? (
        loaded.error === undefined ? (
          <Loader aria-label="Loading" />
        ) : null
      ) : messages.length === 0 ? (
        <NoMessages canWrite={canWrite} />
      ) : (
        <MessageTable messages={messages} segmentName={(id) => loaded.data?.segments.get(id) ?? id} />
      )}
      <BudgetPanel />
    </Stack>
  );
}

function MessageTable({ messages, segmentName }: { messages: InAppMessageView[]; segmentName: (id: string) => string }) {
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="In-app messages">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Format</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>Purpose</Table.Th>
            <Table.Th ta="right">Priority</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {messages.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Anchor component={Link} to={`/messages/${encodeURIComponent(m.key)}`} fw={600}>
                  {m.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  <Code>{m.key}</Code>
                </Text>
              </Table.Td>
              <Table.Td>{formatLabels[m.format].label}</Table.Td>
              <Table.Td>{triggerInWords(m, segmentName)}</Table.Td>
              <Table.Td>{m.purpose === null ? <Badge variant="outline">service</Badge> : m.purpose}</Table.Td>
              <Table.Td ta="right">{m.priority}</Table.Td>
              <Table.Td>
                <Badge color={m.status === 'active' ? 'teal' : 'gray'} variant="light">
                  {m.status}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function NoMessages({ canWrite }: { canWrite: boolean }) {
  return (
    <EmptyState
      title="No in-app message yet"
      description="An in-app message appears inside your app or site when something happens — a visit starts, a product goes in the cart, a person enters a segment or a place. You choose who sees it, how often at most, and never in their quiet hours; the SDK shows it (accessibly) and reports what people do with it."
      withIndicatorBackground
      icon={<span aria-hidden>💬</span>}
      py="lg"
    >
      {canWrite ? (
        <Button component={Link} to="/messages/new" mt="md">
          Create your first message
        </Button>
      ) : (
        <Text size="sm" c="dimmed" mt="md">
          Owners, admins and marketers create in-app messages.
        </Text>
      )}
    </EmptyState>
  );
}
