import { Anchor, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { SegmentPreviewView } from '@rapport/contracts';
import { Link } from 'react-router';
import { PreviewProblem } from '../../components/preview-problem.js';

export type PreviewState =
  | { readonly status: 'idle'; readonly reason: string }
  | { readonly status: 'loading'; readonly last?: SegmentPreviewView | undefined }
  | { readonly status: 'done'; readonly preview: SegmentPreviewView }
  | { readonly status: 'invalid'; readonly message: string }
  | { readonly status: 'failed'; readonly message: string };

const fmt = (n: number) => n.toLocaleString();

/** The live estimate beside the builder: size, who consent leaves out, a sample of members. */
export function PreviewPanel({ state, purpose }: { state: PreviewState; purpose: string | null }) {
  const preview = state.status === 'done' ? state.preview : state.status === 'loading' ? state.last : undefined;
  return (
    <Paper withBorder p="md" radius="md" aria-live="polite" aria-label="Preview">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Who matches now
          </Title>
          {state.status === 'loading' ? <Loader size="xs" aria-label="Updating the preview" /> : null}
        </Group>
        {state.status === 'idle' ? (
          <Text size="sm" c="dimmed">
            {state.reason}
          </Text>
        ) : null}
        <PreviewProblem state={state} />
        {preview === undefined ? null : (
          <>
            <Text size="xl" fw={700} data-testid="preview-size">
              {fmt(preview.size)} {preview.size === 1 ? 'person' : 'people'}
            </Text>
            <Text size="sm" c="dimmed">
              of {fmt(preview.total)} in the shop{preview.total === 0 ? '' : ` (${((100 * preview.size) / preview.total).toFixed(1)} %)`}
            </Text>
            {purpose !== null && preview.excludedForConsent > 0 ? (
              <Text size="sm">
                {fmt(preview.excludedForConsent)} more match the rule but do not agree to {purpose}: they are left out.
              </Text>
            ) : null}
            {preview.sample.length === 0 ? null : (
              <Stack gap={2}>
                <Text size="sm" fw={600}>
                  For example
                </Text>
                {preview.sample.map((m) => (
                  <Anchor key={m.profileId} component={Link} to={`/profiles/${encodeURIComponent(m.profileId)}`} size="sm">
                    {m.email ?? m.userId ?? m.anonymousId ?? m.profileId}
                  </Anchor>
                ))}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
