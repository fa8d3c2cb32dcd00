import { Badge, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ProfileView, RfmSegmentName } from '@rapport/contracts';
import { formatTime } from '../settings/format.js';
import { formatMoney, lifecycleWords } from './person-words.js';
import { ProfileSection } from './profile-section.js';

/** What each named RFM segment means for the shop (docs/rfm.md, "Named segments"). */
const rfmMeaning: Record<RfmSegmentName, string> = {
  Hibernating: 'Bought rarely, and long ago.',
  'At Risk': 'Bought several times, but not for a while.',
  "Can't Lose Them": 'One of the most frequent buyers, gone quiet: worth winning back.',
  'About to Sleep': 'Bought now and then; fading.',
  'Need Attention': 'An average customer, neither recent nor gone.',
  'Loyal Customers': 'Buys often.',
  Promising: 'Bought recently, once.',
  'New Customers': 'Bought for the first time, very recently.',
  'Potential Loyalists': 'Recent buyer who has ordered a few times.',
  Champions: 'Bought recently and often: your best customers.',
};

function isRfmName(name: string): name is RfmSegmentName {
  return Object.hasOwn(rfmMeaning, name);
}

function Score({
  letter,
  label,
  score,
  detail,
}: {
  letter: string;
  label: string;
  score: number;
  detail: string;
}) {
  return (
    <Stack gap={4} miw={0}>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Text size="sm" fw={700} aria-label={`${label} score ${score} of 5`}>
          {letter} {score}
        </Text>
      </Group>
      <Progress value={score * 20} size="sm" color="teal" aria-hidden />
      <Text size="xs" c="dimmed">
        {detail}
      </Text>
    </Stack>
  );
}

/** The person as a customer: their lifecycle stage now, and their scores in the last refresh of the RFM model. */
export function ProfileValue({ profile }: { profile: ProfileView }) {
  const stage = profile.lifecycleStage === null ? undefined : lifecycleWords[profile.lifecycleStage];
  const rfm = profile.rfm;
  return (
    <ProfileSection
      title="As a customer"
      note="Lifecycle stage from their activity; RFM scores from 1 to 5 (5 is best), against your other customers."
    >
      <Group gap="xs" align="center">
        <Text size="sm" c="dimmed">
          Lifecycle stage:
        </Text>
        {stage === undefined ? (
          <Text size="sm">not known (never seen)</Text>
        ) : (
          <>
            <Badge color={stage.color} variant="light">
              {stage.label}
            </Badge>
            <Text size="sm">{stage.meaning}</Text>
          </>
        )}
      </Group>
      {rfm === null ? (
        <Text size="sm" c="dimmed">
          No RFM score yet: identified people with an order get one when the RFM model is next refreshed (on
          the schedule of the workspace settings).
        </Text>
      ) : (
        <Stack gap="sm">
          <Group gap="xs" align="center">
            <Text size="sm" c="dimmed">
              RFM segment:
            </Text>
            <Badge variant="filled" color="teal">
              {rfm.segment}
            </Badge>
            <Text size="sm">{isRfmName(rfm.segment) ? rfmMeaning[rfm.segment] : ''}</Text>
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
            <Score
              letter="R"
              label="Recency"
              score={rfm.r}
              detail={`last order ${rfm.recencyDays} day${rfm.recencyDays === 1 ? '' : 's'} before the refresh`}
            />
            <Score
              letter="F"
              label="Frequency"
              score={rfm.f}
              detail={`${rfm.frequency} order${rfm.frequency === 1 ? '' : 's'}`}
            />
            <Score
              letter="M"
              label="Money"
              score={rfm.m}
              detail={`${formatMoney(rfm.monetary, profile.features.currency)} spent`}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Scored {formatTime(rfm.computedAt)}.
          </Text>
        </Stack>
      )}
    </ProfileSection>
  );
}
