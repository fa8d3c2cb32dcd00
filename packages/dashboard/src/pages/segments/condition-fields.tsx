import { Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import {
  featureNames,
  featureTypes,
  lifecycleStages,
  rfmSegmentNames,
  type AffinityCondition,
  type BucketCondition,
  type Condition,
  type FeatureName,
  type LifecycleStage,
  type LocationCondition,
  type RfmCondition,
  type RfmSegmentName,
} from '@rapport/contracts';
import { useBuilderChoices } from './builder-context.js';
import { ComparisonInput, DurationInput } from './comparison-input.js';
import { CountInput, EventFields, SequenceFields } from './event-fields.js';

export const stageLabels: Record<LifecycleStage, string> = { new: 'New', active: 'Active', at_risk: 'At risk', lapsed: 'Lapsed', churned: 'Churned' };

const num = (v: string | number, fallback: number) => (typeof v === 'number' ? v : fallback);

/** The inputs of one condition, by its type. */
export function ConditionFields({ node, onChange }: { node: Condition; onChange: (n: Condition) => void }) {
  switch (node.type) {
    case 'trait':
      return (
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput label="Trait" placeholder="plan, address.city" w={200} value={node.trait} onChange={(e) => onChange({ ...node, trait: e.currentTarget.value })} />
          <ComparisonInput label="Trait" type="any" comparison={node} onChange={(c) => onChange({ type: 'trait', trait: node.trait, ...c })} />
        </Group>
      );
    case 'feature':
      return (
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select
            label="Figure"
            w={200}
            searchable
            allowDeselect={false}
            data={featureNames}
            value={node.feature}
            onChange={(f) => {
              if (f === null) return;
              const feature = f as FeatureName;
              onChange(featureTypes[feature] === featureTypes[node.feature] ? { ...node, feature } : { type: 'feature', feature, op: 'exists' });
            }}
          />
          <ComparisonInput label="Figure" type={featureTypes[node.feature]} comparison={node} onChange={(c) => onChange({ type: 'feature', feature: node.feature, ...c })} />
        </Group>
      );
    case 'event':
      return <EventFields node={node} onChange={onChange} />;
    case 'sequence':
      return <SequenceFields node={node} onChange={onChange} />;
    case 'rfm':
      return <RfmFields node={node} onChange={onChange} />;
    case 'lifecycle':
      return (
        <MultiSelect
          label="Stage is one of"
          maw={420}
          data={lifecycleStages.map((s) => ({ value: s, label: stageLabels[s] }))}
          value={node.stages}
          onChange={(stages) => onChange({ ...node, stages: stages as LifecycleStage[] })}
        />
      );
    case 'engagement':
      return (
        <Stack gap="xs">
          <CountInput label="Active on" unit="days" count={node.activeDays} onChange={(activeDays) => onChange({ ...node, activeDays })} />
          <DurationInput label="In the last" value={node.window.last} onChange={(last) => onChange({ ...node, window: { last } })} />
        </Stack>
      );
    case 'affinity':
      return <AffinityFields node={node} onChange={onChange} />;
    case 'location':
      return <LocationFields node={node} onChange={onChange} />;
    case 'local_time':
      return (
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select
            label="Their local"
            w={120}
            allowDeselect={false}
            data={[
              { value: 'hour', label: 'hour (0–23)' },
              { value: 'weekday', label: 'weekday (1 = Mon)' },
            ]}
            value={node.part}
            onChange={(p) => p !== null && onChange({ ...node, part: p as 'hour' | 'weekday' })}
          />
          <ComparisonInput label="Local time" type="number" comparison={node} onChange={(c) => onChange({ type: 'local_time', part: node.part, ...c })} />
        </Group>
      );
    case 'consent':
      return <ConsentFields node={node} onChange={onChange} />;
    case 'segment':
      return <SegmentFields node={node} onChange={onChange} />;
    case 'bucket':
      return <BucketFields node={node} onChange={onChange} />;
  }
}

function RfmFields({ node, onChange }: { node: RfmCondition; onChange: (n: RfmCondition) => void }) {
  const mode = node.segments === undefined ? 'score' : 'segments';
  const op = node.op ?? 'gte';
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        w="fit-content"
        aria-label="RFM by"
        value={mode}
        data={[
          { value: 'segments', label: 'Named groups' },
          { value: 'score', label: 'A score' },
        ]}
        onChange={(m) => onChange(m === 'segments' ? { type: 'rfm', segments: ['Champions'] } : { type: 'rfm', score: 'r', op: 'gte', value: 4 })}
      />
      {mode === 'segments' ? (
        <MultiSelect label="Is in" maw={480} data={[...rfmSegmentNames]} value={node.segments ?? []} onChange={(s) => onChange({ type: 'rfm', segments: s as RfmSegmentName[] })} />
      ) : (
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select
            label="Score"
            w={160}
            allowDeselect={false}
            data={[
              { value: 'r', label: 'Recency (R)' },
              { value: 'f', label: 'Frequency (F)' },
              { value: 'm', label: 'Money (M)' },
            ]}
            value={node.score ?? 'r'}
            onChange={(s) => s !== null && onChange({ ...node, score: s as 'r' | 'f' | 'm' })}
          />
          <Select
            aria-label="RFM comparison"
            w={140}
            allowDeselect={false}
            data={(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'] as const).map((o) => ({ value: o, label: { eq: 'is', neq: 'is not', gt: 'is above', gte: 'is at least', lt: 'is below', lte: 'is at most', between: 'is between' }[o] }))}
            value={op}
            onChange={(o) => {
              if (o === null) return;
              const next = o as NonNullable<RfmCondition['op']>;
              const first = Array.isArray(node.value) ? (node.value[0] ?? 1) : (node.value ?? 4);
              onChange({ ...node, op: next, value: next === 'between' ? [first, 5] : first });
            }}
          />
          {Array.isArray(node.value) ? (
            <>
              <NumberInput aria-label="RFM score from" w={80} min={1} max={5} value={node.value[0] ?? 1} onChange={(v) => onChange({ ...node, value: [num(v, 1), node.value instanceof Array ? (node.value[1] ?? 5) : 5] })} />
              <NumberInput aria-label="RFM score to" w={80} min={1} max={5} value={node.value[1] ?? 5} onChange={(v) => onChange({ ...node, value: [node.value instanceof Array ? (node.value[0] ?? 1) : 1, num(v, 5)] })} />
            </>
          ) : (
            <NumberInput aria-label="RFM score" w={80} min={1} max={5} value={node.value ?? 4} onChange={(v) => onChange({ ...node, value: num(v, 4) })} />
          )}
        </Group>
      )}
    </Stack>
  );
}

function AffinityFields({ node, onChange }: { node: AffinityCondition; onChange: (n: AffinityCondition) => void }) {
  const set = (key: 'topK' | 'minShare', v: number | undefined) => {
    const { [key]: _old, ...rest } = node;
    onChange(v === undefined ? rest : { ...rest, [key]: v });
  };
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <TextInput label="Category" placeholder="Garden" w={200} value={node.category} onChange={(e) => onChange({ ...node, category: e.currentTarget.value })} />
      <NumberInput label="Among their top" description="categories (empty: any)" w={150} min={1} max={100} allowDecimal={false} value={node.topK ?? ''} onChange={(v) => set('topK', typeof v === 'number' ? v : undefined)} />
      <NumberInput
        label="Share of their interest"
        description="at least, in % (empty: any)"
        w={190}
        min={1}
        max={100}
        suffix=" %"
        value={node.minShare === undefined ? '' : Math.round(node.minShare * 100)}
        onChange={(v) => set('minShare', typeof v === 'number' ? v / 100 : undefined)}
      />
    </Group>
  );
}

function LocationFields({ node, onChange }: { node: LocationCondition; onChange: (n: LocationCondition) => void }) {
  const { geofences } = useBuilderChoices();
  const mode = node.near !== undefined ? 'near' : node.geofence !== undefined ? 'geofence' : node.city !== undefined ? 'city' : 'country';
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        w="fit-content"
        aria-label="Location by"
        value={mode}
        data={[
          { value: 'country', label: 'Country' },
          { value: 'city', label: 'City' },
          { value: 'geofence', label: 'Geofence' },
          { value: 'near', label: 'Near a point' },
        ]}
        onChange={(m) =>
          onChange(
            m === 'near'
              ? { type: 'location', near: { latitude: 48.8566, longitude: 2.3522, radiusKm: 10 } }
              : m === 'geofence'
                ? { type: 'location', geofence: geofences[0]?.key ?? '' }
                : m === 'city'
                  ? { type: 'location', city: [] }
                  : { type: 'location', country: [] },
          )
        }
      />
      {mode === 'country' ? (
        <TagsInput label="Country is one of" description="Names or codes as your shop sends them (France, FR); press Enter after each" maw={420} value={node.country ?? []} onChange={(country) => onChange({ type: 'location', country })} />
      ) : null}
      {mode === 'city' ? <TagsInput label="City is one of" description="Press Enter after each" maw={420} value={node.city ?? []} onChange={(city) => onChange({ type: 'location', city })} /> : null}
      {mode === 'geofence' ? (
        geofences.length === 0 ? (
          <Text size="sm" c="dimmed">
            No geofence yet: an admin creates them through the API (docs/geofences.md).
          </Text>
        ) : (
          <Select label="Inside" w={260} allowDeselect={false} data={geofences.map((g) => ({ value: g.key, label: g.name }))} value={node.geofence ?? null} onChange={(g) => g !== null && onChange({ type: 'location', geofence: g })} />
        )
      ) : null}
      {node.near !== undefined ? (
        <Group gap="xs" align="flex-end" wrap="wrap">
          {(['latitude', 'longitude', 'radiusKm'] as const).map((k) => (
            <NumberInput
              key={k}
              label={{ latitude: 'Latitude', longitude: 'Longitude', radiusKm: 'Within (km)' }[k]}
              w={130}
              decimalScale={k === 'radiusKm' ? 1 : 5}
              value={node.near?.[k] ?? 0}
              onChange={(v) => node.near !== undefined && onChange({ type: 'location', near: { ...node.near, [k]: num(v, 0) } })}
            />
          ))}
        </Group>
      ) : null}
    </Stack>
  );
}

function ConsentFields({ node, onChange }: { node: Condition & { type: 'consent' }; onChange: (n: Condition) => void }) {
  const { purposes } = useBuilderChoices();
  const data = purposes.some((p) => p.id === node.purpose) ? purposes.map((p) => ({ value: p.id, label: p.name })) : [...purposes.map((p) => ({ value: p.id, label: p.name })), { value: node.purpose, label: node.purpose }];
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Select
        label="Consent"
        w={140}
        allowDeselect={false}
        data={[
          { value: 'yes', label: 'Agrees to' },
          { value: 'no', label: 'Does not agree to' },
        ]}
        value={node.granted ? 'yes' : 'no'}
        onChange={(g) => onChange({ ...node, granted: g === 'yes' })}
      />
      <Select label="Purpose" w={200} allowDeselect={false} data={data} value={node.purpose} onChange={(p) => p !== null && onChange({ ...node, purpose: p })} />
    </Group>
  );
}

function SegmentFields({ node, onChange }: { node: Condition & { type: 'segment' }; onChange: (n: Condition) => void }) {
  const { segments } = useBuilderChoices();
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      <Select label="Segment" placeholder={segments.length === 0 ? 'No other segment yet' : 'Choose a segment'} w={260} searchable data={segments.map((s) => ({ value: s.id, label: s.name }))} value={node.segment === '' ? null : node.segment} onChange={(s) => onChange({ ...node, segment: s ?? '' })} />
      <Switch label={node.member === false ? 'is not a member' : 'is a member'} checked={node.member !== false} onChange={(e) => onChange({ ...node, member: e.currentTarget.checked })} pb={8} />
    </Group>
  );
}

function BucketFields({ node, onChange }: { node: BucketCondition; onChange: (n: BucketCondition) => void }) {
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <TextInput label="Seed" description="Same seed, same people" w={180} value={node.seed} onChange={(e) => onChange({ ...node, seed: e.currentTarget.value })} />
      <NumberInput label="From %" w={100} min={0} max={100} decimalScale={2} value={node.from} onChange={(v) => onChange({ ...node, from: num(v, 0) })} />
      <NumberInput label="To %" w={100} min={0} max={100} decimalScale={2} value={node.to} onChange={(v) => onChange({ ...node, to: num(v, 0) })} />
      <Text size="sm" pb={8}>
        = {Math.max(0, node.to - node.from).toFixed(2).replace(/\.?0+$/, '')} % of people
      </Text>
    </Group>
  );
}
