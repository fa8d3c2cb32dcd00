import { Alert, Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { recommendationAlgorithms, type RecModelView, type RecommendationAlgorithm } from '@rapport/contracts';
import { useEffect, useState } from 'react';
import { notifyDone, notifyFailure } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';
import { EvaluationReports } from './evaluation-charts.js';
import { algorithmLabel, algorithmLabels } from './strategies.js';
import { NotLoaded } from '../../components/not-loaded.js';

const statusColors = { queued: 'gray', training: 'blue', ready: 'teal', failed: 'red' } as const;
const statusWords = { queued: 'waiting', training: 'training', ready: 'ready', failed: 'failed' } as const;

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** nDCG of a model against the popular list on the same split, as a person reads it. */
function againstPopular(m: RecModelView): string {
  if (m.metrics === null) return '—';
  const { ndcg, popular } = m.metrics;
  if (popular.ndcg === 0) return ndcg === 0 ? 'no better than popular' : 'finds buys popular misses';
  return `${(ndcg / popular.ndcg).toFixed(2)}× popular`;
}

/** The trained model versions (GET /api/v1/recommendations/models), "Train now", and the stored offline evaluations. */
export function ModelsPanel() {
  return (
    <Stack gap="xl">
      <TrainedModels />
      <EvaluationReports />
    </Stack>
  );
}

function TrainedModels() {
  const api = useApi();
  const canWrite = useCan()('recommendations:write');
  const models = useLoad('models', () => api.call('recModels', { query: { limit: 50 } }));
  const [algorithm, setAlgorithm] = useState<RecommendationAlgorithm>('hybrid');
  const [busy, setBusy] = useState(false);
  const pending = models.data?.items.some((m) => m.status === 'queued' || m.status === 'training') ?? false;
  const { reload } = models;
  // While a version trains, look again every 3 s: it takes seconds on a small shop.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [pending, reload]);

  const train = async () => {
    setBusy(true);
    try {
      const queued = await api.call('trainModel', { body: { algorithm } });
      notifyDone(`${algorithmLabel(queued.algorithm)}: version ${queued.version} is training in the background.`);
    } catch (error) {
      notifyFailure('The model was not queued', error);
    } finally {
      setBusy(false);
      reload();
    }
  };

  return (
    <Stack>
      <Title order={2} size="h3">
        Trained models
      </Title>
      <Text size="sm" c="dimmed" maw={760}>
        “Because you bought”, “Learned taste”, “Learned item links” and “Picked for you” answer from models that learn from your customers’ orders. They
        retrain by themselves when new orders come in; each version is tested on the last weeks of orders against simply showing the most popular products.
      </Text>
      {canWrite ? (
        <Group align="flex-end">
          <Select label="Algorithm" data={recommendationAlgorithms.map((a) => ({ value: a, label: algorithmLabels[a] }))} value={algorithm} onChange={(v) => v !== null && setAlgorithm(v as RecommendationAlgorithm)} allowDeselect={false} w={260} />
          <Button onClick={() => void train()} loading={busy}>
            Train now
          </Button>
        </Group>
      ) : null}
      {models.data === undefined ? (
        <NotLoaded loaded={models} />
      ) : models.data.items.length === 0 ? (
        <Alert color="gray" title="No model yet">
          The first models train by themselves once your shop has orders from customers who accept personalization{canWrite ? '; or train one now' : ''}. Until then,
          the personal strategies show popular products.
        </Alert>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" aria-label="Trained models">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Model</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th>Trained</Table.Th>
                <Table.Th>Took</Table.Th>
                <Table.Th>Learned from</Table.Th>
                <Table.Th>Right picks (nDCG@10)</Table.Th>
                <Table.Th>Against popular</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {models.data.items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    {algorithmLabel(m.algorithm)} <Text span size="xs" c="dimmed">v{m.version}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColors[m.status]} variant="light">
                      {statusWords[m.status]}
                    </Badge>
                    {m.error === null ? null : (
                      <Text size="xs" c="red.8">
                        {m.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{formatTime(m.trainedAt)}</Table.Td>
                  <Table.Td>{m.status === 'ready' || m.status === 'failed' ? duration(m.tookMs) : '—'}</Table.Td>
                  <Table.Td>
                    {m.customers.toLocaleString()} customers, {m.products.toLocaleString()} products
                  </Table.Td>
                  <Table.Td>{m.metrics === null ? '—' : `${m.metrics.ndcg.toFixed(3)} (popular ${m.metrics.popular.ndcg.toFixed(3)})`}</Table.Td>
                  <Table.Td>{againstPopular(m)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
