import { ActionIcon, Badge, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { PLACEMENT_LIMITS, type PlacementKind } from '@rapport/contracts';
import { AudienceFields, type AudienceChoices } from './audience-fields.js';
import { ContentRows } from './content-rows.js';
import { newVariant, weightSum, type ExperienceForm, type VariantForm } from './placement-form.js';

export interface ExperienceFieldsProps {
  readonly value: ExperienceForm;
  readonly index: number;
  readonly count: number;
  readonly kind: PlacementKind;
  readonly choices: AudienceChoices;
  readonly recommenders: readonly string[];
  readonly onChange: (next: ExperienceForm) => void;
  readonly onMove: (by: -1 | 1) => void;
  readonly onRemove: () => void;
  /** The API's problem at a path of this experience ('' for the whole, `content.2.template`, `variants.0.weight`). */
  readonly problem: (path: string) => string | undefined;
}

/** One experience of a placement: who it is for, what it shows (or a split, or a ranking), when. */
export function ExperienceFields({ value: e, index, count, kind, choices, recommenders, onChange, onMove, onRemove, problem }: ExperienceFieldsProps) {
  const set = <K extends keyof ExperienceForm>(name: K, v: ExperienceForm[K]) => onChange({ ...e, [name]: v });
  const label = `Experience ${index + 1}: ${e.name.trim() === '' ? e.key : e.name}`;
  return (
    <Paper withBorder p="sm" radius="md" component="section" role="group" aria-label={label}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Badge variant="light" circle>
              {index + 1}
            </Badge>
            <Title order={3} size="h5" lineClamp={1}>
              {e.name.trim() === '' ? e.key : e.name}
            </Title>
          </Group>
          <Group gap={4} wrap="nowrap">
            <ActionIcon variant="subtle" color="gray" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Move ${label} up`}>
              ↑
            </ActionIcon>
            <ActionIcon variant="subtle" color="gray" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`Move ${label} down`}>
              ↓
            </ActionIcon>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${label}`}>
              ✕
            </ActionIcon>
          </Group>
        </Group>
        {problem('') === undefined ? null : (
          <Text size="sm" c="red" role="alert">
            {problem('')}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Key" description="Reported with each view" required value={e.key} onChange={(ev) => set('key', ev.currentTarget.value)} error={problem('key')} />
          <TextInput label="Name" description="For your team" required value={e.name} onChange={(ev) => set('name', ev.currentTarget.value)} error={problem('name')} />
          <NumberInput label="Priority" description="Higher first; empty is 0" allowDecimal={false} min={-1000} max={1000} value={e.priority} onChange={(v) => set('priority', v)} error={problem('priority')} />
        </SimpleGrid>
        <AudienceFields value={e.audience} onChange={(a) => set('audience', a)} problem={(p) => problem(p === '' ? 'audience' : `audience.${p}`)} choices={choices} />
        {kind === 'content' ? (
          <ContentOrSplit e={e} onChange={onChange} problem={problem} />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label="Weight of their interest"
              description={`0 keeps your order, 1 orders by interest only (default ${kind === 'sort' ? '0.5' : '0.3'})`}
              min={0}
              max={1}
              step={0.1}
              decimalScale={2}
              value={e.ranking.affinityWeight}
              onChange={(v) => set('ranking', { ...e.ranking, affinityWeight: v })}
              error={problem('ranking.affinityWeight') ?? problem('ranking')}
            />
            <Select
              label="Also move up the picks of"
              description="A named recommender (optional)"
              data={[{ value: '', label: 'No recommender' }, ...recommenders.map((r) => ({ value: r, label: r }))]}
              value={e.ranking.recommender}
              allowDeselect={false}
              onChange={(v) => set('ranking', { ...e.ranking, recommender: v ?? '' })}
              error={problem('ranking.recommender')}
            />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput type="datetime-local" label="Starts" description="Your time zone; empty: now" value={e.startAt} onChange={(ev) => set('startAt', ev.currentTarget.value)} error={problem('startAt')} />
          <TextInput type="datetime-local" label="Ends (excluded)" description="Empty: no end" value={e.endAt} onChange={(ev) => set('endAt', ev.currentTarget.value)} error={problem('endAt')} />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

/** One content, or a split into variants whose weights add up to 100 (the running sum is shown). */
function ContentOrSplit({ e, onChange, problem }: { e: ExperienceForm; onChange: (next: ExperienceForm) => void; problem: (path: string) => string | undefined }) {
  const sum = weightSum(e.variants);
  const setVariant = (j: number, v: VariantForm) => onChange({ ...e, variants: e.variants.map((w, k) => (k === j ? v : w)) });
  return (
    <Stack gap="sm">
      <Switch label="Split into variants (a test: each person sees one, always the same)" checked={e.split} onChange={(ev) => onChange({ ...e, split: ev.currentTarget.checked })} />
      {!e.split ? (
        <ContentRows legend="Content" rows={e.content} onChange={(content) => onChange({ ...e, content })} problem={(p) => problem(p === '' ? 'content' : `content.${p}`)} />
      ) : (
        <Stack gap="sm">
          <Text size="sm" c={sum === 100 ? 'teal.8' : 'red'} fw={500} aria-live="polite" data-testid="weight-sum">
            The weights add up to {sum} %{sum === 100 ? '.' : ': they must add up to 100 %.'}
          </Text>
          {problem('variants') === undefined ? null : (
            <Text size="sm" c="red" role="alert">
              {problem('variants')}
            </Text>
          )}
          {e.variants.map((v, j) => (
            <Paper key={v.id} withBorder p="xs" radius="sm" role="group" aria-label={`Variant ${v.key}`}>
              <Stack gap="xs">
                <Group gap="xs" align="flex-start" wrap="wrap">
                  <TextInput label="Variant key" w={140} value={v.key} onChange={(ev) => setVariant(j, { ...v, key: ev.currentTarget.value })} error={problem(`variants.${j}.key`)} />
                  <NumberInput label="Weight" suffix=" %" w={110} min={0} max={100} allowDecimal={false} value={v.weight} onChange={(w) => setVariant(j, { ...v, weight: w })} error={problem(`variants.${j}.weight`)} />
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    mt={26}
                    disabled={e.variants.length <= 2}
                    onClick={() => onChange({ ...e, variants: e.variants.filter((_, k) => k !== j) })}
                    aria-label={`Remove variant ${v.key}`}
                  >
                    Remove
                  </Button>
                </Group>
                <ContentRows legend={`Content of ${v.key}`} rows={v.content} onChange={(content) => setVariant(j, { ...v, content })} problem={(p) => problem(p === '' ? `variants.${j}.content` : `variants.${j}.content.${p}`)} />
              </Stack>
            </Paper>
          ))}
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Button
              variant="light"
              size="xs"
              disabled={e.variants.length >= PLACEMENT_LIMITS.variants}
              onClick={() => onChange({ ...e, variants: [...e.variants, newVariant(String.fromCharCode(97 + e.variants.length), Math.max(0, 100 - sum))] })}
            >
              Add a variant
            </Button>
            <TextInput label="Seed" description="Change it to deal people out again" placeholder="placement key:experience key" w={260} value={e.seed} onChange={(ev) => onChange({ ...e, seed: ev.currentTarget.value })} error={problem('seed')} />
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
