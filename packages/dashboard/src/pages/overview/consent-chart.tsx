import { BarChart } from '@mantine/charts';
import { Table } from '@mantine/core';
import type { StatsConsent } from '@rapport/contracts';
import { ChartCard } from './daily-charts.js';
import { count, percent } from './format.js';

/** `personalization` → "Personalization". */
const purposeLabel = (id: string) => `${id[0]?.toUpperCase() ?? ''}${id.slice(1)}`;

/** Each purpose's people who granted it, denied it or never chose (the default applies to them). */
export function ConsentChart({ consent }: { consent: readonly StatsConsent[] }) {
  const data = consent.map((c) => ({
    purpose: purposeLabel(c.purpose),
    granted: c.granted,
    denied: c.denied,
    unknown: c.unknown,
  }));
  return (
    <ChartCard
      title="Consent per purpose"
      summary="What people chose for each purpose. Those who never chose get the purpose's default."
      testId="chart-consent"
    >
      <BarChart
        h={70 + 44 * consent.length}
        data={data}
        dataKey="purpose"
        type="stacked"
        orientation="vertical"
        yAxisProps={{ width: 110 }}
        series={[
          { name: 'granted', label: 'Allowed', color: 'teal.6' },
          { name: 'denied', label: 'Refused', color: 'red.6' },
          { name: 'unknown', label: 'No choice yet', color: 'gray.4' },
        ]}
        withLegend
        gridAxis="x"
        xAxisProps={{ allowDecimals: false }}
        accessibilityLayer
      />

      <Table fz="sm" aria-label="Consent per purpose">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Purpose</Table.Th>
            <Table.Th>Without a choice</Table.Th>
            <Table.Th>Allowed for</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {consent.map((c) => (
            <Table.Tr key={c.purpose}>
              <Table.Td>{purposeLabel(c.purpose)}</Table.Td>
              <Table.Td>{c.default === 'granted' ? 'allowed' : 'refused'}</Table.Td>
              <Table.Td>
                {percent(c.grantedRate)}{' '}
                <span style={{ opacity: 0.6 }}>
                  ({count(c.granted)} chose it
                  {c.default === 'granted' ? `, ${count(c.unknown)} by default` : ''})
                </span>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ChartCard>
  );
}
