import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { RuleNode } from '@rapport/contracts';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { notifyDone, notifyFailure } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';
import { StatusBadge } from '../segments-page.js';
import { ConfirmButton } from '../settings/confirm-button.js';
import { formatTime } from '../settings/format.js';
import { ChangesPanel } from './changes-panel.js';
import { ExplainPanel } from './explain-panel.js';
import { MEMBERS_PAGE, MembersPanel } from './members-panel.js';
import { RuleInWords } from './rule-in-words.js';
import { SizeChart } from './size-chart.js';
import { useCursorPages } from '../../components/cursor-pager.js';
import { NotLoaded } from '../../components/not-loaded.js';

/** While a segment is being counted, look again this often. */
const BUILDING_POLL_MS = 2000;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** One segment (/segments/:id): its rule in words, size over time, members, explanations, entries and exits. */
export function SegmentDetailPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const navigate = useNavigate();
  const canWrite = useCan()('segments:write');
  const segment = useLoad(`segment:${id}`, () => api.call('segment', { params: { id } }));
  const all = useLoad('segments', () => api.call('segments'));
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const version = segment.data === undefined ? '' : `${segment.data.version}:${segment.data.status}`;
  const members = useLoad(`members:${id}:${cursor}:${version}`, () => api.call('segmentMembers', { params: { id }, query: { limit: MEMBERS_PAGE, ...(cursor === '' ? {} : { cursor }) } }));

  const building = segment.data?.status === 'building';
  const { reload } = segment;
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(reload, BUILDING_POLL_MS);
    return () => clearInterval(timer);
  }, [building, reload]);

  if (segment.data === undefined) return <NotLoaded loaded={segment} />;
  const s = segment.data;
  const names = new Map((all.data?.items ?? []).map((x) => [x.id, x.name]));
  const root = (s.rule as { root: RuleNode }).root;

  const remove = async () => {
    try {
      await api.call('deleteSegment', { params: { id: s.id } });
      notifyDone(`"${s.name}" is deleted.`);
      await navigate('/segments');
    } catch (error) {
      notifyFailure('The segment was not deleted', error);
    }
  };

  return (
    <Stack>
      <Anchor component={Link} to="/segments" size="sm">
        ← All segments
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} size="h2">
            {s.name}
          </Title>
          {s.description === '' ? null : <Text c="dimmed">{s.description}</Text>}
        </Stack>
        {canWrite ? (
          <Group gap="xs">
            <Button component={Link} to={`/segments/${encodeURIComponent(s.id)}/edit`} variant="light" size="xs">
              Edit
            </Button>
            <ConfirmButton label="Delete" title={`Delete "${s.name}"?`} question="The segment and its members list go; the people themselves stay. Placements and messages that target it stop reaching anyone." confirm="Delete the segment" onConfirm={remove} />
          </Group>
        ) : null}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label="People now" value={<span data-testid="detail-size">{s.size.toLocaleString()}</span>} />
        <Stat label="Status" value={<StatusBadge segment={s} />} />
        <Stat label="Used for" value={s.purpose ?? 'everyone counts'} />
        <Stat label="Last changed" value={formatTime(s.updatedAt)} />
      </SimpleGrid>
      <Section title="Who is in it">
        <RuleInWords node={root} segmentName={(ref) => names.get(ref) ?? ref} />
        {s.purpose === null ? null : <Text size="sm">…and who agrees to {s.purpose}.</Text>}
      </Section>
      <Section title="Size over time">
        <SizeChart segmentId={s.id} version={version} current={s.size} />
      </Section>
      <Section title="Members">
        <MembersPanel segmentId={s.id} page={members} pages={pages} />
      </Section>
      <Section title="Why is someone in it, or not?">
        <ExplainPanel segmentId={s.id} members={members.data?.items ?? []} />
      </Section>
      <Section title="Recent entries and exits">
        <ChangesPanel segmentId={s.id} version={version} names={new Map((members.data?.items ?? []).map((m) => [m.profileId, m.email ?? m.userId ?? m.profileId]))} />
      </Section>
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} component="div">
        {value}
      </Text>
    </Paper>
  );
}
