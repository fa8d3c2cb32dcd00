import { Anchor, Code, EmptyState, List, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useCan } from '../../session/session-context.js';

/** What a new shop sees: how to send its first events, and where the key for it is. */
export function FirstEvents() {
  const canSeeKeys = useCan()('keys:manage');
  const origin = window.location.origin;
  return (
    <Paper withBorder p="lg" radius="md">
      <EmptyState
        title="No data yet"
        description="Once your shop sends its first events, this page shows your visitors, their activity and their consent choices."
        py="md"
      />
      <Stack gap="xs" maw={680} mx="auto">
        <Text fw={600}>To get started</Text>
        <List type="ordered" spacing="xs" size="sm">
          <List.Item>
            {canSeeKeys ? (
              <>
                Create a write key in{' '}
                <Anchor component={Link} to="/settings/keys" inherit>
                  Settings → API keys
                </Anchor>{' '}
                and copy it: it is shown once.
              </>
            ) : (
              'Ask an owner or admin of this workspace for a write key (they create it in Settings → API keys).'
            )}
          </List.Item>
          <List.Item>
            Put it in your shop: Rapport takes the events of Segment&apos;s analytics.js and mobile libraries,
            and of the Rapport SDK. Point them at <Code>{origin}</Code>.
          </List.Item>
          <List.Item>
            Or try it by hand:
            <Code block mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {`curl -u WRITE_KEY: ${origin}/v1/track -H 'content-type: application/json' -d '{"event":"Product Viewed","anonymousId":"visitor-1"}'`}
            </Code>
          </List.Item>
        </List>
        <Text size="sm" c="dimmed">
          Events appear here within seconds. The{' '}
          <Anchor href="/docs" target="_blank" inherit>
            API reference
          </Anchor>{' '}
          lists every field; ingestion is described in <Code>docs/ingestion.md</Code>.
        </Text>
      </Stack>
    </Paper>
  );
}
