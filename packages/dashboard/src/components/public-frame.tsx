import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of the pages seen before signing in: the name, a title, and one card. */
export function PublicFrame({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} w="100%" maw={440}>
        <Stack>
          <Text fw={700} c="teal.8">
            Rapport
          </Text>
          <Title order={1} size="h2">
            {title}
          </Title>
          {intro === undefined ? null : <Text c="dimmed">{intro}</Text>}
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
