import { LineChart } from '@mantine/charts';
import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';

const ranges = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: 'A year' },
];

/** The segment's size per UTC day (GET /api/v1/segments/{id}/sizes?days=) as a line. */
export function SizeChart({ segmentId, version, current }: { segmentId: string; version: string; current: number }) {
  const api = useApi();
  const [days, setDays] = useState('30');
  const loaded = useLoad(`sizes:${segmentId}:${days}:${version}`, () => api.call('segmentSizes', { params: { id: segmentId }, query: { days: Number(days) } }));
  // Sizes are recorded per UTC day; today's may not be yet, and the size now is known.
  const today = new Date().toISOString().slice(0, 10);
  const recorded = loaded.data?.items ?? [];
  const points = loaded.data === undefined ? [] : recorded.some((p) => p.day === today) ? recorded : [...recorded, { day: today, size: current }];
  return (
    <Stack gap="xs">
      <SegmentedControl size="xs" w="fit-content" aria-label="Period" data={ranges} value={days} onChange={setDays} />
      {points.length === 0 ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : (
        <div data-testid="size-chart" data-points={points.length} role="img" aria-label={`Size per day: ${points.map((p) => `${p.day} ${p.size}`).join(', ')}`}>
          <LineChart h={220} data={points} dataKey="day" series={[{ name: 'size', label: 'People', color: 'teal.6' }]} curveType="linear" withDots={points.length < 40} tickLine="y" />
        </div>
      )}
    </Stack>
  );
}
