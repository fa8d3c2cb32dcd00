import { Alert, Badge, Card, Group, Loader, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { AdminRecommendationQuery, RecommendedItemView } from '@rapport/contracts';
import type { RecommenderDraft } from './recommender-form.js';
import { useState } from 'react';
import { messageOf } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { needsOf, strategyLabels } from './strategies.js';

/** Who or what the preview is for: a product (the page it sits under) or a person (userId or anonymousId). */
type Subject = { kind: 'product'; id: string; label: string } | { kind: 'person'; userId?: string; anonymousId?: string; label: string };

interface Option {
  value: string;
  label: string;
}

/** A searchable list whose options come from the server as one types. */
function SearchSelect({ label, placeholder, search, selected, onSelect }: { label: string; placeholder: string; search: (q: string) => Promise<(Option & { subject: Subject })[]>; selected: Subject | undefined; onSelect: (s: Subject | undefined) => void }) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 250);
  const found = useLoad(`${label}:${debounced}`, () => search(debounced));
  const options = found.data ?? [];
  const current = selected === undefined ? null : options.find((o) => o.label === selected.label)?.value ?? `selected:${selected.label}`;
  const data: Option[] = [...options.map(({ value, label: l }) => ({ value, label: l }))];
  if (current !== null && !data.some((o) => o.value === current) && selected !== undefined) data.unshift({ value: current, label: selected.label });
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      clearable
      data={data}
      value={current}
      searchValue={text}
      onSearchChange={setText}
      // The server filters already: every option it found is shown.
      filter={({ options: all }) => all}
      nothingFoundMessage={found.loading ? 'Searching…' : 'Nothing found'}
      onChange={(value) => onSelect(value === null ? undefined : options.find((o) => o.value === value)?.subject ?? selected)}
    />
  );
}

const formatPrice = (price: number | null, currency: string | null) => {
  if (price === null) return null;
  if (currency === null) return price.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  try {
    return price.toLocaleString(undefined, { style: 'currency', currency });
  } catch {
    return `${price.toFixed(2)} ${currency}`;
  }
};

function ItemCard({ item, place }: { item: RecommendedItemView; place: number }) {
  const price = formatPrice(item.price, item.currency);
  return (
    <Card withBorder padding="sm" component="li" aria-label={`${place}. ${item.name}`} data-testid="preview-item">
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={600} size="sm" lineClamp={2}>
            {item.name}
          </Text>
          {price === null ? null : (
            <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
              {price}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {item.category ?? 'No category'}
        </Text>
        <Text size="sm" c="teal.8" data-testid="preview-reason">
          {item.reason.sentence}
        </Text>
      </Stack>
    </Card>
  );
}

/**
 * What a recommender would show, for a product or a person the shop picks: POST /api/v1/recommendations with the
 * recommender's name once it is saved and unchanged, else with the form as it is (`draft`: strategy, parameters, rules
 * and fallback), so that every change shows at once.
 */
export function LivePreview({ draft, savedName }: { draft: RecommenderDraft; savedName: string | undefined }) {
  const api = useApi();
  const strategy = draft.strategy;
  const needs = needsOf(strategy);
  const [kind, setKind] = useState<'product' | 'person'>(needs === 'person' ? 'person' : 'product');
  const [product, setProduct] = useState<Subject | undefined>();
  const [person, setPerson] = useState<Subject | undefined>();
  const [limit, setLimit] = useState<number | string>(6);
  const subject = kind === 'product' ? product : person;

  const query: AdminRecommendationQuery = {
    ...(savedName === undefined ? { draft } : { recommender: savedName }),
    limit: typeof limit === 'number' && limit >= 1 && limit <= 50 ? limit : 6,
    ...(subject?.kind === 'product' ? { itemIds: [subject.id] } : {}),
    ...(subject?.kind === 'person' ? (subject.userId !== undefined ? { userId: subject.userId } : { anonymousId: subject.anonymousId ?? '' }) : {}),
  };
  const [key] = useDebouncedValue(JSON.stringify(query), 300);
  const answer = useLoad(`preview:${key}`, () => api.call('recommend', { body: JSON.parse(key) as AdminRecommendationQuery }));

  const searchProducts = async (q: string) =>
    (await api.call('recsProductSearch', { query: { q, limit: 20 } })).items.map((p) => ({ value: `p:${p.id}`, label: p.name, subject: { kind: 'product', id: p.id, label: p.name } as Subject }));
  const searchPeople = async (q: string) =>
    (await api.call('recsPersonSearch', { query: { q, limit: 20 } })).items.map((p) => {
      const userId = p.userIds[0];
      const id = userId ?? p.anonymousIds[0] ?? p.id;
      const label = [p.name ?? p.email, userId ?? `visitor ${id.slice(0, 8)}`].filter((s) => s !== null).join(' · ');
      return { value: `u:${p.id}`, label, subject: (userId === undefined ? { kind: 'person', anonymousId: id, label } : { kind: 'person', userId, label }) as Subject };
    });

  const data = answer.data;
  return (
    <Stack component="section" aria-label="Preview">
      <Title order={2} size="h4">
        Preview
      </Title>
      <Text size="sm" c="dimmed">
        {savedName === undefined
          ? `What “${strategyLabels[strategy].label}” shows with the rules and fallback as they are in the form, before you save.`
          : `What “${savedName}” shows, with its rules and fallback.`}
      </Text>
      <SegmentedControl
        aria-label="Preview for"
        data={[
          { value: 'product', label: 'Under a product' },
          { value: 'person', label: 'For a person' },
        ]}
        value={kind}
        onChange={(v) => setKind(v === 'person' ? 'person' : 'product')}
      />
      {kind === 'product' ? (
        <SearchSelect key="product" label="Product" placeholder="Search by name or id" search={searchProducts} selected={product} onSelect={setProduct} />
      ) : (
        <SearchSelect key="person" label="Person" placeholder="Search by name, e-mail or id" search={searchPeople} selected={person} onSelect={setPerson} />
      )}
      <NumberInput label="How many" min={1} max={50} allowDecimal={false} value={limit} onChange={setLimit} w={120} />
      {needs !== 'nothing' && needs !== kind ? (
        <Text size="xs" c="dimmed">
          This strategy works from {needs === 'product' ? 'a product or the cart' : 'a person’s history'}: here it falls back.
        </Text>
      ) : null}
      {data === undefined ? (
        answer.error === undefined ? <Loader size="sm" aria-label="Loading the preview" /> : <Alert color="red">{messageOf(answer.error)}</Alert>
      ) : (
        <Stack gap="xs" aria-busy={answer.loading} style={{ opacity: answer.loading ? 0.6 : 1, transition: 'opacity 150ms' }}>
          <Group gap="xs">
            {data.personalized ? <Badge color="teal">Uses their own data</Badge> : null}
            {data.fallback ? <Badge color="yellow">Filled up by the fallback</Badge> : null}
            {data.modelVersion === null ? null : <Badge variant="outline">Model version {data.modelVersion}</Badge>}
          </Group>
          {answer.error === undefined ? null : <Alert color="red">{messageOf(answer.error)}</Alert>}
          {data.items.length === 0 ? (
            <Alert color="gray" title="Nothing to show yet">
              There is not enough data for this yet: products in the catalog, and your customers’ views and orders. The list fills as they come in.
            </Alert>
          ) : (
            <SimpleGrid component="ol" cols={{ base: 1, xs: 2 }} spacing="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Recommended products">
              {data.items.map((item, i) => (
                <ItemCard key={item.productId} item={item} place={i + 1} />
              ))}
            </SimpleGrid>
          )}
        </Stack>
      )}
    </Stack>
  );
}
