import { Alert, Code, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { messageOf } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';
import { CursorPager, useCursorPages } from '../../components/cursor-pager.js';

const PAGE = 25;

/** Erased people's identifiers, kept as hashes so that their late events are refused (GET /api/v1/privacy/suppressions). */
export function SuppressionList({ version }: { version: number }) {
  const api = useApi();
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const page = useLoad(`suppressions:${version}:${cursor}`, () =>
    api.call('suppressions', { query: { limit: PAGE, ...(cursor === '' ? {} : { cursor }) } }),
  );

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="suppressions-title">
      <Stack>
        <div>
          <Title order={2} size="h4" id="suppressions-title">
            Suppression list
          </Title>
          <Text size="sm" c="dimmed">
            When a person is erased, their customer and visitor ids are kept here only as a fingerprint (a
            SHA-256 hash), never as they were, so that events still on their way from their phone or browser
            are refused instead of bringing them back.
          </Text>
        </div>
        {page.error === undefined ? null : <Alert color="red">{messageOf(page.error)}</Alert>}
        {page.data === undefined ? (
          page.error === undefined ? (
            <Loader aria-label="Loading" />
          ) : null
        ) : (
          <>
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing="xs" aria-label="Suppression list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Fingerprint</Table.Th>
                    <Table.Th>Since</Table.Th>
                    <Table.Th>Why</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.data.items.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={3}>
                        <Text size="sm" c="dimmed">
                          No one has been erased, so no identifier is refused.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                  {page.data.items.map((s) => (
                    <Table.Tr key={s.hashPrefix + s.requestId}>
                      <Table.Td>
                        <Code>{s.hashPrefix}…</Code>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(s.suppressedAt)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">Erased on request</Text>
                        <Text size="xs" c="dimmed">
                          request {s.requestId}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
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
