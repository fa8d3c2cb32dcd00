import { Alert, Button, Fieldset, Grid, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { recommendationStrategies, type RecommendationStrategy, type RecommenderView } from '@rapport/contracts';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { notifyDone, notifyFailure } from '../../components/api-errors.js';
import { useFormSubmit } from '../../hooks/use-form-submit.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';
import { ConfirmButton } from '../settings/confirm-button.js';
import { LivePreview } from './live-preview.js';
import { createBodyOf, draftOf, emptyForm, formOf, inputPaths, type RecommenderForm } from './recommender-form.js';
import { RulesFields, type CatalogHints } from './rules-fields.js';
import { needsOf, needsSentence, presets, strategyLabels } from './strategies.js';
import { NotLoaded } from '../../components/not-loaded.js';
import { FormError } from '../../components/form-error.js';

const strategyOptions = recommendationStrategies.map((s) => ({ value: s, label: strategyLabels[s].label }));
const namePattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** /recommendations/new (optionally `?preset=`) and /recommendations/edit/:name: the form and its live preview. */
export function RecommenderEditor({ name }: { name: string | undefined }) {
  const api = useApi();
  const [search] = useSearchParams();
  const saved = useLoad(`recommender:${name ?? ''}`, () => (name === undefined ? Promise.resolve(undefined) : api.call('recommender', { params: { id: name } })));
  // Categories and product ids of the catalog, suggested in the rules (up to 500 products: enough for a small shop).
  const catalog = useLoad('catalog-hints', async (): Promise<CatalogHints> => {
    const products = (await api.call('recsProductSearch', { query: { limit: 500 } })).items;
    return { categories: [...new Set(products.flatMap((p) => (p.category === null ? [] : [p.category])))].sort(), productIds: products.map((p) => p.id) };
  });
  if (name !== undefined && saved.data === undefined) return <NotLoaded loaded={saved} />;
  const preset = presets.find((p) => p.body.name === search.get('preset'));
  const initial: RecommenderForm =
    saved.data !== undefined
      ? formOf(saved.data)
      : preset !== undefined
        ? formOf({ id: '', createdAt: '', updatedAt: '', description: '', params: {}, rules: {}, fallback: 'popular', ...preset.body })
        : emptyForm;
  return <EditorForm key={saved.data?.updatedAt ?? preset?.body.name ?? 'new'} saved={saved.data} initial={initial} hints={catalog.data ?? { categories: [], productIds: [] }} onSaved={saved.reload} />;
}

function EditorForm({ saved, initial, hints, onSaved }: { saved: RecommenderView | undefined; initial: RecommenderForm; hints: CatalogHints; onSaved: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const canWrite = useCan()('recommendations:write');
  const form = useForm<RecommenderForm>({
    initialValues: initial,
    validate: { name: (v) => (namePattern.test(v.trim()) ? null : 'Use lower-case letters, digits, - and _ (up to 64), starting with a letter or a digit: pages ask for it by this name') },
  });
  const v = form.values;

  const { submit, busy, general } = useFormSubmit(form, {
    fields: (values) => inputPaths(values),
    action: async (values) => {
      const { name, ...changes } = createBodyOf(values);
      if (saved === undefined) {
        await api.call('createRecommender', { body: { name, ...changes } });
        notifyDone(`The recommender “${name}” is saved.`);
        void navigate(`/recommendations/edit/${encodeURIComponent(name)}`);
      } else {
        await api.call('updateRecommender', { params: { id: saved.id }, body: changes });
        notifyDone(`The recommender “${saved.name}” is saved.`);
        onSaved();
      }
    },
  });
  const remove = async () => {
    if (saved === undefined) return;
    try {
      await api.call('deleteRecommender', { params: { id: saved.id } });
      notifyDone(`The recommender “${saved.name}” was deleted.`);
      void navigate('/recommendations');
    } catch (error) {
      notifyFailure(`The recommender “${saved.name}” was not deleted`, error);
    }
  };

  const needs = needsOf(v.strategy);
  const itemParams = v.strategy === 'bought_together' || v.strategy === 'also_viewed';
  const periodParams = v.strategy === 'popular' || v.strategy === 'top_sellers' || v.strategy === 'new_arrivals';
  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <form onSubmit={submit} noValidate aria-label={saved === undefined ? 'New recommender' : `Recommender ${saved.name}`}>
          <Stack>
            <Group justify="space-between">
              <Title order={2} size="h3">
                {saved === undefined ? 'New recommender' : saved.name}
              </Title>
              <Button component={Link} to="/recommendations" variant="subtle" size="xs">
                Back to the list
              </Button>
            </Group>
            {canWrite ? null : (
              <Alert color="gray" title="Read only">
                Owners, admins and marketers change recommenders.
              </Alert>
            )}
            <FormError message={general} />
            {/* A disabled fieldset makes every input of a read-only role inert at once. */}
            <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label="Name" description={saved === undefined ? 'How your pages ask for it, e.g. product-page' : 'Pages ask for it by this name: it cannot change'} required readOnly={saved !== undefined} {...form.getInputProps('name')} />
                  <TextInput label="Description" description="Where it is used, for your team" {...form.getInputProps('description')} />
                </SimpleGrid>
                <Select
                  label="Strategy"
                  description={`${strategyLabels[v.strategy].description}. ${needsSentence[needs]}.`}
                  data={strategyOptions}
                  allowDeselect={false}
                  renderOption={({ option }) => (
                    <div>
                      <Text size="sm">{option.label}</Text>
                      <Text size="xs" c="dimmed">
                        {strategyLabels[option.value as RecommendationStrategy].description}
                      </Text>
                    </div>
                  )}
                  {...form.getInputProps('strategy')}
                />
                {periodParams || itemParams ? (
                  <Fieldset legend="Strategy settings">
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      {periodParams ? <NumberInput label="Days counted" description="Default 30" min={1} max={3650} allowDecimal={false} placeholder="30" {...form.getInputProps('params.days')} /> : null}
                      {v.strategy === 'popular' || v.strategy === 'top_sellers' ? <TextInput label="Only the category" description="Empty: the whole shop" {...form.getInputProps('params.category')} /> : null}
                      {itemParams ? (
                        <>
                          <NumberInput label={v.strategy === 'also_viewed' ? 'Visits together, at least' : 'Orders together, at least'} description="Default 2" min={1} allowDecimal={false} placeholder="2" {...form.getInputProps('params.minSupport')} />
                          <NumberInput label="Confidence, at least" description="0 to 1: how often the second follows the first" min={0} max={1} decimalScale={3} placeholder="any" {...form.getInputProps('params.minConfidence')} />
                          <NumberInput label="Lift, at least" description="Above 1: together more often than by chance" min={0} decimalScale={3} placeholder="any" {...form.getInputProps('params.minLift')} />
                        </>
                      ) : null}
                    </SimpleGrid>
                  </Fieldset>
                ) : null}
                <RulesFields form={form} hints={hints} />
                <Select
                  label="When there are too few"
                  description="Fills the list up: for a new visitor, a new product, before a model is trained"
                  data={[...strategyOptions, { value: 'none', label: 'Nothing: show a shorter list' }]}
                  allowDeselect={false}
                  {...form.getInputProps('fallback')}
                />
              </Stack>
            </fieldset>
            {canWrite ? (
              <Group>
                <Button type="submit" loading={busy} disabled={saved !== undefined && !form.isDirty()}>
                  {saved === undefined ? 'Create the recommender' : 'Save'}
                </Button>
                {saved === undefined ? null : (
                  <>
                    <Button variant="default" disabled={!form.isDirty() || busy} onClick={() => form.reset()}>
                      Undo changes
                    </Button>
                    <ConfirmButton label="Delete" ariaLabel={`Delete ${saved.name}`} title={`Delete “${saved.name}”?`} question="Pages and emails that ask for it by name will get nothing from it. This cannot be undone." confirm="Delete" onConfirm={remove} />
                  </>
                )}
              </Group>
            ) : null}
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <LivePreview draft={draftOf(v)} savedName={saved !== undefined && !form.isDirty() ? saved.name : undefined} />
      </Grid.Col>
    </Grid>
  );
}
