import { Alert, Anchor, Badge, Button, Card, EmptyState, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { SegmentView } from '@rapport/contracts';
import { Link } from 'react-router';
import { messageOf } from '../components/api-errors.js';
import { useLoad } from '../hooks/use-load.js';
import { useApi, useCan } from '../session/session-context.js';
import { formatTime } from './settings/format.js';
import { starters } from './segments/templates.js';

export function StatusBadge({ segment }: { segment: SegmentView }) {
  return segment.status === 'live' ? (
    <Badge color="teal" variant="light">
      up to date
    </Badge>
  ) : (
    <Badge color="yellow" variant="light">
      counting…
    </Badge>
  );
}

/** The segments of the shop (/segments): name, size, status, purpose, last change; or how to begin. */
export function SegmentsPage() {
  const api = useApi();
  const canWrite = useCan()('segments:write');
  const loaded = useLoad('segments', () => api.call('segments'));
  const segments = loaded.data?.items;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Segments
        </Title>
        <Group gap="xs">
          <Button component={Link} to="/segments/rfm" variant="default">
            RFM grid
          </Button>
          {canWrite && segments !== undefined && segments.length > 0 ? (
            <Button component={Link} to="/segments/new">
              New segment
            </Button>
          ) : null}
        </Group>
      </Group>
      {loaded.error === undefined ? null : <Alert color="red">{messageOf(loaded.error)}</Alert>}
      {segments === undefined ? loaded.error === undefined ? <Loader aria-label="Loading" /> : null : segments.length === 0 ? <NoSegments canWrite={canWrite} /> : <SegmentTable segments={segments} />}
    </Stack>
  );
}

function SegmentTable({ segments }: { segments: SegmentView[] }) {
  const sorted = [...segments].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Segments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th ta="right">People</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Used for</Table.Th>
            <Table.Th>Last changed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Anchor component={Link} to={`/segments/${encodeURIComponent(s.id)}`} fw={600}>
                  {s.name}
                </Anchor>
                {s.description === '' ? null : (
                  <Text size="xs" c="dimmed" lineClamp={1} maw={360}>
                    {s.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" data-testid="segment-size">
                {s.size.toLocaleString()}
              </Table.Td>
              <Table.Td>
                <StatusBadge segment={s} />
              </Table.Td>
              <Table.Td>{s.purpose ?? <Text c="dimmed">—</Text>}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(s.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function NoSegments({ canWrite }: { canWrite: boolean }) {
  return (
    <Stack>
      <EmptyState
        title="No segment yet"
        description="A segment is a group of people chosen by what they do and who they are — “bought in the last 30 days”, “left a full cart”, “best customers”. Rapport keeps each one up to date as events arrive, so you can target offers and messages."
        withIndicatorBackground
        icon={<span aria-hidden>👥</span>}
        py="lg"
      >
        {canWrite ? (
          <Button component={Link} to="/segments/new" mt="md">
            Create your first segment
          </Button>
        ) : (
          <Text size="sm" c="dimmed" mt="md">
            Owners, admins and marketers create segments.
          </Text>
        )}
      </EmptyState>
      {canWrite ? (
        <>
          <Text fw={600}>Or start from one of these</Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {starters.map((s) => (
              <Card key={s.id} withBorder component={Link} to={`/segments/new?start=${s.id}`} aria-label={`Start from: ${s.name}`}>
                <Text fw={600}>{s.name}</Text>
                <Text size="sm" c="dimmed">
                  {s.description}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        </>
      ) : null}
    </Stack>
  );
}
