import { Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { WorkspaceView } from '@rapport/contracts';
import { notifyDone } from '../../components/api-errors.js';
import { FormError } from '../../components/form-error.js';
import { NotLoaded } from '../../components/not-loaded.js';
import { useFormSubmit } from '../../hooks/use-form-submit.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';

/**
 * The intrusiveness budget (the workspace's messaging.promotionalPerDay): one limit per person and day across every
 * promotional message. Owners and admins change it (settings:manage); the others read it.
 */
export function BudgetPanel() {
  const api = useApi();
  const loaded = useLoad('workspace', () => api.call('workspace'));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="budget-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="budget-title">
          Intrusiveness budget
        </Title>
        {loaded.data === undefined ? <NotLoaded loaded={loaded} /> : <BudgetForm key={loaded.data.settings.messaging.promotionalPerDay} workspace={loaded.data} onSaved={loaded.reload} />}
      </Stack>
    </Paper>
  );
}

function BudgetForm({ workspace, onSaved }: { workspace: WorkspaceView; onSaved: () => void }) {
  const api = useApi();
  const canChange = useCan()('settings:manage');
  const form = useForm<{ messaging: { promotionalPerDay: number | string } }>({ initialValues: { messaging: { promotionalPerDay: workspace.settings.messaging.promotionalPerDay } } });
  const { submit, busy, general } = useFormSubmit(form, {
    fields: ['messaging.promotionalPerDay'],
    action: async (values) => {
      const n = values.messaging.promotionalPerDay;
      await api.call('updateWorkspace', { body: { messaging: { promotionalPerDay: n === '' ? Number.NaN : Number(n) } } });
      notifyDone('The budget is saved.');
      onSaved();
    },
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Intrusiveness budget">
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          However many messages qualify, a person sees at most this many promotional ones a day, in their time zone. Service messages do not count; 0 turns promotions off.
        </Text>
        <FormError message={general} />
        <Group align="flex-end" gap="sm">
          <NumberInput label="At most, per person per day" suffix=" promotional messages" min={0} max={100} allowDecimal={false} w={280} readOnly={!canChange} {...form.getInputProps('messaging.promotionalPerDay')} />
          {canChange ? (
            <Button type="submit" loading={busy} disabled={!form.isDirty()}>
              Save the budget
            </Button>
          ) : null}
        </Group>
        {canChange ? null : (
          <Text size="xs" c="dimmed">
            Owners and admins change the budget.
          </Text>
        )}
      </Stack>
    </form>
  );
}
