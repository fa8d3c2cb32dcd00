import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { StatsOverview } from '@rapport/contracts';
import { count, percent } from './format.js';

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Paper withBorder p="md" radius="md" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`figure-${label}`}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

/** People now, whatever the range: how many, how many are known by their customer id, how many came lately. */
export function OverviewFigures({ profiles }: { profiles: StatsOverview['profiles'] }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
      <Figure label="People" value={count(profiles.total)} hint="everyone seen, logged in or not" />
      <Figure
        label="Identified"
        value={percent(profiles.identifiedShare)}
        hint={`${count(profiles.identified)} known by their customer id`}
      />
      <Figure label="Active today" value={count(profiles.activeLast1Day)} hint="in the last 24 hours" />
      <Figure label="Active this week" value={count(profiles.activeLast7Days)} hint="in the last 7 days" />
      <Figure label="Active this month" value={count(profiles.activeLast30Days)} hint="in the last 30 days" />
    </SimpleGrid>
  );
}
