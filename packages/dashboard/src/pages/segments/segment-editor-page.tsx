import { Alert, Anchor, Button, Grid, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { RuleNode, SegmentView, WorkspaceView } from '@rapport/contracts';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/index.js';
import { formErrorsOf, notifyDone, sentence } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';
import { BuilderContext, type BuilderChoices } from './builder-context.js';
import { PreviewPanel, type PreviewState } from './preview-panel.js';
import { RuleEditor } from './rule-editor.js';
import { hasEmptyGroup, problemsByNode, rootGroup } from './rule-model.js';
import { starterOf } from './templates.js';
import { usePreview } from './use-preview.js';
import { NotLoaded } from '../../components/not-loaded.js';
import { FormError } from '../../components/form-error.js';

interface Loaded {
  workspace: WorkspaceView;
  choices: BuilderChoices;
  segment: SegmentView | undefined;
}

function sizeLine(state: PreviewState): string {
  const preview = state.status === 'done' ? state.preview : state.status === 'loading' ? state.last : undefined;
  if (state.status === 'invalid') return 'Finish the conditions marked in red';
  if (preview === undefined) return 'Add a condition to see who matches';
  return `${preview.size.toLocaleString()} ${preview.size === 1 ? 'person matches' : 'people match'}${state.status === 'loading' ? ' …' : ''}`;
}

/** New segment (/segments/new, ?start= or ?rfm= for a starting point) or a change to one (/segments/:id/edit). */
export function SegmentEditorPage() {
  const { id } = useParams();
  const api = useApi();
  const loaded = useLoad(`segment-editor:${id ?? ''}`, async (): Promise<Loaded> => {
    const [workspace, list, geofences, segment] = await Promise.all([
      api.call('workspace'),
      api.call('segments'),
      // Geofences are optional to the builder: a failure leaves the picker empty rather than the page.
      api.call('geofences').catch(() => ({ items: [] })),
      id === undefined ? Promise.resolve(undefined) : api.call('segment', { params: { id } }),
    ]);
    return {
      workspace,
      segment,
      choices: {
        purposes: workspace.settings.purposes.map((p) => ({ id: p.id, name: p.name })),
        segments: list.items.filter((s) => s.id !== id).map((s) => ({ id: s.id, name: s.name })),
        geofences: geofences.items.map((g) => ({ key: g.key, name: g.name })),
      },
    };
  });
  if (!useCan()('segments:write')) return <Alert color="gray">Your role can look at segments but not change them.</Alert>;
  if (loaded.data === undefined) return <NotLoaded loaded={loaded} />;
  return (
    <BuilderContext.Provider value={loaded.data.choices}>
      <SegmentForm segment={loaded.data.segment} purposes={loaded.data.choices.purposes} />
    </BuilderContext.Provider>
  );
}

function SegmentForm({ segment, purposes }: { segment: SegmentView | undefined; purposes: BuilderChoices['purposes'] }) {
  const api = useApi();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const starter = segment === undefined ? starterOf(search) : undefined;
  const [name, setName] = useState(segment?.name ?? starter?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? starter?.description ?? '');
  const [purpose, setPurpose] = useState<string | null>(segment?.purpose ?? starter?.purpose ?? null);
  const [root, setRoot] = useState<RuleNode>(() => rootGroup((segment?.rule as { root?: RuleNode } | undefined)?.root ?? starter?.root));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saveProblems, setSaveProblems] = useState<Map<string, string[]> | undefined>();
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const preview = usePreview(root, purpose);
  const problems = saveProblems ?? preview.problems;

  const changeRoot = (next: RuleNode) => {
    setRoot(next);
    setSaveProblems(undefined);
  };

  const save = async () => {
    setGeneral(undefined);
    setFieldErrors({});
    if (name.trim() === '') return setFieldErrors({ name: 'Give the segment a name' });
    if (hasEmptyGroup(root)) return setGeneral('Add at least one condition to every group before saving.');
    setBusy(true);
    try {
      const body = { name: name.trim(), description, purpose, rule: { version: 1, root } };
      const saved = segment === undefined ? await api.call('createSegment', { body }) : await api.call('updateSegment', { params: { id: segment.id }, body });
      notifyDone(segment === undefined ? `"${saved.name}" is created: its members are being counted.` : `"${saved.name}" is saved.`);
      await navigate(`/segments/${encodeURIComponent(saved.id)}`);
    } catch (error) {
      const errors = formErrorsOf(error, ['name', 'description', 'purpose']);
      setFieldErrors(errors.fields);
      if (error instanceof ApiError && error.code === 'ERR_SEGMENT_INVALID_RULE') {
        setSaveProblems(problemsByNode(root, error.details.map((d) => ({ path: d.path, message: sentence(d.message) }))));
        setGeneral('The rule has problems: they are marked in red next to their conditions.');
      } else setGeneral(errors.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {segment === undefined ? 'New segment' : `Change "${segment.name}"`}
        </Title>
        <Anchor component={Link} to={segment === undefined ? '/segments' : `/segments/${encodeURIComponent(segment.id)}`} size="sm">
          Cancel
        </Anchor>
      </Group>
      <FormError message={general} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Group grow align="flex-start" wrap="wrap">
              <TextInput label="Name" required miw={220} value={name} error={fieldErrors['name']} onChange={(e) => setName(e.currentTarget.value)} />
              <Select
                label="Used for"
                description="Only people who agree to this purpose are members"
                miw={220}
                data={[{ value: '', label: 'Everyone (no purpose)' }, ...purposes.map((p) => ({ value: p.id, label: p.name }))]}
                value={purpose ?? ''}
                error={fieldErrors['purpose']}
                allowDeselect={false}
                onChange={(p) => setPurpose(p === null || p === '' ? null : p)}
              />
            </Group>
            <Textarea label="Description" autosize minRows={1} value={description} error={fieldErrors['description']} onChange={(e) => setDescription(e.currentTarget.value)} />
            <RuleEditor root={root} onChange={changeRoot} problems={problems} />
            {/* On a phone the preview sits below the rule: its size follows the person while they edit. */}
            <Paper hiddenFrom="md" withBorder shadow="sm" p="xs" radius="md" style={{ position: 'sticky', bottom: 8, zIndex: 2 }} aria-hidden>
              <Text size="sm" fw={600} ta="center">
                {sizeLine(preview.state)}
              </Text>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack style={{ position: 'sticky', top: 72 }}>
            <PreviewPanel state={preview.state} purpose={purpose} />
            <Button onClick={() => void save()} loading={busy}>
              {segment === undefined ? 'Create the segment' : 'Save changes'}
            </Button>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
