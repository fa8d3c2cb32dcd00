import { Alert, Group, Loader, Stack, Text } from '@mantine/core';
import type { ProfileView } from '@rapport/contracts';
import { messageOf } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { formatMoney } from './person-words.js';
import { ProfileSection } from './profile-section.js';

const SHOWN = 6;

/**
 * What Rapport would recommend to this person now (the `hybrid` strategy: their own history, what people like them
 * bought, and what is popular), each with the sentence the shop can show next to it.
 */
export function ProfileRecommendations({ profile }: { profile: ProfileView }) {
  const api = useApi();
  const userId = profile.userIds[0];
  const anonymousId = profile.anonymousIds[0];
  const person = userId !== undefined ? { userId } : anonymousId !== undefined ? { anonymousId } : undefined;
  const recs = useLoad(`recs:${profile.id}`, async () =>
    person === undefined
      ? undefined
      : api.call('profileRecommendations', { body: { strategy: 'hybrid', limit: SHOWN, ...person } }),
  );

  const note = 'What your shop would show them now, and the reason it gives.';
  if (recs.data === undefined) {
    return (
      <ProfileSection title="Recommendations" note={note}>
        {recs.loading ? (
          <Loader size="sm" aria-label="Loading recommendations" />
        ) : recs.error === undefined ? (
          <Text size="sm">No identifier to ask for.</Text>
        ) : (
          <Alert color="red">{messageOf(recs.error)}</Alert>
        )}
      </ProfileSection>
    );
  }
  const { items, personalized } = recs.data;
  return (
    <ProfileSection title="Recommendations" note={note}>
      {personalized ? null : (
        <Alert color="yellow" title="Not personalized">
          {profile.consent['personalization']?.granted === false
            ? 'This person does not consent to personalization: they get what is popular in the shop, not picks from their own history.'
            : 'Not enough of their own history yet: they get what is popular in the shop.'}
        </Alert>
      )}
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing to recommend yet: recommendations need products in the catalog and some orders or views.
        </Text>
      ) : (
        <Stack
          component="ol"
          gap="xs"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label="Recommended products"
        >
          {items.map((item) => (
            <Stack component="li" key={item.productId} gap={0}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} truncate>
                  {item.name}
                </Text>
                <Text size="sm" style={{ flexShrink: 0 }}>
                  {formatMoney(item.price, item.currency)}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                {item.reason.sentence}
                {item.category === null ? '' : ` · ${item.category}`}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </ProfileSection>
  );
}
