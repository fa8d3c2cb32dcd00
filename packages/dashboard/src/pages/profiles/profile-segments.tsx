import { Alert, Badge, Button, Group, Loader, Paper, Select, Stack, Text } from '@mantine/core';
import type { SegmentChangeView } from '@rapport/contracts';
import { useState } from 'react';
import { messageOf } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';
import { ExplanationTree } from './explanation-tree.js';
import { ProfileSection } from './profile-section.js';
import { NotLoaded } from '../../components/not-loaded.js';

const HISTORY_SHOWN = 8;

const reasonWords: Record<SegmentChangeView['reason'], string> = {
  event: 'after one of their events',
  time: 'as time passed',
  rebuild: 'when the segment was created or changed',
  rfm: 'when the RFM model was refreshed',
};

/** Loads and shows why the person is (or is not) in one segment. */
function Why({ segmentId, profileId }: { segmentId: string; profileId: string }) {
  const api = useApi();
  const why = useLoad(`explain:${segmentId}:${profileId}`, () =>
    api.call('profileSegmentExplanation', { params: { id: segmentId, profileId } }),
  );
  if (why.data === undefined)
    return why.error === undefined ? (
      <Loader size="sm" aria-label="Loading the explanation" />
    ) : (
      <Alert color="red">{messageOf(why.error)}</Alert>
    );
  return <ExplanationTree explanation={why.data} />;
}

/** The segments the person is in, why, how they got in and out, and why they are not in another one. */
export function ProfileSegments({ profileId }: { profileId: string }) {
  const api = useApi();
  const segments = useLoad(`profile-segments:${profileId}`, () =>
    api.call('profileSegments', { params: { id: profileId } }),
  );
  const choices = useLoad('segment-choices', () => api.call('profileSegmentChoices'));
  const [other, setOther] = useState<string | null>(null);
  const [allHistory, setAllHistory] = useState(false);

  if (segments.data === undefined) {
    return (
      <ProfileSection title="Segments">
        <NotLoaded loaded={segments} />
      </ProfileSection>
    );
  }
  const { items, history } = segments.data;
  const inIds = new Set(items.map((s) => s.segmentId));
  const others = (choices.data?.items ?? [])
    .filter((s) => !inIds.has(s.id))
    .map((s) => ({ value: s.id, label: s.name }));
  const shownHistory = allHistory ? history : history.slice(0, HISTORY_SHOWN);

  return (
    <ProfileSection
      title="Segments"
      note="The groups of your segments this person belongs to now, and why: each condition of the rule, checked against them."
    >
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not in any segment now.
        </Text>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label="Segments of this person"
        >
          {items.map((s) => (
            <Paper component="li" key={s.segmentId} withBorder p="sm" bg="var(--mantine-color-gray-0)">
              <Stack gap="xs">
                <Group justify="space-between" gap="xs">
                  <Text fw={600}>{s.name}</Text>
                  <Text size="xs" c="dimmed">
                    in since {formatTime(s.enteredAt)}
                  </Text>
                </Group>
                <Why segmentId={s.segmentId} profileId={profileId} />
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
      {others.length === 0 ? null : (
        <Stack gap="xs">
          <Select
            label="Why not in another segment?"
            placeholder="Choose a segment"
            data={others}
            value={other}
            onChange={setOther}
            clearable
            searchable
            maw={420}
            comboboxProps={{ withinPortal: true }}
          />
          {other === null ? null : (
            <Paper withBorder p="sm">
              <Why segmentId={other} profileId={profileId} />
            </Paper>
          )}
        </Stack>
      )}
      {history.length === 0 ? null : (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Entries and exits
          </Text>
          <Stack
            gap={4}
            component="ul"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label="Entries and exits"
          >
            {shownHistory.map((c) => (
              <Group component="li" key={c.seq} gap="xs" wrap="nowrap" align="flex-start">
                <Badge
                  size="sm"
                  variant="light"
                  color={c.kind === 'entered' ? 'teal' : 'gray'}
                  style={{ flexShrink: 0 }}
                >
                  {c.kind === 'entered' ? 'Entered' : 'Left'}
                </Badge>
                <Text size="sm">
                  {c.segmentName ?? 'a deleted segment'}{' '}
                  <Text span size="xs" c="dimmed">
                    {formatTime(c.at)}, {reasonWords[c.reason]}
                  </Text>
                </Text>
              </Group>
            ))}
          </Stack>
          {history.length > HISTORY_SHOWN ? (
            <Group>
              <Button variant="subtle" size="xs" onClick={() => setAllHistory(!allHistory)}>
                {allHistory ? 'Show fewer' : `Show all ${history.length}`}
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </ProfileSection>
  );
}
