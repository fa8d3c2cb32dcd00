import { Alert, Anchor, Badge, Button, Code, EmptyState, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { PlacementView } from '@rapport/contracts';
import { Link } from 'react-router';
import { messageOf } from '../components/api-errors.js';
import { useLoad } from '../hooks/use-load.js';
import { useApi, useCan } from '../session/session-context.js';
import { kindLabels } from './placements/placement-words.js';
import { formatTime } from './settings/format.js';

/** The placements of the shop (/placements): key, name, kind, status, experiences; or what a placement is. */
export function PlacementsPage() {
  const api = useApi();
  const canWrite = useCan()('placements:write');
  const loaded = useLoad('placements', () => api.call('placements'));
  const placements = loaded.data?.items;
  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            Placements
          </Title>
          <Text size="sm" c="dimmed">
            The places in your app or site whose content Rapport chooses for each person — and says why.
          </Text>
        </div>
        {canWrite && placements !== undefined && placements.length > 0 ? (
          <Button component={Link} to="/placements/new">
            New placement
          </Button>
        ) : null}
      </Group>
      {loaded.error === undefined ? null : <Alert color="red">{messageOf(loaded.error)}</Alert>}
      {placements === undefined ? loaded.error === undefined ? <Loader aria-label="Loading" /> : null : placements.length === 0 ? <NoPlacements canWrite={canWrite} /> : <PlacementTable placements={placements} />}
    </Stack>
  );
}

function PlacementTable({ placements }: { placements: PlacementView[] }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Placements">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Experiences</Table.Th>
            <Table.Th>Last changed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {placements.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Anchor component={Link} to={`/placements/${encodeURIComponent(p.key)}`} fw={600}>
                  {p.name}
                </Anchor>
                {p.description === '' ? null : (
                  <Text size="xs" c="dimmed" lineClamp={1} maw={360}>
                    {p.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Code>{p.key}</Code>
              </Table.Td>
              <Table.Td>{kindLabels[p.kind].label}</Table.Td>
              <Table.Td>
                <Badge color={p.status === 'active' ? 'teal' : 'gray'} variant="light">
                  {p.status}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{p.experiences.length}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(p.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function NoPlacements({ canWrite }: { canWrite: boolean }) {
  return (
    <EmptyState
      title="No placement yet"
      description="A placement is a named place in your app or site — the home page’s hero, the space under a product’s price, the order of a category page. You give it experiences: who sees what (a segment, a page, a device, a time), tests between versions, and a default. Your app asks for it by its key (POST /v1/decide, or the SDK) and gets the content for that person, with the reason."
      withIndicatorBackground
      icon={<span aria-hidden>🧩</span>}
      py="lg"
    >
      {canWrite ? (
        <Button component={Link} to="/placements/new" mt="md">
          Create your first placement
        </Button>
      ) : (
        <Text size="sm" c="dimmed" mt="md">
          Owners, admins and marketers create placements.
        </Text>
      )}
    </EmptyState>
  );
}
