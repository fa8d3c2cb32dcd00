import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { WorkspaceView } from '@rapport/contracts';
import { notifyDone } from '../../components/api-errors.js';
import { useFormSubmit } from '../../hooks/use-form-submit.js';
import { useApi, useCan } from '../../session/session-context.js';

/** Number fields hold '' while empty: for raw events, empty means "keep them". */
type NumberField = number | string;
const fields = ['retention.eventsDays', 'retention.rejectedDays'];

/** How long events and refused payloads are kept (PATCH /api/v1/workspace `retention`); read only without settings:manage. */
export function RetentionForm({ workspace, onSaved }: { workspace: WorkspaceView; onSaved: () => void }) {
  const api = useApi();
  const canChange = useCan()('settings:manage');
  const r = workspace.settings.retention;
  const form = useForm<{ retention: { eventsDays: NumberField; rejectedDays: NumberField } }>({
    initialValues: { retention: { eventsDays: r.eventsDays ?? '', rejectedDays: r.rejectedDays } },
  });

  const { submit, busy, general } = useFormSubmit(form, {
    fields,
    action: async ({ retention }) => {
      // An empty "refused payloads" goes as NaN, which JSON sends as null: the API refuses it next to the field.
      const rejectedDays = retention.rejectedDays === '' ? Number.NaN : Number(retention.rejectedDays);
      await api.call('updateWorkspace', {
        body: {
          retention: {
            eventsDays: retention.eventsDays === '' ? null : Number(retention.eventsDays),
            rejectedDays,
          },
        },
      });
      notifyDone('The retention is saved.');
      onSaved();
    },
  });

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="retention-title">
      <form onSubmit={submit} noValidate>
        <Stack maw={760}>
          <div>
            <Title order={2} size="h4" id="retention-title">
              Retention
            </Title>
            <Text size="sm" c="dimmed">
              How long Rapport keeps raw data. Older data is purged every hour; profiles keep their totals
              (orders, interests).
            </Text>
          </div>
          {canChange ? null : (
            <Alert color="gray" title="Read only">
              Owners and admins change the retention.
            </Alert>
          )}
          {general === undefined ? null : (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label="Events (days)"
              description="Events older than this are deleted; empty keeps them all"
              placeholder="keep them"
              min={1}
              allowDecimal={false}
              readOnly={!canChange}
              {...form.getInputProps('retention.eventsDays')}
            />
            <NumberInput
              label="Refused payloads (days)"
              description="How long refused payloads are kept to find what went wrong"
              min={1}
              allowDecimal={false}
              readOnly={!canChange}
              {...form.getInputProps('retention.rejectedDays')}
            />
          </SimpleGrid>
          {canChange ? (
            <Group>
              <Button type="submit" loading={busy} disabled={!form.isDirty()}>
                Save retention
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
