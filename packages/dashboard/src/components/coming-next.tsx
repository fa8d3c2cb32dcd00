import { EmptyState, Stack, Title } from '@mantine/core';

/** The honest empty state of a page that is not built yet. */
export function ComingNext({ title, description }: { title: string; description: string }) {
  return (
    <Stack>
      <Title order={1} size="h2">
        {title}
      </Title>
      <EmptyState title="Coming next" description={description} withIndicatorBackground icon={<span aria-hidden>…</span>} py="xl" />
    </Stack>
  );
}
