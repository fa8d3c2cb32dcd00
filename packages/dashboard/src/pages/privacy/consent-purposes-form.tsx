import {
  Alert,
  Button,
  Code,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Purpose, WorkspaceView } from '@rapport/contracts';
import { notifyDone } from '../../components/api-errors.js';
import { useFormSubmit } from '../../hooks/use-form-submit.js';
import { useApi, useCan } from '../../session/session-context.js';

/** A purpose of the form: `isNew` until saved, because only a new purpose's id may be typed. */
type PurposeRow = Purpose & { isNew?: boolean };

const defaults = [
  { value: 'granted', label: 'Allowed until they refuse (opt-out)' },
  { value: 'denied', label: 'Refused until they agree (opt-in)' },
];

/** The field paths of the API's errors about purposes (`/purposes/1/name` → `purposes.1.name`). */
function fieldsOf(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    ['id', 'name', 'description', 'default', 'aliases'].map((f) => `purposes.${i}.${f}`),
  ).flat();
}

/** The consent purposes and the texts customers see (PATCH /api/v1/workspace with the whole list); read only without settings:manage. */
export function ConsentPurposesForm({
  workspace,
  onSaved,
}: {
  workspace: WorkspaceView;
  onSaved: () => void;
}) {
  const api = useApi();
  const canChange = useCan()('settings:manage');
  const form = useForm<{ purposes: PurposeRow[] }>({
    initialValues: { purposes: workspace.settings.purposes },
  });

  const { submit, busy, general } = useFormSubmit(form, {
    fields: ({ purposes }) => fieldsOf(purposes.length),
    action: async ({ purposes }) => {
      await api.call('updateWorkspace', {
        body: {
          purposes: purposes.map(({ isNew: _isNew, ...p }) => ({
            ...p,
            id: p.id.trim(),
            name: p.name.trim(),
          })),
        },
      });
      notifyDone('The consent purposes are saved.');
      onSaved();
    },
  });

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="purposes-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={2} size="h4" id="purposes-title">
              Consent purposes
            </Title>
            <Text size="sm" c="dimmed">
              What people can allow or refuse. The name and the text are what your customers read; the names
              of your consent tool&apos;s categories link its choices to a purpose.
            </Text>
          </div>
          {canChange ? null : (
            <Alert color="gray" title="Read only">
              Owners and admins change the consent purposes.
            </Alert>
          )}
          {general === undefined ? null : (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          {form.values.purposes.map((p, i) => (
            <Paper
              key={form.key(`purposes.${i}`)}
              withBorder
              p="sm"
              radius="sm"
              role="group"
              aria-label={p.isNew ? `New purpose ${i + 1}` : `Purpose ${p.id}`}
            >
              <Stack gap="xs">
                <Group justify="space-between">
                  {p.isNew ? (
                    <TextInput
                      label="Id"
                      description="Lower case, used by the API; cannot change once saved"
                      required
                      {...form.getInputProps(`purposes.${i}.id`)}
                    />
                  ) : (
                    <Code>{p.id}</Code>
                  )}
                  {canChange && form.values.purposes.length > 1 ? (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => form.removeListItem('purposes', i)}
                      aria-label={`Remove the purpose ${p.name || p.id}`}
                    >
                      Remove
                    </Button>
                  ) : null}
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    label="Name"
                    required
                    readOnly={!canChange}
                    {...form.getInputProps(`purposes.${i}.name`)}
                  />
                  <Select
                    label="Without a choice"
                    data={defaults}
                    allowDeselect={false}
                    readOnly={!canChange}
                    {...form.getInputProps(`purposes.${i}.default`)}
                  />
                </SimpleGrid>
                <Textarea
                  label="Text shown to customers"
                  autosize
                  minRows={2}
                  readOnly={!canChange}
                  {...form.getInputProps(`purposes.${i}.description`)}
                />
                <TagsInput
                  label="Categories of your consent tool"
                  description="Press Enter after each name, e.g. Functional or C0003"
                  readOnly={!canChange}
                  {...form.getInputProps(`purposes.${i}.aliases`)}
                />
              </Stack>
            </Paper>
          ))}
          {canChange ? (
            <Group>
              <Button type="submit" loading={busy} disabled={!form.isDirty()}>
                Save purposes
              </Button>
              <Button
                variant="default"
                onClick={() =>
                  form.insertListItem('purposes', {
                    id: '',
                    name: '',
                    description: '',
                    default: 'denied',
                    aliases: [],
                    isNew: true,
                  })
                }
              >
                Add a purpose
              </Button>
              <Button variant="subtle" disabled={!form.isDirty() || busy} onClick={() => form.reset()}>
                Undo changes
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
