import { Alert, Anchor, Button, Fieldset, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { UpdateWorkspaceBody, WorkspaceView } from '@rapport/contracts';
import { Link } from 'react-router';
import { notifyDone } from '../../components/api-errors.js';
import { useFormSubmit } from '../../hooks/use-form-submit.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';
import { FormError } from '../../components/form-error.js';
import { NotLoaded } from '../../components/not-loaded.js';

/** Number fields hold '' while empty: for the nullable ones, empty means "no limit". */
type NumberField = number | string;

interface WorkspaceForm {
  name: string;
  retention: { eventsDays: NumberField; rejectedDays: NumberField };
  lifecycle: { newDays: NumberField; atRiskDays: NumberField; lapsedDays: NumberField; churnedDays: NumberField };
  rfm: { windowDays: NumberField; refreshHours: NumberField };
}

const fields = ['name', 'retention.eventsDays', 'retention.rejectedDays', 'lifecycle.newDays', 'lifecycle.atRiskDays', 'lifecycle.lapsedDays', 'lifecycle.churnedDays', 'rfm.windowDays', 'rfm.refreshHours'];

function formOf(w: WorkspaceView): WorkspaceForm {
  const s = w.settings;
  return { name: w.name, retention: { eventsDays: s.retention.eventsDays ?? '', rejectedDays: s.retention.rejectedDays }, lifecycle: { ...s.lifecycle }, rfm: { windowDays: s.rfm.windowDays ?? '', refreshHours: s.rfm.refreshHours } };
}

/** '' is "none" where the API takes null; numbers the API checks itself (and says which field is wrong). */
const nullable = (v: NumberField): number | null => (v === '' ? null : Number(v));
const required = (v: NumberField): number => (v === '' ? Number.NaN : Number(v));

/** Only the sections that changed: changing lifecycle thresholds or retention rebuilds the segments. */
function changesOf(before: WorkspaceForm, after: WorkspaceForm): UpdateWorkspaceBody {
  const body: UpdateWorkspaceBody = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (after.name !== before.name) body.name = after.name;
  if (!same(after.retention, before.retention)) body.retention = { eventsDays: nullable(after.retention.eventsDays), rejectedDays: required(after.retention.rejectedDays) };
  if (!same(after.lifecycle, before.lifecycle)) {
    const l = after.lifecycle;
    body.lifecycle = { newDays: required(l.newDays), atRiskDays: required(l.atRiskDays), lapsedDays: required(l.lapsedDays), churnedDays: required(l.churnedDays) };
  }
  if (!same(after.rfm, before.rfm)) body.rfm = { windowDays: nullable(after.rfm.windowDays), refreshHours: required(after.rfm.refreshHours) };
  return body;
}

/** The workspace's name and settings (GET /api/v1/workspace); owners and admins change them. */
export function WorkspaceSettingsPanel() {
  const api = useApi();
  const loaded = useLoad('workspace', () => api.call('workspace'));
  if (loaded.data === undefined) return <NotLoaded loaded={loaded} />;
  return <WorkspaceSettingsForm key={loaded.data.id + JSON.stringify(loaded.data.settings) + loaded.data.name} workspace={loaded.data} onSaved={loaded.reload} />;
}

function WorkspaceSettingsForm({ workspace, onSaved }: { workspace: WorkspaceView; onSaved: () => void }) {
  const api = useApi();
  const canChange = useCan()('settings:manage');
  const initial = formOf(workspace);
  const form = useForm<WorkspaceForm>({ initialValues: initial });

  const { submit, busy, general } = useFormSubmit(form, {
    fields,
    skip: (values) => Object.keys(changesOf(initial, values)).length === 0,
    action: async (values) => {
      await api.call('updateWorkspace', { body: changesOf(initial, values) });
      notifyDone('The workspace settings are saved.');
      onSaved();
    },
  });

  const number = (path: string, label: string, description: string, options: { optional?: boolean } = {}) => (
    <NumberInput label={label} description={description} min={1} allowDecimal={false} readOnly={!canChange} placeholder={options.optional ? 'no limit' : undefined} {...form.getInputProps(path)} />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={760}>
        {canChange ? null : (
          <Alert color="gray" title="Read only">
            Owners and admins change these settings.
          </Alert>
        )}
        <FormError message={general} />
        <TextInput label="Workspace name" required readOnly={!canChange} {...form.getInputProps('name')} />
        <Fieldset legend="Retention">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {number('retention.eventsDays', 'Raw events (days)', 'Older events are purged; empty keeps them', { optional: true })}
            {number('retention.rejectedDays', 'Rejected payloads (days)', 'How long refused payloads are kept')}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Lifecycle stages (days without activity)">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {number('lifecycle.newDays', 'New', 'First seen at most this many days ago')}
            {number('lifecycle.atRiskDays', 'At risk', 'Inactive for more than this many days')}
            {number('lifecycle.lapsedDays', 'Lapsed', 'Inactive for more than this many days')}
            {number('lifecycle.churnedDays', 'Churned', 'Inactive for more than this many days')}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="RFM model">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {number('rfm.windowDays', 'Window (days)', 'Orders of this many days count; empty: all time', { optional: true })}
            {number('rfm.refreshHours', 'Refresh every (hours)', 'Hours between scheduled refreshes')}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Consent purposes">
          <Table.ScrollContainer minWidth={420}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Purpose</Table.Th>
                  <Table.Th>Id</Table.Th>
                  <Table.Th>Without a choice</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {workspace.settings.purposes.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>
                      <code>{p.id}</code>
                    </Table.Td>
                    <Table.Td>{p.default}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed" mt="xs">
            Purposes and the texts customers see are changed under{' '}
            <Anchor component={Link} to="/privacy?tab=consent">
              Privacy → Consent purposes
            </Anchor>
            .
          </Text>
        </Fieldset>
        {canChange ? (
          <Group>
            <Button type="submit" loading={busy} disabled={!form.isDirty()}>
              Save
            </Button>
            <Button variant="default" disabled={!form.isDirty() || busy} onClick={() => form.reset()}>
              Undo changes
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
