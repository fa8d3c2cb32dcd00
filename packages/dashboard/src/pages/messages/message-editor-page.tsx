import { Grid, Input, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { messageFormats, type InAppMessageView, type MessageFormat } from '@rapport/contracts';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/index.js';
import { messageOf, notifyDone, notifyFailure } from '../../components/api-errors.js';
import { FormError } from '../../components/form-error.js';
import { NotLoaded } from '../../components/not-loaded.js';
import { PhoneFrame } from '../../components/phone-frame.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';
import { AudienceFields, type AudienceChoices } from '../placements/audience-fields.js';
import { problemsOf } from '../placements/placement-form.js';
import { EditorActions, EditorHeading } from '../../components/editor-actions.js';
import { MessageContentFields } from './message-content-fields.js';
import { createBodyOf, emptyMessageForm, formPathOf, messageFormOf, previewMessageOf, unclearable, updateBodyOf, type MessageForm } from './message-form.js';
import { DeliveryFields, TriggerFields } from './message-rules-fields.js';
import { formatLabels } from './message-words.js';

interface Loaded {
  readonly message: InAppMessageView | undefined;
  readonly choices: AudienceChoices;
  readonly purposes: readonly { id: string; name: string }[];
}

/** /messages/new and /messages/:id (an id or a key): the message's form beside the message in a phone. */
export function MessageEditorPage() {
  const { id } = useParams();
  const api = useApi();
  const loaded = useLoad(`message-editor:${id ?? ''}`, async (): Promise<Loaded> => {
    const [message, segments, geofences, workspace] = await Promise.all([
      id === undefined ? Promise.resolve(undefined) : api.call('inAppMessage', { params: { id } }),
      api.call('segments'),
      api.call('geofences').catch(() => ({ items: [] })),
      api.call('workspace'),
    ]);
    return {
      message,
      choices: { segments: segments.items.map((s) => ({ value: s.id, label: s.name })), geofences: geofences.items.map((g) => ({ value: g.key, label: g.name })) },
      purposes: workspace.settings.purposes.map((p) => ({ id: p.id, name: p.name })),
    };
  });
  if (loaded.data === undefined) return <NotLoaded loaded={loaded} />;
  return <MessageEditor key={loaded.data.message?.updatedAt ?? 'new'} saved={loaded.data.message} choices={loaded.data.choices} purposes={loaded.data.purposes} onSaved={loaded.reload} />;
}

function MessageEditor({ saved, choices, purposes, onSaved }: { saved: InAppMessageView | undefined; choices: AudienceChoices; purposes: Loaded['purposes']; onSaved: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const canWrite = useCan()('placements:write');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<{ message: string; list: string[] } | undefined>();
  const [busy, setBusy] = useState(false);
  // A change to a field takes its problem away: the rest stay until the next save.
  const form = useForm<MessageForm>({ initialValues: saved === undefined ? emptyMessageForm() : messageFormOf(saved) });
  const v = form.values;
  const problem = (path: string) => fields[path];
  // The phone follows typing a moment later, so that a modal is not drawn again at every key.
  const [previewed] = useDebouncedValue(JSON.stringify(previewMessageOf(v)), 300);
  const change = <K extends keyof MessageForm>(name: K, value: MessageForm[K]) => {
    form.setValues({ [name]: value } as Partial<MessageForm>);
    setFields((current) => Object.fromEntries(Object.entries(current).filter(([path]) => path !== name && !path.startsWith(`${name}.`))));
  };

  const save = async () => {
    setGeneral(undefined);
    const kept = saved === undefined ? {} : unclearable(saved, v);
    setFields(kept);
    if (Object.keys(kept).length > 0) return setGeneral({ message: 'The message was not saved: see the fields marked in red.', list: [] });
    setBusy(true);
    try {
      if (saved === undefined) {
        const created = await api.call('createInAppMessage', { body: createBodyOf(v) });
        notifyDone(`The message “${created.name}” is saved.`);
        void navigate(`/messages/${encodeURIComponent(created.key)}`);
      } else {
        await api.call('updateInAppMessage', { params: { id: saved.id }, body: updateBodyOf(v) });
        notifyDone(`The message “${v.name.trim()}” is saved.`);
        onSaved();
      }
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        const found = problemsOf(error.details, (p) => formPathOf(p, v));
        setFields(found.fields);
        setGeneral({ message: found.general.length === 0 ? 'The message was not saved: the problems are marked in red next to their fields.' : messageOf(error), list: found.general });
      } else setGeneral({ message: messageOf(error), list: [] });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (saved === undefined) return;
    try {
      await api.call('deleteInAppMessage', { params: { id: saved.id } });
      notifyDone(`The message “${saved.name}” was deleted.`);
      void navigate('/messages');
    } catch (error) {
      notifyFailure(`The message “${saved.name}” was not deleted`, error);
    }
  };

  return (
    <Stack>
      <EditorHeading title={saved === undefined ? 'New in-app message' : saved.name} backTo="/messages" backLabel="Back to the messages" readOnly={canWrite ? null : 'Owners, admins and marketers change in-app messages.'} />
      <FormError message={general?.message} list={general?.list} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label="Key"
                  description={saved === undefined ? 'Reported with each Message Shown: cart_reminder' : 'It cannot change'}
                  required
                  readOnly={saved !== undefined}
                  value={v.key}
                  onChange={(e) => change('key', e.currentTarget.value)}
                  error={problem('key')}
                />
                <TextInput label="Name" description="For your team" required value={v.name} onChange={(e) => change('name', e.currentTarget.value)} error={problem('name')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Input.Wrapper label="Format" description={formatLabels[v.format].description} error={problem('format')}>
                  <SegmentedControl aria-label="Format" fullWidth mt={4} data={messageFormats.map((f) => ({ value: f, label: formatLabels[f].label }))} value={v.format} onChange={(f) => change('format', f as MessageFormat)} />
                </Input.Wrapper>
                <Input.Wrapper label="Status" description={v.status === 'active' ? 'Shown when its trigger fires' : 'Never shown'} error={problem('status')}>
                  <SegmentedControl
                    aria-label="Status"
                    fullWidth
                    mt={4}
                    data={[
                      { value: 'active', label: 'Active' },
                      { value: 'paused', label: 'Paused' },
                    ]}
                    value={v.status}
                    onChange={(s) => change('status', s === 'paused' ? 'paused' : 'active')}
                  />
                </Input.Wrapper>
              </SimpleGrid>
              <MessageContentFields value={v.content} onChange={(c) => change('content', c)} problem={problem} />
              <TriggerFields value={v.trigger} onChange={(t) => change('trigger', t)} problem={problem} choices={choices} />
              <AudienceFields value={v.audience} onChange={(a) => change('audience', a)} problem={(p) => problem(p === '' ? 'audience' : `audience.${p}`)} choices={choices} />
              <DeliveryFields form={v} onChange={change} problem={problem} purposes={purposes} />
            </Stack>
          </fieldset>
          {canWrite ? (
            <EditorActions
              savedName={saved?.name}
              createLabel="Create the message"
              dirty={form.isDirty()}
              busy={busy}
              onSave={() => void save()}
              onUndo={() => form.reset()}
              deleteQuestion="It will not be shown again. This cannot be undone."
              onDelete={remove}
            />
          ) : null}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md" radius="md" component="section" aria-label="Preview" style={{ position: 'sticky', top: 72 }}>
            <Stack gap="sm">
              <Title order={2} size="h4">
                Preview
              </Title>
              <Text size="xs" c="dimmed">
                Drawn by the SDK’s own renderer, as in your app. The texts are shown as written: their Liquid ({'{{ … }}'}) is filled in for each person when the message is sent.
                {v.content.imageUrl.trim() === '' ? '' : ' The dashboard loads nothing from other sites: a placeholder stands in for the image.'}
              </Text>
              <PhoneFrame scene={{ kind: 'message', message: JSON.parse(previewed) as ReturnType<typeof previewMessageOf> }} label="The message on a phone" maxHeight={600} />
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
