import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ProfileFeaturesView, ProfileView } from '@rapport/contracts';
import { formatMoney, timeAgo } from './person-words.js';
import { ProfileSection } from './profile-section.js';

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Stack gap={0} miw={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg" style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
      {hint === undefined ? null : (
        <Text size="xs" c="dimmed" truncate>
          {hint}
        </Text>
      )}
    </Stack>
  );
}

const joined = (...parts: (string | null | undefined)[]) =>
  parts.filter((p): p is string => p !== null && p !== undefined && p !== '').join(' ');

/** The device of the latest events, in words: "iPhone 15 · iOS 18.1 · Safari 18", or null when none was told. */
export function deviceWords(f: ProfileFeaturesView): string | null {
  const parts = [
    joined(f.device?.manufacturer, f.device?.model) || f.device?.type || null,
    joined(f.os?.name, f.os?.version) || null,
    joined(f.browser?.name, f.browser?.version) || null,
    f.app === null ? null : joined(f.app.name, f.app.version) || null,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? null : parts.join(' · ');
}

function placeWords(f: ProfileFeaturesView): string | null {
  const l = f.location;
  if (l === null) return null;
  const named = [l.city, l.region, l.country].filter((p): p is string => p !== null && p !== '');
  if (named.length > 0) return named.join(', ');
  return l.latitude === null || l.longitude === null ? null : `${l.latitude}, ${l.longitude}`;
}

/** What the person did: orders and revenue, visits, what they looked at, the device and place of their latest events. */
export function ProfileActivity({ profile }: { profile: ProfileView }) {
  const f = profile.features;
  const views = f.pageViews + f.screenViews;
  const device = deviceWords(f);
  const place = placeWords(f);
  return (
    <ProfileSection title="Activity" note="Computed from their events as they arrive.">
      <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="md" verticalSpacing="md">
        <Stat
          label="Orders"
          value={String(f.orders)}
          hint={f.lastOrderAt === null ? 'none yet' : `last ${timeAgo(f.lastOrderAt)}`}
        />
        <Stat
          label="Revenue"
          value={formatMoney(f.revenue, f.currency)}
          hint={f.refunds > 0 ? `${formatMoney(f.netRevenue, f.currency)} after refunds` : undefined}
        />
        <Stat label="Average order" value={formatMoney(f.averageOrderValue, f.currency)} />
        <Stat
          label="Visits"
          value={String(f.sessions)}
          hint={`${views} page${views === 1 ? '' : 's'} viewed`}
        />
        <Stat
          label="Products viewed"
          value={String(f.products.viewed)}
          hint={`${f.products.added} added to cart`}
        />
        <Stat label="Last seen" value={timeAgo(f.lastSeenAt)} />
      </SimpleGrid>
      <Stack gap={4}>
        <Text size="sm">
          <Text span c="dimmed">
            Device:{' '}
          </Text>
          {device ?? 'not known'}
          {f.platform === null ? '' : ` (${f.platform})`}
        </Text>
        <Text size="sm">
          <Text span c="dimmed">
            Location:{' '}
          </Text>
          {place ?? 'not known'}
        </Text>
        <Text size="sm">
          <Text span c="dimmed">
            Language and time zone:{' '}
          </Text>
          {joined(f.locale, f.timezone === null ? null : `· ${f.timezone}`) || 'not known'}
        </Text>
      </Stack>
    </ProfileSection>
  );
}
