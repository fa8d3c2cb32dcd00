import { Anchor, Button, Grid, Group, Input, Paper, SegmentedControl, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { PLACEMENT_LIMITS, type PlacementKind, type PlacementView } from '@rapport/contracts';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, type ApiErrorDetail } from '../../api/index.js';
import { messageOf, notifyDone, notifyFailure } from '../../components/api-errors.js';
import { FormError } from '../../components/form-error.js';
import { NotLoaded } from '../../components/not-loaded.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';
import { EditorActions, EditorHeading } from '../../components/editor-actions.js';
import type { AudienceChoices } from './audience-fields.js';
import { ContentRows } from './content-rows.js';
import { ExperienceFields } from './experience-fields.js';
import { kindLabels } from './placement-words.js';
import { createBodyOf, emptyPlacementForm, formPathOf, newExperience, placementFormOf, problemsOf, updateBodyOf, type PlacementForm } from './placement-form.js';
import { PlacementPreview } from './placement-preview.js';
import { initialPreviewInput, previewBodyOf, usePlacementPreview, type PreviewInput } from './use-placement-preview.js';

interface Loaded {
  readonly placement: PlacementView | undefined;
  readonly choices: AudienceChoices;
  readonly recommenders: readonly string[];
}

/** /placements/new and /placements/:id (an id or a key): the placement's form beside its live preview. */
export function PlacementEditorPage() {
  const { id } = useParams();
  const api = useApi();
  const loaded = useLoad(`placement-editor:${id ?? ''}`, async (): Promise<Loaded> => {
    const [placement, segments, geofences, recommenders] = await Promise.all([
      id === undefined ? Promise.resolve(undefined) : api.call('placement', { params: { id } }),
      api.call('segments'),
      // Geofences and recommenders only fill pickers: a failure leaves them empty rather than the page.
      api.call('geofences').catch(() => ({ items: [] })),
      api.call('recommenders').catch(() => ({ items: [] })),
    ]);
    return {
      placement,
      choices: { segments: segments.items.map((s) => ({ value: s.id, label: s.name })), geofences: geofences.items.map((g) => ({ value: g.key, label: g.name })) },
      recommenders: recommenders.items.map((r) => r.name),
    };
  });
  if (loaded.data === undefined) return <NotLoaded loaded={loaded} />;
  const { placement } = loaded.data;
  return <PlacementEditor key={placement?.updatedAt ?? 'new'} saved={placement} choices={loaded.data.choices} recommenders={loaded.data.recommenders} onSaved={loaded.reload} />;
}

function PlacementEditor({ saved, choices, recommenders, onSaved }: { saved: PlacementView | undefined; choices: AudienceChoices; recommenders: readonly string[]; onSaved: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const canWrite = useCan()('placements:write');
  const [saveProblems, setSaveProblems] = useState<readonly ApiErrorDetail[] | undefined>();
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [input, setInput] = useState<PreviewInput>(initialPreviewInput);
  const form = useForm<PlacementForm>({ initialValues: saved === undefined ? emptyPlacementForm() : placementFormOf(saved), onValuesChange: () => setSaveProblems(undefined) });
  const v = form.values;
  const preview = usePlacementPreview(previewBodyOf(createBodyOf(v), input));
  const problems = problemsOf(saveProblems ?? preview.problems, (p) => formPathOf(p, v));
  const problem = (path: string) => problems.fields[path];

  const save = async () => {
    setGeneral(undefined);
    setSaveProblems(undefined);
    setBusy(true);
    try {
      if (saved === undefined) {
        const created = await api.call('createPlacement', { body: createBodyOf(v) });
        notifyDone(`The placement “${created.name}” is saved: apps ask for it as ${created.key}.`);
        void navigate(`/placements/${encodeURIComponent(created.key)}`);
      } else {
        await api.call('updatePlacement', { params: { id: saved.id }, body: updateBodyOf(v) });
        notifyDone(`The placement “${v.name.trim()}” is saved.`);
        onSaved();
      }
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        setSaveProblems(error.details);
        const unplaced = problemsOf(error.details, (p) => formPathOf(p, v)).general;
        setGeneral(unplaced.length === 0 ? 'The placement was not saved: the problems are marked in red next to their fields.' : messageOf(error));
      } else setGeneral(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (saved === undefined) return;
    try {
      await api.call('deletePlacement', { params: { id: saved.id } });
      notifyDone(`The placement “${saved.name}” was deleted.`);
      void navigate('/placements');
    } catch (error) {
      notifyFailure(`The placement “${saved.name}” was not deleted`, error);
    }
  };

  const experiences = v.experiences;
  return (
    // Room at the bottom of a phone's page for the preview's bar.
    <Stack pb={{ base: 72, md: 0 }}>
      <EditorHeading title={saved === undefined ? 'New placement' : saved.name} backTo="/placements" backLabel="Back to the placements" readOnly={canWrite ? null : 'Owners, admins and marketers change placements. You can preview it.'} />
      <FormError message={general} list={problems.general} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          {/* A disabled fieldset makes every input of a read-only role inert at once. */}
          <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label="Key"
                  description={saved === undefined ? 'How apps ask for it: home_hero, pdp_below_price' : 'Apps ask for it by this key: it cannot change'}
                  required
                  readOnly={saved !== undefined}
                  value={v.key}
                  onChange={(e) => form.setFieldValue('key', e.currentTarget.value)}
                  error={problem('key')}
                />
                <TextInput label="Name" description="For your team" required value={v.name} onChange={(e) => form.setFieldValue('name', e.currentTarget.value)} error={problem('name')} />
              </SimpleGrid>
              <Textarea label="Description" autosize minRows={1} value={v.description} onChange={(e) => form.setFieldValue('description', e.currentTarget.value)} error={problem('description')} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Input.Wrapper label="Kind" description={kindLabels[v.kind].description} error={problem('kind')}>
                  <SegmentedControl
                    aria-label="Kind"
                    fullWidth
                    mt={4}
                    data={(Object.keys(kindLabels) as PlacementKind[]).map((k) => ({ value: k, label: kindLabels[k].label }))}
                    value={v.kind}
                    onChange={(k) => form.setFieldValue('kind', k as PlacementKind)}
                  />
                </Input.Wrapper>
                <Input.Wrapper label="Status" description={v.status === 'active' ? 'Apps get its content' : 'Apps get nothing from it (reason: paused)'} error={problem('status')}>
                  <SegmentedControl
                    aria-label="Status"
                    fullWidth
                    mt={4}
                    data={[
                      { value: 'active', label: 'Active' },
                      { value: 'paused', label: 'Paused' },
                    ]}
                    value={v.status}
                    onChange={(s) => form.setFieldValue('status', s === 'paused' ? 'paused' : 'active')}
                  />
                </Input.Wrapper>
              </SimpleGrid>
              <div>
                <Title order={2} size="h4">
                  Experiences
                </Title>
                <Text size="sm" c="dimmed">
                  Tried in order, higher priority first: the first whose audience matches and whose schedule is now is shown{v.kind === 'content' ? '; when none does, the default.' : '; when none does, the list keeps its order.'}
                </Text>
              </div>
              {problem('experiences') === undefined ? null : (
                <Text size="sm" c="red">
                  {problem('experiences')}
                </Text>
              )}
              {experiences.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No experience yet: {v.kind === 'content' ? 'everyone sees the default.' : 'lists keep their order.'}
                </Text>
              ) : null}
              {experiences.map((e, i) => (
                <ExperienceFields
                  key={e.id}
                  value={e}
                  index={i}
                  count={experiences.length}
                  kind={v.kind}
                  choices={choices}
                  recommenders={recommenders}
                  onChange={(next) => form.setFieldValue(`experiences.${i}`, next)}
                  onMove={(by) => form.reorderListItem('experiences', { from: i, to: i + by })}
                  onRemove={() => form.removeListItem('experiences', i)}
                  problem={(p) => problem(p === '' ? `experiences.${i}` : `experiences.${i}.${p}`)}
                />
              ))}
              <div>
                <Button variant="light" disabled={experiences.length >= PLACEMENT_LIMITS.experiences} onClick={() => form.insertListItem('experiences', newExperience(experiences.length + 1))}>
                  Add an experience
                </Button>
              </div>
              {v.kind === 'content' ? (
                <Stack gap="sm">
                  <Title order={2} size="h4">
                    Default
                  </Title>
                  <Switch label="When no experience matches, show a default content" checked={v.withDefault} onChange={(e) => form.setFieldValue('withDefault', e.currentTarget.checked)} />
                  {v.withDefault ? <ContentRows legend="Default content" rows={v.default} onChange={(rows) => form.setFieldValue('default', rows)} problem={(p) => problem(p === '' ? 'default' : `default.${p}`)} /> : null}
                </Stack>
              ) : null}
            </Stack>
          </fieldset>
          {canWrite ? (
            <EditorActions
              savedName={saved?.name}
              createLabel="Create the placement"
              dirty={form.isDirty()}
              busy={busy}
              onSave={() => void save()}
              onUndo={() => form.reset()}
              deleteQuestion="Apps that ask for it will get nothing (the reason: unknown placement). This cannot be undone."
              onDelete={remove}
            />
          ) : null}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {/* On a phone the preview sits below the form: a bar at the bottom keeps its choice in sight. */}
          <Paper hiddenFrom="md" withBorder shadow="sm" p="xs" radius="md" style={{ position: 'fixed', bottom: 8, left: 8, right: 8, zIndex: 3 }}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="xs" lineClamp={2}>
                {preview.state.status === 'invalid' ? 'The placement has problems: see the fields in red.' : (preview.state.status === 'done' ? preview.state : preview.state.last)?.decision.reason.sentence ?? 'Preparing the preview…'}
              </Text>
              <Anchor href="#placement-preview" size="xs" style={{ whiteSpace: 'nowrap' }}>
                See the preview
              </Anchor>
            </Group>
          </Paper>
          <div id="placement-preview" style={{ position: 'sticky', top: 72, scrollMarginTop: 64 }}>
            <PlacementPreview kind={v.kind} input={input} onInput={setInput} state={preview.state} />
          </div>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
