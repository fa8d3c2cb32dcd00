import { BarChart } from '@mantine/charts';
import { Alert, Code, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { recommendationAlgorithms, type RecEvaluationView } from '@rapport/contracts';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';
import { algorithmLabel, algorithmShort } from './strategies.js';
import { NotLoaded } from '../../components/not-loaded.js';

/** The newest report of each algorithm, in the order `rapport recs evaluate --list` gives them (popular first). */
function latestPerAlgorithm(items: readonly RecEvaluationView[]): RecEvaluationView[] {
  const latest = new Map<string, RecEvaluationView>();
  for (const e of items) if (!latest.has(e.algorithm)) latest.set(e.algorithm, e);
  return recommendationAlgorithms.flatMap((a) => latest.get(a) ?? []);
}

const share = (n: number) => n.toFixed(3);
const percent = (n: number) => `${(n * 100).toFixed(1)} %`;

const command = 'npx rapport recs evaluate --from-workspace --split time --test-days 30';

/** Where the numbers come from, in one sentence. */
function dataSentence(e: RecEvaluationView): string {
  const d = e.data;
  const learned = `Learned from ${d.trainRows.toLocaleString()} purchases of ${d.trainUsers.toLocaleString()} customers (${d.trainItems.toLocaleString()} products)`;
  const tested = `tested on what ${d.testUsers.toLocaleString()} customers bought next`;
  if (e.source === 'workspace' && e.split !== null) return `Your shop’s orders, ${formatTime(e.createdAt)}. ${learned} up to ${formatTime(e.split.cutoff)}, ${tested}, in the last ${e.split.testDays} days.`;
  return `Files given to the command, ${formatTime(e.createdAt)}. ${learned}, ${tested}.`;
}

/**
 * The stored offline evaluations (GET /api/v1/recommendations/evaluations) as charts: how often each algorithm's
 * lists held what customers went on to buy, against the popular list, and how much of the catalog it shows.
 */
export function EvaluationReports() {
  const api = useApi();
  const loaded = useLoad('evaluations', () => api.call('recEvaluations', { query: { limit: 200 } }));
  const heading = (
    <Title order={2} size="h3">
      How the algorithms compare
    </Title>
  );
  if (loaded.data === undefined) return <NotLoaded loaded={loaded} />;
  const reports = latestPerAlgorithm(loaded.data.items);
  if (reports.length === 0) {
    return (
      <Stack>
        {heading}
        <Alert color="gray" title="No evaluation yet" maw={760}>
          <Stack gap="xs">
            <Text size="sm">
              An evaluation replays your shop’s past: each algorithm learns from older orders and recommends to every customer, then Rapport counts how many of
              the products they actually bought next were on their list. To make one, run this where Rapport is installed (with the same settings as the server):
            </Text>
            <Code block>{command}</Code>
            <Text size="sm">It needs orders older than the last 30 days to learn from. The results appear here.</Text>
          </Stack>
        </Alert>
      </Stack>
    );
  }
  const k = reports[0]!.k;
  const popular = reports.find((r) => r.algorithm === 'popular');
  const quality = reports.map((r) => ({ algorithm: algorithmShort[r.algorithm], ndcg: r.metrics.ndcg, map: r.metrics.map, precision: r.metrics.precision, recall: r.metrics.recall }));
  const breadth = reports.map((r) => ({ algorithm: algorithmShort[r.algorithm], coverage: Math.round(r.metrics.coverage * 1000) / 10, popularity: Math.round(r.metrics.popularityPercentile * 10) / 10 }));
  const newest = [...reports].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;

  return (
    <Stack>
      {heading}
      <Text size="sm" c="dimmed" maw={760}>
        {dataSentence(newest)} Each algorithm recommended {k} products to every customer; the newest evaluation of each is shown.
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
        <Stack component="figure" m={0} gap="xs" data-testid="quality-chart" aria-label={`Right picks per algorithm: nDCG, MAP, precision and recall at ${k}`}>
          <Title order={3} size="h5">
            Right picks: higher is better
          </Title>
          <BarChart
            h={300}
            data={quality}
            dataKey="algorithm"
            series={[
              { name: 'ndcg', label: `nDCG@${k}`, color: 'teal.6' },
              { name: 'map', label: `MAP@${k}`, color: 'blue.6' },
              { name: 'precision', label: `Precision@${k}`, color: 'grape.6' },
              { name: 'recall', label: `Recall@${k}`, color: 'orange.6' },
            ]}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            valueFormatter={share}
            yAxisProps={{ domain: [0, 1] }}
            referenceLines={popular === undefined ? [] : [{ y: popular.metrics.ndcg, label: 'Popular’s nDCG', color: 'gray.6', labelPosition: 'insideBottomRight' }]}
            barProps={{ isAnimationActive: false }}
          />
        </Stack>
        <Stack component="figure" m={0} gap="xs" data-testid="breadth-chart" aria-label="Share of the catalog recommended, and how popular the recommended products are, per algorithm">
          <Title order={3} size="h5">
            Variety: more of the catalog, fewer best sellers
          </Title>
          <BarChart
            h={300}
            data={breadth}
            dataKey="algorithm"
            series={[
              { name: 'coverage', label: 'Catalog covered (%)', color: 'cyan.6' },
              { name: 'popularity', label: 'Popularity of the picks (percentile)', color: 'gray.5' },
            ]}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            yAxisProps={{ domain: [0, 100] }}
            barProps={{ isAnimationActive: false }}
          />
        </Stack>
      </SimpleGrid>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" aria-label="Evaluation results">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Algorithm</Table.Th>
              <Table.Th>nDCG@{k}</Table.Th>
              <Table.Th>Against popular</Table.Th>
              <Table.Th>MAP@{k}</Table.Th>
              <Table.Th>Precision</Table.Th>
              <Table.Th>Recall</Table.Th>
              <Table.Th>Catalog covered</Table.Th>
              <Table.Th>Popularity of picks</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reports.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{algorithmLabel(r.algorithm)}</Table.Td>
                <Table.Td>{share(r.metrics.ndcg)}</Table.Td>
                <Table.Td>{popular === undefined || popular.metrics.ndcg === 0 ? '—' : `${(r.metrics.ndcg / popular.metrics.ndcg).toFixed(2)}×`}</Table.Td>
                <Table.Td>{share(r.metrics.map)}</Table.Td>
                <Table.Td>{share(r.metrics.precision)}</Table.Td>
                <Table.Td>{share(r.metrics.recall)}</Table.Td>
                <Table.Td>{percent(r.metrics.coverage)}</Table.Td>
                <Table.Td>{r.metrics.popularityPercentile.toFixed(1)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap={4} maw={760}>
        <Title order={3} size="h5">
          What the numbers mean
        </Title>
        <List size="sm" spacing={4}>
          <List.Item>
            <b>nDCG</b>: how many of the products a customer went on to buy were on their list, counting those near the top more. The best single number; 1 would be perfect.
          </List.Item>
          <List.Item>
            <b>MAP</b>: the same idea, rewarding lists whose right picks come first.
          </List.Item>
          <List.Item>
            <b>Precision</b>: the share of the {k} products on a list that the customer bought. <b>Recall</b>: the share of what they bought that was on their list.
          </List.Item>
          <List.Item>
            <b>Against popular</b>: nDCG as a multiple of simply showing everyone the best sellers. Above 1× the algorithm earns its place.
          </List.Item>
          <List.Item>
            <b>Catalog covered</b>: how much of your catalog gets recommended to someone. <b>Popularity of the picks</b>: 100 means only best sellers; lower means
            more of your range gets seen.
          </List.Item>
        </List>
        <Text size="xs" c="dimmed">
          Run <Code>{command}</Code> again after a few weeks of orders to see how they change.
        </Text>
      </Stack>
    </Stack>
  );
}
