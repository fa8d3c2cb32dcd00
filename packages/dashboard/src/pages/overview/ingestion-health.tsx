import { Anchor, Badge, Code, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { errorCatalog, isErrorCode, type StatsOverview } from '@rapport/contracts';
import { count, counted, percent, waited } from './format.js';

/**
 * Events waiting longer than this are a processor that is behind (or stopped): live traffic is handled within seconds
 * of its arrival (docs/statistics.md#ingestion).
 */
export const BEHIND_AFTER_SECONDS = 60;

/** The catalog's description of a code, without its Markdown. */
function reasonOf(code: string): string {
  return isErrorCode(code)
    ? errorCatalog[code].description.replace(/`/g, '')
    : 'A reason this version of the dashboard does not know.';
}

/** Accepted against refused events of the range, refusals by reason, and whether the processor keeps up now. */
export function IngestionHealth({
  ingestion,
  days,
}: {
  ingestion: StatsOverview['ingestion'];
  days: number;
}) {
  const received = ingestion.events + ingestion.rejected;
  const behind = ingestion.oldestUnprocessedSeconds >= BEHIND_AFTER_SECONDS;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="ingestion-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id="ingestion-title">
            Incoming data
          </Title>
          <Badge size="lg" color={behind ? 'orange' : 'teal'} variant="light" data-testid="backlog-state">
            {behind ? 'Behind' : 'Healthy'}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Accepted
            </Text>
            <Text fw={700} size="lg" data-testid="ingestion-accepted">
              {counted(ingestion.events, 'event', 'events')}
            </Text>
            <Text size="xs" c="dimmed">
              in the last {days} days
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Refused
            </Text>
            <Text fw={700} size="lg" data-testid="ingestion-refused">
              {counted(ingestion.rejected, 'payload', 'payloads')}
            </Text>
            <Text size="xs" c="dimmed">
              {received === 0
                ? 'nothing received'
                : `${percent(ingestion.rejected / received)} of what arrived`}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Waiting to be processed
            </Text>
            <Text fw={700} size="lg" data-testid="ingestion-backlog">
              {counted(ingestion.unprocessed, 'event', 'events')}
            </Text>
            <Text size="xs" c={behind ? 'orange.8' : 'dimmed'}>
              {ingestion.unprocessed === 0
                ? 'all caught up'
                : behind
                  ? `the oldest has waited ${waited(ingestion.oldestUnprocessedSeconds)}: is the processor running?`
                  : `the oldest arrived ${waited(ingestion.oldestUnprocessedSeconds)} ago`}
            </Text>
          </div>
        </SimpleGrid>
        {ingestion.rejectedByCode.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing was refused in these {days} days.
          </Text>
        ) : (
          <>
            <Table fz="sm" aria-label="Refused payloads by reason">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Why they were refused</Table.Th>
                  <Table.Th ta="right">Payloads</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ingestion.rejectedByCode.map((r) => (
                  <Table.Tr key={r.code}>
                    <Table.Td>
                      <Text size="sm">{reasonOf(r.code)}</Text>
                      <Code fz="xs">{r.code}</Code>
                    </Table.Td>
                    <Table.Td ta="right">{count(r.count)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>

            <Text size="xs" c="dimmed">
              Refused payloads are kept with their body for the retention set in Settings. Whoever sends your
              events can read them with <Code fz="xs">GET /api/v1/rejected-events?code=…</Code> (see the{' '}
              <Anchor href="/docs" target="_blank" fz="xs">
                API reference
              </Anchor>
              ).
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
