import { Alert, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { StatsOverview } from '@rapport/contracts';
import { useSearchParams } from 'react-router';
import { messageOf } from '../components/api-errors.js';
import { useLoad } from '../hooks/use-load.js';
import { useApi } from '../session/session-context.js';
import { ConsentChart } from './overview/consent-chart.js';
import { DailyCharts } from './overview/daily-charts.js';
import { FirstEvents } from './overview/first-events.js';
import { formatTime } from './settings/format.js';
import { IngestionHealth } from './overview/ingestion-health.js';
import { OverviewFigures } from './overview/overview-figures.js';

const ranges = ['7', '30', '90'] as const;
type Range = (typeof ranges)[number];

/** Nothing was ever received: no people, no events or refusals in the range, nothing waiting. */
function isEmptyShop(o: StatsOverview): boolean {
  return (
    o.profiles.total === 0 &&
    o.ingestion.events === 0 &&
    o.ingestion.rejected === 0 &&
    o.ingestion.unprocessed === 0
  );
}

/**
 * How the shop is doing (GET /api/v1/stats/overview): people now, activity per day over the chosen range, consent per
 * purpose and the health of incoming data. The range is in the address (`?days=7`), so that a link keeps it.
 */
export function OverviewPage() {
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const asked = search.get('days');
  const days: Range = ranges.find((r) => r === asked) ?? '30';
  const loaded = useLoad(`overview:${days}`, () =>
    api.call('statsOverview', { query: { days: Number(days) } }),
  );
  const overview = loaded.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Overview
        </Title>
        {overview === undefined || isEmptyShop(overview) ? null : (
          <Group gap="xs">
            {loaded.loading ? <Loader size="xs" aria-label="Loading" /> : null}
            <SegmentedControl
              aria-label="Range"
              value={days}
              onChange={(value) => setSearch(value === '30' ? {} : { days: value }, { replace: true })}
              data={ranges.map((r) => ({ value: r, label: `${r} days` }))}
            />
          </Group>
        )}
      </Group>
      {loaded.error === undefined ? null : <Alert color="red">{messageOf(loaded.error)}</Alert>}
      {overview === undefined ? (
        loaded.error === undefined ? (
          <Loader aria-label="Loading" />
        ) : null
      ) : isEmptyShop(overview) ? (
        <FirstEvents />
      ) : (
        <>
          <OverviewFigures profiles={overview.profiles} />
          <DailyCharts days={overview.days} />
          <ConsentChart consent={overview.consent} />
          <IngestionHealth ingestion={overview.ingestion} days={overview.days.length} />
          <Text size="xs" c="dimmed">
            Days are UTC days. Figures as of {formatTime(overview.generatedAt)}; they include only events
            already processed.
          </Text>
        </>
      )}
    </Stack>
  );
}
