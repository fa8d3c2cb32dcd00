import {
  Alert,
  Anchor,
  Badge,
  Code,
  EmptyState,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import type { ProfileSummaryView } from '@rapport/contracts';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../components/api-errors.js';
import { useLoad } from '../hooks/use-load.js';
import { useApi, useCan } from '../session/session-context.js';
import { personName, timeAgo } from './profiles/person-words.js';
import { formatTime } from './settings/format.js';
import { CursorPager, useCursorPages } from '../components/cursor-pager.js';
import { NotLoaded } from '../components/not-loaded.js';

const PAGE = 25;

/** Profiles: search the people Rapport knows (`?q=` in the address, so that Back returns to the same search). */
export function ProfilesPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const search = useDebouncedCallback(
    (value: string) => setParams(value === '' ? {} : { q: value }, { replace: true }),
    300,
  );
  // The address changed by itself (Back, the navigation's link): the box follows it.
  const [shown, setShown] = useState(q);
  if (shown !== q) {
    setShown(q);
    if (typed.trim() !== q) setTyped(q);
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        Profiles
      </Title>
      <Text size="sm" c="dimmed">
        Everyone your shop has sent events about: signed-in customers and anonymous visitors. Open a person to
        see what Rapport knows about them and why.
      </Text>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextInput
          label="Search people"
          description="The start of a user id or anonymous id, or part of a name or e-mail address"
          placeholder="e.g. ada@example.com"
          value={typed}
          onChange={(e) => {
            setTyped(e.currentTarget.value);
            search(e.currentTarget.value.trim());
          }}
          maw={560}
          type="search"
          autoComplete="off"
        />
      </form>
      {/* A new search starts again at its first page. */}
      <Results key={q} q={q} />
    </Stack>
  );
}

function Results({ q }: { q: string }) {
  const api = useApi();
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const page = useLoad(`profiles:${q}:${cursor}`, () =>
    api.call('profiles', { query: { q, limit: PAGE, ...(cursor === '' ? {} : { cursor }) } }),
  );

  if (page.data === undefined)
    return <NotLoaded loaded={page} />;
  const { items, nextCursor } = page.data;
  if (items.length === 0 && pages.number === 1)
    return q === '' ? (
      <NobodyYet />
    ) : (
      <EmptyState
        title={`Nobody matches “${q}”`}
        description="Try the beginning of their user id, or part of their name or e-mail address."
        py="lg"
      />
    );
  return (
    <Stack gap="xs">
      {page.error === undefined ? null : <Alert color="red">{messageOf(page.error)}</Alert>}
      <Stack
        gap="xs"
        component="ul"
        aria-label="People"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-busy={page.loading}
      >
        {items.map((p) => (
          <PersonRow key={p.id} person={p} />
        ))}
      </Stack>
      <CursorPager pages={pages} nextCursor={nextCursor} labels={['Previous', 'Next']} />
    </Stack>
  );
}

function PersonRow({ person }: { person: ProfileSummaryView }) {
  const name = personName(person);
  const identified = person.userIds.length > 0;
  const ids = [
    ...person.userIds.map((id) => `user ${id}`),
    ...person.anonymousIds.slice(0, 2).map((id) => `visitor ${id}`),
  ];
  const hiddenIds = person.anonymousIds.length - 2;
  return (
    <li>
      <Paper
        component={Link}
        to={`/profiles/${encodeURIComponent(person.id)}`}
        withBorder
        p="sm"
        display="block"
        td="none"
        c="inherit"
        aria-label={`${name}, last seen ${timeAgo(person.lastSeenAt)}`}
      >
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} miw={0}>
            <Text fw={600} truncate>
              {name}
            </Text>
            {person.email === null || person.email === name ? null : (
              <Text size="sm" truncate>
                {person.email}
              </Text>
            )}
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {ids.join(' · ')}
              {hiddenIds > 0 ? ` · ${hiddenIds} more` : ''}
            </Text>
          </Stack>
          <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
            <Badge variant="light" color={identified ? 'teal' : 'gray'}>
              {identified ? 'Identified' : 'Anonymous'}
            </Badge>
            <Text size="xs" c="dimmed" title={formatTime(person.lastSeenAt)}>
              seen {timeAgo(person.lastSeenAt)}
            </Text>
          </Stack>
        </Group>
      </Paper>
    </li>
  );
}

/** The first screen of a new shop: how people get here. */
function NobodyYet() {
  const can = useCan();
  const example = `curl -u "$WRITE_KEY:" ${window.location.origin}/v1/identify \\
  -H 'content-type: application/json' \\
  -d '{"userId": "customer-1", "traits": {"name": "Ada", "email": "ada@example.com"}}'`;
  return (
    <EmptyState
      title="No people yet"
      description="People appear here as soon as your shop sends their first event: a page view, a product viewed, a sign-in, an order."
      py="lg"
    >
      <Stack gap="xs" maw={640} mx="auto" ta="left" mt="md">
        <Text size="sm">
          Add a Segment-compatible library (analytics.js on your pages, or the mobile and server libraries)
          with your <b>write key</b> and Rapport&apos;s address, or send an event yourself:
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {example}
        </Code>
        <Text size="sm">
          {can('keys:manage') ? (
            <>
              Create a write key in{' '}
              <Anchor component={Link} to="/settings/keys">
                Settings → API keys
              </Anchor>
              .
            </>
          ) : (
            'An owner or admin can give you a write key.'
          )}
        </Text>
      </Stack>
    </EmptyState>
  );
}
