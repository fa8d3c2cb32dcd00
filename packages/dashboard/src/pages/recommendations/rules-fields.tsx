import { Button, Checkbox, CloseButton, Fieldset, Group, NumberInput, Paper, SimpleGrid, Stack, Switch, TagsInput, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { RecommenderForm } from './recommender-form.js';

/** What the catalog holds, to suggest in the category and product fields. */
export interface CatalogHints {
  readonly categories: string[];
  readonly productIds: string[];
}

/**
 * The business rules of a recommender (RecommendationRulesSchema of @rapport/contracts), in the order the engine
 * applies them: filters, boosts, diversity, pins.
 */
export function RulesFields({ form, hints }: { form: UseFormReturnType<RecommenderForm>; hints: CatalogHints }) {
  const rules = form.values.rules;
  const categories = (path: string, label: string, description: string) => (
    <TagsInput label={label} description={description} data={hints.categories} placeholder="Type or pick a category" clearable acceptValueOnBlur {...form.getInputProps(path)} />
  );
  return (
    <Fieldset legend="Business rules">
      <Stack>
        <Stack gap="xs">
          <Switch label="Leave out what the person already bought" {...form.getInputProps('rules.excludePurchased.on', { type: 'checkbox' })} />
          {rules.excludePurchased.on ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }} pl={{ base: 0, sm: 'xl' }}>
              <NumberInput label="Bought in the last (days)" description="Empty: whatever they ever bought" min={1} max={3650} allowDecimal={false} placeholder="ever" {...form.getInputProps('rules.excludePurchased.days')} />
              {categories('rules.excludePurchased.exceptCategories', 'Except in these categories', 'What people buy again: tea, coffee, refills')}
            </SimpleGrid>
          ) : null}
        </Stack>
        <Checkbox label="Only products in stock" description="Products marked out of stock are left out" {...form.getInputProps('rules.inStockOnly', { type: 'checkbox' })} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {categories('rules.includeCategories', 'Only these categories', 'Empty: every category. Sub-categories count too')}
          {categories('rules.excludeCategories', 'Never these categories', 'Nor their sub-categories')}
          <NumberInput label="Lowest price" min={0} decimalScale={2} placeholder="any" {...form.getInputProps('rules.price.min')} />
          <NumberInput label="Highest price" min={0} decimalScale={2} placeholder="any" {...form.getInputProps('rules.price.max')} />
          <NumberInput label="At most this many of one category" description="For variety; empty: no limit" min={1} max={100} allowDecimal={false} placeholder="no limit" {...form.getInputProps('rules.maxPerCategory')} />
        </SimpleGrid>
        <BoostFields form={form} hints={hints} />
        <PinnedFields form={form} hints={hints} />
      </Stack>
    </Fieldset>
  );
}

function BoostFields({ form, hints }: { form: UseFormReturnType<RecommenderForm>; hints: CatalogHints }) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Boost or bury
      </Text>
      <Text size="xs" c="dimmed">
        Multiplies the score of matching products: more than 1 moves them up, less than 1 moves them down.
      </Text>
      {form.values.rules.boost.map((_, i) => (
        <Paper key={i} withBorder p="sm">
          <Group justify="space-between" mb="xs">
            <Text size="sm">Rule {i + 1}</Text>
            <CloseButton aria-label={`Remove boost rule ${i + 1}`} onClick={() => form.removeListItem('rules.boost', i)} />
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TagsInput label="Categories" data={hints.categories} acceptValueOnBlur {...form.getInputProps(`rules.boost.${i}.match.categories`)} />
            <TagsInput label="Tags" acceptValueOnBlur {...form.getInputProps(`rules.boost.${i}.match.tags`)} />
            <TagsInput label="Products (ids)" data={hints.productIds} acceptValueOnBlur {...form.getInputProps(`rules.boost.${i}.match.productIds`)} />
            <NumberInput label="Factor" description="2 doubles the score, 0.5 halves it" min={0.01} max={100} decimalScale={2} {...form.getInputProps(`rules.boost.${i}.factor`)} />
          </SimpleGrid>
        </Paper>
      ))}
      <Group>
        <Button size="xs" variant="default" onClick={() => form.insertListItem('rules.boost', { match: { categories: [], tags: [], productIds: [] }, factor: 2 })}>
          Add a boost or bury rule
        </Button>
      </Group>
    </Stack>
  );
}

function PinnedFields({ form, hints }: { form: UseFormReturnType<RecommenderForm>; hints: CatalogHints }) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Pinned products
      </Text>
      <Text size="xs" c="dimmed">
        Always shown at a place of the list, with the reason “Featured by the shop”.
      </Text>
      {form.values.rules.pinned.map((_, i) => (
        <Group key={i} align="flex-end" wrap="nowrap">
          <TagsInput
            label={`Product ${i + 1} (id)`}
            data={hints.productIds}
            maxTags={1}
            acceptValueOnBlur
            style={{ flex: 1 }}
            value={form.values.rules.pinned[i]?.productId === '' ? [] : [form.values.rules.pinned[i]?.productId ?? '']}
            onChange={(v) => form.setFieldValue(`rules.pinned.${i}.productId`, v[0] ?? '')}
            error={form.errors[`rules.pinned.${i}.productId`]}
          />
          <NumberInput label="Place" min={1} max={50} allowDecimal={false} w={90} {...form.getInputProps(`rules.pinned.${i}.position`)} />
          <CloseButton mb={6} aria-label={`Remove pinned product ${i + 1}`} onClick={() => form.removeListItem('rules.pinned', i)} />
        </Group>
      ))}
      <Group>
        <Button size="xs" variant="default" onClick={() => form.insertListItem('rules.pinned', { productId: '', position: form.values.rules.pinned.length + 1 })}>
          Pin a product
        </Button>
      </Group>
    </Stack>
  );
}
