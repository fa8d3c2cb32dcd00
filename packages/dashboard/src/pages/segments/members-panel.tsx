import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import type { PageView, SegmentMemberView } from '@rapport/contracts';
import { Link } from 'react-router';
import { fillPath } from '../../api/index.js';
import { apiRoutes } from '../../api/routes.js';
import type { Loaded } from '../../hooks/use-load.js';
import { formatTime } from '../settings/format.js';
import { CursorPager, type CursorPages } from '../../components/cursor-pager.js';
import { NotLoaded } from '../../components/not-loaded.js';

export const MEMBERS_PAGE = 25;

/** A page of members (the page's cursors live with the segment page, which also feeds the "explain" picker). */
export function MembersPanel({ segmentId, page, pages }: { segmentId: string; page: Loaded<PageView<SegmentMemberView>>; pages: CursorPages }) {
  // The CSV is a plain link: the browser downloads it with the session cookie (a GET needs no CSRF token).
  const csv = `${fillPath(apiRoutes.segment.path, { id: segmentId })}/members.csv`;
  if (page.data === undefined) return <NotLoaded loaded={page} />;
  const { items, nextCursor } = page.data;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          People in the segment now, with when they entered.
        </Text>
        <Anchor href={csv} download size="sm">
          Download all as CSV
        </Anchor>
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table aria-label="Members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th>User id</Table.Th>
              <Table.Th>In since</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text size="sm" c="dimmed">
                    Nobody is in this segment right now. Members appear as soon as someone matches the rule.
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : null}
            {items.map((m) => (
              <Table.Tr key={m.profileId}>
                <Table.Td>
                  <Anchor component={Link} to={`/profiles/${encodeURIComponent(m.profileId)}`} size="sm">
                    {m.email ?? m.userId ?? m.anonymousId ?? m.profileId}
                  </Anchor>
                </Table.Td>
                <Table.Td>{m.userId ?? <Text c="dimmed">guest</Text>}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(m.enteredAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CursorPager pages={pages} nextCursor={nextCursor} labels={['Previous', 'Next']} size="xs" />
    </Stack>
  );
}
