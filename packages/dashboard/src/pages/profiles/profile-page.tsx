import { Alert, Anchor, Badge, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ProfileView } from '@rapport/contracts';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/index.js';
import { messageOf } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { lifecycleWords, personName, textTrait } from './person-words.js';
import { PrivacyActions } from './privacy-actions.js';
import { ProfileAbout } from './profile-about.js';
import { ProfileActivity } from './profile-activity.js';
import { ProfileConsent } from './profile-consent.js';
import { ProfileInterests } from './profile-interests.js';
import { ProfileRecommendations } from './profile-recommendations.js';
import { ProfileSegments } from './profile-segments.js';
import { ProfileTimeline } from './profile-timeline.js';
import { ProfileValue } from './profile-value.js';

function BackLink() {
  return (
    <Anchor component={Link} to="/profiles" size="sm">
      ← All people
    </Anchor>
  );
}

/** One person (/profiles/:id, by profile id, userId or anonymousId): who they are, what they did, why they are where. */
export function ProfilePage() {
  const { id = '' } = useParams();
  const api = useApi();
  const profile = useLoad(`profile:${id}`, () => api.call('profile', { params: { id }, query: {} }));

  if (profile.data === undefined) {
    if (profile.error === undefined) return <Loader aria-label="Loading" />;
    const gone = profile.error instanceof ApiError && profile.error.code === 'ERR_PROFILE_NOT_FOUND';
    return (
      <Stack>
        <BackLink />
        <Alert color={gone ? 'gray' : 'red'} title={gone ? 'Nobody here' : undefined}>
          {gone
            ? 'Rapport knows nobody by this id: the person may have been erased, or the link is wrong.'
            : messageOf(profile.error)}
        </Alert>
      </Stack>
    );
  }
  return <Person profile={profile.data} />;
}

function Person({ profile }: { profile: ProfileView }) {
  const email = textTrait(profile.traits, 'email');
  const name = personName({
    name: textTrait(profile.traits, 'name'),
    email,
    userIds: profile.userIds,
    anonymousIds: profile.anonymousIds,
  });
  const stage = profile.lifecycleStage === null ? undefined : lifecycleWords[profile.lifecycleStage];
  return (
    <Stack>
      <BackLink />
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} miw={0}>
          <Title order={1} size="h2" style={{ wordBreak: 'break-word' }}>
            {name}
          </Title>
          {email === null || email === name ? null : <Text c="dimmed">{email}</Text>}
          <Group gap={6}>
            <Badge variant="light" color={profile.userIds.length > 0 ? 'teal' : 'gray'}>
              {profile.userIds.length > 0 ? 'Identified' : 'Anonymous'}
            </Badge>
            {stage === undefined ? null : (
              <Badge variant="light" color={stage.color}>
                {stage.label}
              </Badge>
            )}
            {profile.rfm === null ? null : <Badge variant="outline">{profile.rfm.segment}</Badge>}
          </Group>
        </Stack>
        <PrivacyActions profileId={profile.id} name={name} />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="md">
        <Stack gap="md" miw={0}>
          <ProfileAbout profile={profile} />
          <ProfileActivity profile={profile} />
          <ProfileValue profile={profile} />
          <ProfileInterests profile={profile} />
        </Stack>
        <Stack gap="md" miw={0}>
          <ProfileSegments profileId={profile.id} />
          <ProfileRecommendations profile={profile} />
          <ProfileConsent profileId={profile.id} />
          <ProfileTimeline profileId={profile.id} />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
