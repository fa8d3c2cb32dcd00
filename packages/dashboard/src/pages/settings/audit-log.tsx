import { Alert, Badge, Button, Code, EmptyState, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { AuditEntryView } from '@rapport/contracts';
import { Fragment, useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { messageOf } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan, useSignedIn } from '../../session/session-context.js';
import { AuditFilterForm } from './audit-filter-form.js';
import { filtersOf, hasFilters, paramsWith, queryOf, type AuditFilters } from './audit-filters.js';
import { formatTime } from './format.js';
import { NotAllowed } from './not-allowed.js';
import { CursorPager, useCursorPages } from '../../components/cursor-pager.js';
import { NotLoaded } from '../../components/not-loaded.js';

const PAGE = 25;

/** The audit log, newest first, a page at a time, filtered by person, method, route and time (`audit:read`). */
export function AuditLog() {
  const can = useCan();
  const { user } = useSignedIn();
  if (!can('audit:read')) return <NotAllowed role={user.role} what="the audit log" />;
  return <FilteredAuditLog />;
}

/** The filters are in the address (`?method=DELETE`), so that Back and a shared link keep them. */
function FilteredAuditLog() {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const change = useCallback((c: AuditFilters) => setParams((current) => paramsWith(current, c), { replace: true }), [setParams]);
  const clear = useCallback(() => setParams({}, { replace: true }), [setParams]);
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Every change made through the dashboard or with a secret key, refused attempts included. Passwords, tokens and keys are never kept.
      </Text>
      <AuditFilterForm filters={filters} onChange={change} onClear={clear} />
      {/* Other filters start again at the newest page; the pages of one set of filters all keep them. */}
      <AuditEntries key={JSON.stringify(queryOf(filters))} filters={filters} />
    </Stack>
  );
}

function AuditEntries({ filters }: { filters: AuditFilters }) {
  const api = useApi();
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const query = { ...queryOf(filters), limit: PAGE, ...(cursor === '' ? {} : { cursor }) };
  const page = useLoad(`audit:${JSON.stringify(query)}`, () => api.call('audit', { query }));
  const [open, setOpen] = useState<string | undefined>();

  if (page.data === undefined) return <NotLoaded loaded={page} />;
  const { items, nextCursor } = page.data;
  if (items.length === 0 && pages.number === 1 && hasFilters(filters)) {
    return <EmptyState title="No change matches the filters" description="Change the filters, or clear them to see every change." py="lg" />;
  }
  return (
    <Stack>
      {page.error === undefined ? null : <Alert color="red">{messageOf(page.error)}</Alert>}
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" aria-label="Audit log" aria-busy={page.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text size="sm" c="dimmed">
                    Nothing was changed yet.
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : null}
            {items.map((entry) => (
              <Fragment key={entry.id}>
                <Table.Tr>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(entry.at)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{entry.actor.label ?? entry.actor.id}</Text>
                    <Text size="xs" c="dimmed">
                      {entry.actor.kind === 'key' ? 'API key' : 'person'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{entry.action}</Code>
                    {entry.targetId === null ? null : (
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {entry.targetId}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={entry.status < 400 ? 'teal' : 'red'} variant="light">
                      {entry.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" aria-expanded={open === entry.id} onClick={() => setOpen(open === entry.id ? undefined : entry.id)}>
                      {open === entry.id ? 'Hide' : 'Details'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {open === entry.id ? (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <EntryDetails entry={entry} />
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CursorPager pages={pages} nextCursor={nextCursor} />
    </Stack>
  );
}

function json(value: unknown): string {
  return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
}

function EntryDetails({ entry }: { entry: AuditEntryView }) {
  const part = (title: string, value: unknown) => (
    <Stack gap={4}>
      <Text size="xs" fw={600}>
        {title}
      </Text>
      <Code block style={{ maxHeight: 320, overflow: 'auto' }}>
        {json(value)}
      </Code>
    </Stack>
  );
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        Request {entry.requestId}
        {entry.ip === null ? '' : ` from ${entry.ip}`}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {part('Request', entry.request)}
        {part('Before', entry.before)}
        {part('After', entry.after)}
      </SimpleGrid>
    </Stack>
  );
}
