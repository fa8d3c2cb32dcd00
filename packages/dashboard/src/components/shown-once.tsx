import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';

/** A secret the API shows only once (an invitation link, a new key), with a button that copies it. */
export function ShownOnce({ title, value, note, onDone }: { title: string; value: string; note: string; onDone: () => void }) {
  return (
    <Alert color="yellow" title={title} role="status">
      <Stack gap="xs">
        <Text size="sm">{note}</Text>
        <Code block data-testid="shown-once" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {value}
        </Code>
        <Group gap="xs">
          <CopyButton value={value}>{({ copied, copy }) => <Button size="xs" onClick={copy} color={copied ? 'teal' : 'dark'}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
          <Button size="xs" variant="subtle" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
