import { Code, Stack, Table, Text } from '@mantine/core';
import type { ProfileView } from '@rapport/contracts';
import { formatTime } from '../settings/format.js';
import { ProfileSection } from './profile-section.js';

const SHOWN_IDS = 5;

/** A trait's value as text: strings as they are, anything else as JSON. */
function traitText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '—';
}

function IdList({ ids, none }: { ids: readonly string[]; none: string }) {
  if (ids.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {none}
      </Text>
    );
  return (
    <Text size="sm" style={{ wordBreak: 'break-all' }}>
      {ids.slice(0, SHOWN_IDS).join(', ')}
      {ids.length > SHOWN_IDS ? ` and ${ids.length - SHOWN_IDS} more` : ''}
    </Text>
  );
}

/** Who the person is: the identifiers that lead to them and the traits their identify calls set. */
export function ProfileAbout({ profile }: { profile: ProfileView }) {
  const traits = Object.entries(profile.traits).sort(([a], [b]) => a.localeCompare(b));
  const groups = Object.keys(profile.groups);
  const row = (label: string, value: React.ReactNode) => (
    <Table.Tr>
      <Table.Th w="34%" fw={500} style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <ProfileSection
      title="Who"
      note="The identifiers that lead to this person, and what your shop told about them."
    >
      <Table
        variant="vertical"
        layout="fixed"
        withTableBorder={false}
        verticalSpacing={6}
        aria-label="Identifiers"
      >
        <Table.Tbody>
          {row('User ids', <IdList ids={profile.userIds} none="None: not signed in yet" />)}
          {row('Visitor ids', <IdList ids={profile.anonymousIds} none="None" />)}
          {row('First seen', formatTime(profile.features.firstSeenAt))}
          {row('Last seen', formatTime(profile.features.lastSeenAt))}
          {groups.length === 0 ? null : row('Groups', groups.join(', '))}
          {row('Profile id', <Code>{profile.id}</Code>)}
        </Table.Tbody>
      </Table>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Traits
        </Text>
        {traits.length === 0 ? (
          <Text size="sm" c="dimmed">
            No traits yet: they come with identify calls (name, e-mail address, plan…).
          </Text>
        ) : (
          <Table variant="vertical" layout="fixed" verticalSpacing={6} aria-label="Traits">
            <Table.Tbody>
              {traits.map(([key, value]) => (
                <Table.Tr key={key}>
                  <Table.Th w="34%" fw={500} style={{ wordBreak: 'break-word', verticalAlign: 'top' }}>
                    {key}
                  </Table.Th>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{traitText(value)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </ProfileSection>
  );
}
