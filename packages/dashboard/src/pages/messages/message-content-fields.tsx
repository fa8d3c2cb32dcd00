import { ActionIcon, Button, Fieldset, Group, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { rowId } from '../placements/audience-form.js';
import type { MessageForm } from './message-form.js';

type Content = MessageForm['content'];

/** What the message says: title, body, image and up to two buttons, each text a Liquid template. */
export function MessageContentFields({ value, onChange, problem }: { value: Content; onChange: (next: Content) => void; problem: (path: string) => string | undefined }) {
  const set = <K extends keyof Content>(name: K, v: Content[K]) => onChange({ ...value, [name]: v });
  const setButton = (i: number, patch: Partial<Content['buttons'][number]>) => set('buttons', value.buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };
  return (
    <Fieldset legend="Content" p="sm">
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          Every text is a Liquid template, filled in for each person when the message is sent: {'{{ profile.firstName | default: "Hello" }}'}, {'{{ message.name }}'}.
        </Text>
        <Textarea label="Title" required autosize minRows={1} styles={mono} value={value.title} onChange={(e) => set('title', e.currentTarget.value)} error={problem('content.title')} />
        <Textarea label="Body" autosize minRows={2} styles={mono} value={value.body} onChange={(e) => set('body', e.currentTarget.value)} error={problem('content.body')} />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput label="Image URL" miw={200} styles={mono} value={value.imageUrl} onChange={(e) => set('imageUrl', e.currentTarget.value)} error={problem('content.imageUrl')} />
          <TextInput label="Image description" description="For screen readers; empty: decorative" miw={200} value={value.imageAlt} onChange={(e) => set('imageAlt', e.currentTarget.value)} error={problem('content.imageAlt')} />
        </Group>
        {problem('content.buttons') === undefined ? null : (
          <Text size="sm" c="red">
            {problem('content.buttons')}
          </Text>
        )}
        {value.buttons.map((b, i) => (
          <Group key={b.id} gap="xs" align="flex-start" wrap="wrap" role="group" aria-label={`Button ${i + 1}`}>
            <TextInput label={`Button ${i + 1}`} w={160} styles={mono} value={b.text} onChange={(e) => setButton(i, { text: e.currentTarget.value })} error={problem(`content.buttons.${i}.text`)} />
            <NativeSelect
              label="Does"
              w={190}
              data={[
                { value: 'open_url', label: 'Opens a URL' },
                { value: 'dismiss', label: 'Closes the message' },
              ]}
              value={b.action}
              onChange={(e) => setButton(i, { action: e.currentTarget.value === 'open_url' ? 'open_url' : 'dismiss' })}
              error={problem(`content.buttons.${i}.action`)}
            />
            {b.action === 'open_url' ? (
              <TextInput label="URL" style={{ flex: '1 1 120px' }} styles={mono} placeholder="/cart" value={b.url} onChange={(e) => setButton(i, { url: e.currentTarget.value })} error={problem(`content.buttons.${i}.url`)} />
            ) : null}
            <ActionIcon variant="subtle" color="gray" mt={26} size="lg" aria-label={`Remove button ${i + 1}`} onClick={() => set('buttons', value.buttons.filter((_, j) => j !== i))}>
              ✕
            </ActionIcon>
          </Group>
        ))}
        <div>
          <Button variant="light" size="xs" disabled={value.buttons.length >= 2} onClick={() => set('buttons', [...value.buttons, { id: rowId(), text: '', action: 'open_url', url: '' }])}>
            Add a button
          </Button>
        </div>
      </Stack>
    </Fieldset>
  );
}
