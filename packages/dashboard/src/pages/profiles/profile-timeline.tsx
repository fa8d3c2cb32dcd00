import { Alert, Button, Code, Group, Loader, Stack, Text } from '@mantine/core';
import type { StoredMessage } from '@rapport/contracts';
import { useState } from 'react';
import { messageOf } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';
import { eventDetails, eventTitle } from './event-words.js';
import { ProfileSection } from './profile-section.js';

const PAGE = 20;

function EventRow({ event }: { event: StoredMessage }) {
  const [open, setOpen] = useState(false);
  const details = eventDetails(event);
  return (
    <Stack component="li" gap={4} py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Stack gap={0} miw={0}>
          <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
            {eventTitle(event)}
          </Text>
          {details.length === 0 ? null : (
            <Text size="sm" c="dimmed" style={{ wordBreak: 'break-word' }}>
              {details.join(' · ')}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {formatTime(event.timestamp)}
            {event.type === 'track' ? '' : ` · ${event.type}`}
          </Text>
        </Stack>
        <Button
          size="compact-xs"
          variant="subtle"
          aria-expanded={open}
          aria-label={`${open ? 'Hide' : 'Show'} the data of ${eventTitle(event)}, ${formatTime(event.timestamp)}`}
          onClick={() => setOpen(!open)}
          style={{ flexShrink: 0 }}
        >
          {open ? 'Hide' : 'Data'}
        </Button>
      </Group>
      {open ? (
        <Code block style={{ maxHeight: 360, overflow: 'auto' }}>
          {JSON.stringify(event, null, 2)}
        </Code>
      ) : null}
    </Stack>
  );
}

/** One page of the timeline; the last page offers the next (older) one. */
function TimelinePage({
  profileId,
  cursor,
  last,
  onOlder,
}: {
  profileId: string;
  cursor: string;
  last: boolean;
  onOlder: (cursor: string) => void;
}) {
  const api = useApi();
  const page = useLoad(`events:${profileId}:${cursor}`, () =>
    api.call('profileEvents', {
      params: { id: profileId },
      query: { by: 'profileId', limit: PAGE, ...(cursor === '' ? {} : { cursor }) },
    }),
  );
  if (page.data === undefined)
    return page.error === undefined ? (
      <Loader size="sm" aria-label="Loading events" />
    ) : (
      <Alert color="red">{messageOf(page.error)}</Alert>
    );
  const { items, nextCursor } = page.data;
  return (
    <>
      {items.length === 0 && cursor === '' ? (
        <Text size="sm" c="dimmed">
          No events kept for this person (they may be older than the workspace keeps).
        </Text>
      ) : null}
      <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: 'none' }}>
        {items.map((e) => (
          <EventRow key={e.messageId} event={e} />
        ))}
      </Stack>
      {last && nextCursor !== null ? (
        <Group>
          <Button variant="default" size="xs" onClick={() => onOlder(nextCursor)}>
            Older events
          </Button>
        </Group>
      ) : null}
    </>
  );
}

/** The person's events, newest first, a page at a time. */
export function ProfileTimeline({ profileId }: { profileId: string }) {
  const [cursors, setCursors] = useState<string[]>(['']);
  return (
    <ProfileSection title="Events" note="Everything their apps and pages sent, newest first.">
      <Stack gap="xs" aria-label="Event timeline">
        {cursors.map((c, i) => (
          <TimelinePage
            key={c}
            profileId={profileId}
            cursor={c}
            last={i === cursors.length - 1}
            onOlder={(next) => setCursors([...cursors, next])}
          />
        ))}
      </Stack>
    </ProfileSection>
  );
}
