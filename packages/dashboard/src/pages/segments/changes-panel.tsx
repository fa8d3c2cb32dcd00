import { Anchor, Badge, Table, Text } from '@mantine/core';
import type { SegmentChangeView } from '@rapport/contracts';
import { Link } from 'react-router';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';
import { NotLoaded } from '../../components/not-loaded.js';

const SHOWN = 20;
/** The stream is read oldest first; a few pages of 1,000 reach the recent end of a small shop's segment. */
const MAX_PAGES = 20;
const reasons: Record<SegmentChangeView['reason'], string> = { event: 'after an event', time: 'as time passed', rebuild: 'rule changed', rfm: 'RFM refresh' };

/** The latest entries and exits of a segment (GET /api/v1/segment-changes?segmentId=), newest first. */
export function ChangesPanel({ segmentId, version, names }: { segmentId: string; version: string; names: ReadonlyMap<string, string> }) {
  const api = useApi();
  const loaded = useLoad(`changes:${segmentId}:${version}`, async () => {
    let after = 0;
    let recent: SegmentChangeView[] = [];
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await api.call('segmentChanges', { query: { segmentId, after, limit: 1000 } });
      recent = [...recent, ...page.items].slice(-SHOWN);
      if (page.items.length < 1000) break;
      after = page.last;
    }
    return recent.reverse();
  });
  if (loaded.data === undefined) return <NotLoaded loaded={loaded} />;
  if (loaded.data.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nobody has entered or left yet.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table aria-label="Entries and exits">
        <Table.Tbody>
          {loaded.data.map((c) => (
            <Table.Tr key={c.seq}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(c.at)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={c.kind === 'entered' ? 'teal' : 'gray'}>
                  {c.kind === 'entered' ? 'entered' : 'left'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/profiles/${encodeURIComponent(c.profileId)}`} size="sm">
                  {names.get(c.profileId) ?? c.profileId}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {reasons[c.reason]}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
