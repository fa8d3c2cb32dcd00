import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { ProfileView } from '@rapport/contracts';
import { ProfileSection } from './profile-section.js';

const SHOWN = 8;

/** The categories the person cares about most (their recency-weighted share of interest), as a bar chart. */
export function ProfileInterests({ profile }: { profile: ProfileView }) {
  const shares = Object.entries(profile.features.categoryAffinity)
    .sort(([, a], [, b]) => b - a)
    .slice(0, SHOWN)
    .map(([category, share]) => ({ category, share: Math.round(share * 1000) / 10 }));
  const consents = profile.consent['personalization']?.granted !== false;
  const words = shares.map((s) => `${s.category} ${s.share}%`).join(', ');
  return (
    <ProfileSection
      title="Interests"
      note="Share of their interest per category: recent views, adds to cart and purchases weigh most."
    >
      {shares.length === 0 ? (
        <Text size="sm" c="dimmed">
          {consents
            ? 'No interest yet: it grows as they view, add and buy products that have a category.'
            : 'Not kept: this person does not consent to personalization.'}
        </Text>
      ) : (
        <>
          <div role="img" aria-label={`Interest per category: ${words}`}>
            <BarChart
              h={44 + shares.length * 34}
              data={shares}
              dataKey="category"
              orientation="vertical"
              series={[{ name: 'share', label: 'Share of interest', color: 'teal.6' }]}
              valueFormatter={(v) => `${v}%`}
              withBarValueLabel
              gridAxis="none"
              withXAxis={false}
              yAxisProps={{ width: 110 }}
              tooltipAnimationDuration={0}
              barChartProps={{ accessibilityLayer: false }}
            />
          </div>
          <Text size="xs" c="dimmed">
            Strongest: {shares[0]?.category} ({shares[0]?.share}%).
          </Text>
        </>
      )}
    </ProfileSection>
  );
}
