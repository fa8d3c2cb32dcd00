import { Alert, Anchor, Box, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { rfmSegmentNames, type RfmModelView, type RfmSegmentName } from '@rapport/contracts';
import { useState } from 'react';
import { Link } from 'react-router';
import { notifyDone, notifyFailure } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';
import { NotLoaded } from '../../components/not-loaded.js';

/** The name of each (R, F) cell, from docs/rfm.md ("Named segments": the last matching rule wins). */
export function rfmNameOf(r: number, f: number): RfmSegmentName {
  if (r === 5 && f >= 4) return 'Champions';
  if (r >= 4 && (f === 2 || f === 3)) return 'Potential Loyalists';
  if (r === 5 && f === 1) return 'New Customers';
  if (r === 4 && f === 1) return 'Promising';
  if ((r === 3 || r === 4) && f >= 4) return 'Loyal Customers';
  if (r === 3 && f === 3) return 'Need Attention';
  if (r === 3) return 'About to Sleep';
  if (f === 5) return "Can't Lose Them";
  if (f >= 3) return 'At Risk';
  return 'Hibernating';
}

/** A colour per named segment (Mantine palette, light shades so the counts stay readable). */
const colours: Record<RfmSegmentName, string> = {
  Champions: 'teal.3',
  'Loyal Customers': 'green.2',
  'Potential Loyalists': 'lime.2',
  'New Customers': 'cyan.2',
  Promising: 'blue.1',
  'Need Attention': 'yellow.2',
  'About to Sleep': 'orange.1',
  'At Risk': 'orange.3',
  "Can't Lose Them": 'red.3',
  Hibernating: 'gray.3',
};

const newSegmentLink = (name: RfmSegmentName) => `/segments/new?rfm=${encodeURIComponent(name)}`;

/** The RFM model (/segments/rfm): the 5 × 5 grid of recency by frequency, the named groups, the cut points. */
export function RfmPage() {
  const api = useApi();
  const isAdmin = useCan()('admin');
  const canWrite = useCan()('segments:write');
  const model = useLoad('rfm', () => api.call('rfm', { query: { limit: 1 } }));
  const [busy, setBusy] = useState(false);
  const refresh = async () => {
    setBusy(true);
    try {
      const run = await api.call('refreshRfm', { body: {} });
      notifyDone(`The RFM model is refreshed: ${run.customers.toLocaleString()} customers.`);
      model.reload();
    } catch (error) {
      notifyFailure('The RFM model was not refreshed', error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Anchor component={Link} to="/segments" size="sm">
        ← All segments
      </Anchor>
      <Group justify="space-between">
        <Title order={1} size="h2">
          RFM: your customers by recency and frequency
        </Title>
        {isAdmin ? (
          <Button variant="light" onClick={() => void refresh()} loading={busy}>
            Refresh now
          </Button>
        ) : null}
      </Group>
      {model.data === undefined ? <NotLoaded loaded={model} /> : <RfmModel model={model.data} canWrite={canWrite} />}
    </Stack>
  );
}

function RfmModel({ model, canWrite }: { model: RfmModelView; canWrite: boolean }) {
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Customers who are logged in and have ordered, scored 1 to 5 on how recently (R) and how often (F) they bought, compared with your other customers. As of {formatTime(model.asOf)}
        {model.stored ? '' : ' (computed now: the model has not been refreshed yet)'}
        {model.windowDays === null ? ', all orders counted' : `, orders of the last ${model.windowDays} days`}.
      </Text>
      {model.customers === 0 ? (
        <Alert color="gray" title="No customer yet">
          The grid fills in once logged-in customers have placed orders (Order Completed events). Then press Refresh now, or wait for the daily refresh.
        </Alert>
      ) : null}
      <Text fw={600} data-testid="rfm-customers">
        {model.customers.toLocaleString()} {model.customers === 1 ? 'customer' : 'customers'}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Grid model={model} />
        <Legend model={model} canWrite={canWrite} />
      </SimpleGrid>
      {model.cutPoints === null ? null : (
        <Paper withBorder p="sm" radius="md">
          <Text size="sm" fw={600}>
            Where the scores change
          </Text>
          <Text size="sm">Days since the last order: {model.cutPoints.recency.map((v) => v.toLocaleString()).join(' · ')}</Text>
          <Text size="sm">Orders: {model.cutPoints.frequency.map((v) => v.toLocaleString()).join(' · ')}</Text>
          <Text size="sm">Money spent: {model.cutPoints.monetary.map((v) => v.toLocaleString()).join(' · ')}</Text>
        </Paper>
      )}
    </Stack>
  );
}

function Grid({ model }: { model: RfmModelView }) {
  const cell = 'clamp(44px, 14vw, 72px)';
  return (
    <Box>
      <table aria-label="Customers by recency (rows) and frequency (columns)" style={{ borderCollapse: 'separate', borderSpacing: 3 }}>
        <thead>
          <tr>
            <th scope="col">
              <Text size="xs" c="dimmed">
                R \ F
              </Text>
            </th>
            {[1, 2, 3, 4, 5].map((f) => (
              <th key={f} scope="col">
                <Text size="xs">F {f}</Text>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[5, 4, 3, 2, 1].map((r) => (
            <tr key={r}>
              <th scope="row">
                <Text size="xs">R {r}</Text>
              </th>
              {[1, 2, 3, 4, 5].map((f) => {
                const name = rfmNameOf(r, f);
                const count = model.grid[r - 1]?.[f - 1] ?? 0;
                return (
                  <Box component="td" key={f} bg={colours[name]} w={cell} h={cell} ta="center" style={{ borderRadius: 6 }} title={`${name}: R ${r}, F ${f}`} data-testid="rfm-cell" aria-label={`R ${r}, F ${f}, ${name}: ${count}`}>
                    <Text fw={count > 0 ? 700 : 400} c={count > 0 ? 'dark' : 'dimmed'}>
                      {count}
                    </Text>
                  </Box>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <Text size="xs" c="dimmed" mt={4}>
        Rows: bought recently (R 5) to long ago (R 1). Columns: bought once (F 1) to very often (F 5).
      </Text>
    </Box>
  );
}

function Legend({ model, canWrite }: { model: RfmModelView; canWrite: boolean }) {
  return (
    <Table aria-label="Named groups" verticalSpacing={4}>
      <Table.Tbody>
        {[...rfmSegmentNames].reverse().map((name) => (
          <Table.Tr key={name}>
            <Table.Td w={18}>
              <Box w={14} h={14} bg={colours[name]} style={{ borderRadius: 3 }} aria-hidden />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{name}</Text>
            </Table.Td>
            <Table.Td ta="right">
              <Text size="sm" fw={600}>
                {model.counts[name].toLocaleString()}
              </Text>
            </Table.Td>
            <Table.Td>
              {canWrite ? (
                <Anchor component={Link} to={newSegmentLink(name)} size="xs" aria-label={`Create a segment of ${name}`}>
                  Make a segment
                </Anchor>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
