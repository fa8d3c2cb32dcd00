import { Alert, Badge, Button, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { PrivacyRequestView } from '@rapport/contracts';
import { Fragment, useState } from 'react';
import { messageOf } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useSignedIn } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';
import { storeLabel } from './store-labels.js';
import { CursorPager, useCursorPages } from '../../components/cursor-pager.js';

const PAGE = 20;

/** The counts of an erasure's report (`removed` per store), or undefined for an export, which has none. */
function removedOf(request: PrivacyRequestView): Record<string, number> | undefined {
  const removed = request.report?.['removed'];
  if (typeof removed !== 'object' || removed === null) return undefined;
  return Object.fromEntries(
    Object.entries(removed).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}

function summaryOf(request: PrivacyRequestView): string {
  const removed = removedOf(request);
  if (removed === undefined) return request.kind === 'export' ? 'Their data was downloaded' : '—';
  const total = Object.values(removed).reduce((a, b) => a + b, 0);
  const suppressed = request.report?.['suppressed'];
  return `${total} records removed${typeof suppressed === 'number' ? `, ${suppressed} identifiers refused from now on` : ''}`;
}

/** Exports and erasures, newest first, each erasure with its report: what was removed from each store. */
export function PrivacyRequests({ version }: { version: number }) {
  const api = useApi();
  const { user } = useSignedIn();
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const page = useLoad(`privacy-requests:${version}:${cursor}`, () =>
    api.call('privacyRequests', { query: { limit: PAGE, ...(cursor === '' ? {} : { cursor }) } }),
  );
  const [open, setOpen] = useState<string | undefined>();

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="requests-title">
      <Stack>
        <div>
          <Title order={2} size="h4" id="requests-title">
            Requests
          </Title>
          <Text size="sm" c="dimmed">
            Every export and erasure, newest first. The person is kept only as a hash, so this list names no
            one.
          </Text>
        </div>
        {page.error === undefined ? null : <Alert color="red">{messageOf(page.error)}</Alert>}
        {page.data === undefined ? (
          page.error === undefined ? (
            <Loader aria-label="Loading" />
          ) : null
        ) : (
          <>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" aria-label="Privacy requests">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Request</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Result</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.data.items.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <Text size="sm" c="dimmed">
                          No one has asked for their data yet. When a customer does, download or erase it
                          above: it will be listed here.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                  {page.data.items.map((r) => (
                    <Fragment key={r.id}>
                      <Table.Tr>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(r.createdAt)}</Table.Td>
                        <Table.Td>
                          <Text size="sm">{r.kind === 'erase' ? 'Erasure' : 'Export'}</Text>
                          <Text size="xs" c="dimmed">
                            by {r.requestedBy === user.id ? 'you' : r.requestedBy.slice(0, 13)} · person{' '}
                            {r.subjectHash.slice(0, 8)}…
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={r.status === 'completed' ? 'teal' : 'red'} variant="light">
                            {r.status === 'completed' ? 'Done' : 'Failed'}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{summaryOf(r)}</Text>
                        </Table.Td>
                        <Table.Td>
                          {removedOf(r) === undefined ? null : (
                            <Button
                              size="xs"
                              variant="subtle"
                              aria-expanded={open === r.id}
                              onClick={() => setOpen(open === r.id ? undefined : r.id)}
                            >
                              {open === r.id ? 'Hide report' : 'Report'}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                      {open === r.id ? (
                        <Table.Tr>
                          <Table.Td colSpan={5}>
                            <ErasureReportTable request={r} />
                          </Table.Td>
                        </Table.Tr>
                      ) : null}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <CursorPager pages={pages} nextCursor={page.data.nextCursor} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** What an erasure removed from each store, stores with nothing included: the reader sees what was looked at. */
function ErasureReportTable({ request }: { request: PrivacyRequestView }) {
  const removed = removedOf(request) ?? {};
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        Completed {formatTime(request.completedAt)} · request {request.id}
      </Text>
      <Table fz="sm" maw={520} aria-label="Erasure report">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>What</Table.Th>
            <Table.Th ta="right">Removed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Object.entries(removed).map(([store, n]) => (
            <Table.Tr key={store}>
              <Table.Td>{storeLabel(store)}</Table.Td>
              <Table.Td ta="right">{n}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
