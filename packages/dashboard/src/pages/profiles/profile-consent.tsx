import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { ConsentSource } from '@rapport/contracts';
import { useState } from 'react';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { formatTime } from '../settings/format.js';
import { ProfileSection } from './profile-section.js';
import { NotLoaded } from '../../components/not-loaded.js';

const sourceWords: Record<ConsentSource, string> = {
  default: 'not chosen: the workspace’s default',
  event: 'chosen in your shop (consent banner)',
  api: 'recorded through the API',
  import: 'imported',
};

/** What the person agreed to, per purpose, and every change of it. */
export function ProfileConsent({ profileId }: { profileId: string }) {
  const api = useApi();
  const consent = useLoad(`consent:${profileId}`, () =>
    api.call('profileConsent', { params: { id: profileId } }),
  );
  // The purposes' names; their ids are enough when the workspace cannot be read.
  const workspace = useLoad('workspace', () => api.call('workspace'));
  const [showHistory, setShowHistory] = useState(false);
  const nameOf = (id: string) => workspace.data?.settings.purposes.find((p) => p.id === id)?.name ?? id;

  if (consent.data === undefined) {
    return (
      <ProfileSection title="Consent">
        <NotLoaded loaded={consent} />
      </ProfileSection>
    );
  }
  const { purposes, history } = consent.data;
  return (
    <ProfileSection
      title="Consent"
      note="What this person agreed to. Rapport only uses their data for a purpose they consent to."
    >
      <Table verticalSpacing={6} aria-label="Consent per purpose">
        <Table.Tbody>
          {Object.entries(purposes).map(([id, state]) => (
            <Table.Tr key={id}>
              <Table.Th fw={500}>
                {nameOf(id)}
                <Text size="xs" c="dimmed" fw={400}>
                  {sourceWords[state.source]}
                  {state.at === null ? '' : `, ${formatTime(state.at)}`}
                </Text>
              </Table.Th>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Badge
                  variant="light"
                  color={state.granted ? 'teal' : 'red'}
                  miw={44}
                  styles={{ label: { overflow: 'visible' } }}
                >
                  {state.granted ? 'Yes' : 'No'}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {history.length === 0 ? (
        <Text size="xs" c="dimmed">
          No choice recorded: the defaults apply.
        </Text>
      ) : (
        <Stack gap={4}>
          <Group>
            <Button
              variant="subtle"
              size="xs"
              px={0}
              aria-expanded={showHistory}
              onClick={() => setShowHistory(!showHistory)}
            >
              {showHistory
                ? 'Hide the history'
                : `History (${history.length} change${history.length === 1 ? '' : 's'})`}
            </Button>
          </Group>
          {showHistory ? (
            <Stack
              gap={2}
              component="ul"
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
              aria-label="Consent history"
            >
              {[...history]
                .sort((a, b) => b.at.localeCompare(a.at))
                .map((c, i) => (
                  <Text component="li" size="sm" key={`${c.recordedAt}-${c.purpose}-${i}`}>
                    {formatTime(c.at)}: {c.granted ? 'agreed to' : 'refused'} {nameOf(c.purpose)}{' '}
                    <Text span size="xs" c="dimmed">
                      ({sourceWords[c.source]})
                    </Text>
                  </Text>
                ))}
            </Stack>
          ) : null}
        </Stack>
      )}
    </ProfileSection>
  );
}
