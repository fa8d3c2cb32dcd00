import { BarChart, LineChart } from '@mantine/charts';
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { StatsDay } from '@rapport/contracts';
import type { ReactNode } from 'react';
import { count, counted, dayLabel } from './format.js';

/** A chart with its title and a sentence that says what it shows, for those who do not look at the picture. */
export function ChartCard({
  title,
  summary,
  children,
  testId,
}: {
  title: string;
  summary: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder p="md" radius="md" component="figure" m={0} aria-label={title} data-testid={testId}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm" c="dimmed" component="figcaption">
          {summary}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}

/** "612 events in 30 days; the most on 3 Mar (120)." */
function summaryOf(
  days: readonly StatsDay[],
  value: (d: StatsDay) => number,
  [one, many]: readonly [string, string],
): string {
  const total = days.reduce((sum, d) => sum + value(d), 0);
  if (total === 0) return `No ${many} in these ${days.length} days.`;
  const top = days.reduce((best, d) => (value(d) > value(best) ? d : best));
  return `${counted(total, one, many)} in ${days.length} days; the most on ${dayLabel(top.day)} (${count(value(top))}).`;
}

/** Counts are whole: no 0.5 on the axis of a chart with few events. */
const wholeAxis = { allowDecimals: false } as const;

/** Events, people and refused payloads per UTC day: one bar or point per day of the range. */
export function DailyCharts({ days }: { days: readonly StatsDay[] }) {
  const data = days.map((d) => ({
    day: dayLabel(d.day),
    events: d.events,
    active: d.activeProfiles,
    new: d.newProfiles,
    rejected: d.rejected,
  }));
  // Dots on the lines while there is room for them (a month at most); a season reads better as a line.
  const dots = days.length <= 31;
  const peopleSummary = `${summaryOf(days, (d) => d.newProfiles, ['new person', 'new people'])} Active people are counted once a day.`;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <ChartCard
        title="Events per day"
        summary={summaryOf(days, (d) => d.events, ['event', 'events'])}
        testId="chart-events"
      >
        <BarChart
          h={220}
          data={data}
          dataKey="day"
          series={[{ name: 'events', label: 'Events', color: 'indigo.6' }]}
          tickLine="none"
          gridAxis="y"
          yAxisProps={wholeAxis}
          accessibilityLayer
        />
      </ChartCard>
      <ChartCard title="People per day" summary={peopleSummary} testId="chart-people">
        <LineChart
          h={220}
          data={data}
          dataKey="day"
          series={[
            { name: 'active', label: 'Active people', color: 'teal.6' },
            { name: 'new', label: 'New people', color: 'orange.6' },
          ]}
          withDots={dots}
          withLegend
          curveType="linear"
          tickLine="none"
          gridAxis="y"
          yAxisProps={wholeAxis}
          accessibilityLayer
        />
      </ChartCard>
      <ChartCard
        title="Refused payloads per day"
        summary={summaryOf(days, (d) => d.rejected, ['refused payload', 'refused payloads'])}
        testId="chart-rejected"
      >
        <BarChart
          h={220}
          data={data}
          dataKey="day"
          series={[{ name: 'rejected', label: 'Refused', color: 'red.6' }]}
          tickLine="none"
          gridAxis="y"
          yAxisProps={wholeAxis}
          accessibilityLayer
        />
      </ChartCard>
    </SimpleGrid>
  );
}
