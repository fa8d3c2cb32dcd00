import { Group, NumberInput, Select, TagsInput, TextInput } from '@mantine/core';
import { durationUnits, type ComparisonOperator, type ComparisonValue, type Duration, type DurationUnit, type ValueType } from '@rapport/contracts';
import { operatorLabels, operatorsFor, shapeOf, valueFor } from './rule-model.js';

/** The kind of scalar typed in: a trait or property has no known type, so the person says what they mean. */
type ScalarKind = 'text' | 'number' | 'boolean';

function kindOfValue(value: ComparisonValue | undefined): ScalarKind {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean' : 'text';
}

function kindOfType(type: ValueType, value: ComparisonValue | undefined): ScalarKind {
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'any') return kindOfValue(value);
  return 'text';
}

const toKind = (v: string | number | boolean, kind: ScalarKind): string | number | boolean => {
  if (kind === 'number') return typeof v === 'number' ? v : Number.isFinite(Number(v)) && v !== '' ? Number(v) : 0;
  if (kind === 'boolean') return v === true || v === 'true';
  return String(v);
};

/** A length of time: a number and a unit. */
export function DurationInput({ value, onChange, label }: { value: Duration; onChange: (d: Duration) => void; label: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-end">
      <NumberInput label={label} min={1} max={100000} allowDecimal={false} w={110} value={value.amount} onChange={(v) => onChange({ ...value, amount: typeof v === 'number' ? v : 1 })} />
      <Select
        aria-label={`${label} (unit)`}
        w={110}
        allowDeselect={false}
        data={durationUnits.map((u) => ({ value: u, label: u }))}
        value={value.unit}
        onChange={(u) => u !== null && onChange({ ...value, unit: u as DurationUnit })}
      />
    </Group>
  );
}

export interface Comparison {
  op: ComparisonOperator;
  value?: ComparisonValue | undefined;
}

/**
 * An operator and its value, for a trait, a feature, a property or the local time. `type` is the value's type when
 * it is known (features); for traits and properties (`any`) a small choice says whether the value is text, a number
 * or yes / no, since "12" and 12 are different values to the rule language.
 */
export function ComparisonInput({ comparison, onChange, type, label }: { comparison: Comparison; onChange: (c: Comparison) => void; type: ValueType; label: string }) {
  const { op, value } = comparison;
  const kind = kindOfType(type, value);
  const shape = shapeOf(op);
  const set = (v: ComparisonValue | undefined) => onChange(v === undefined ? { op } : { op, value: v });
  const scalar = (v: string | number | boolean, onValue: (v: string | number | boolean) => void, aria: string) =>
    kind === 'number' ? (
      <NumberInput aria-label={aria} w={120} value={typeof v === 'number' ? v : ''} onChange={(n) => onValue(typeof n === 'number' ? n : 0)} />
    ) : kind === 'boolean' ? (
      <Select aria-label={aria} w={100} allowDeselect={false} data={['true', 'false']} value={String(v === true)} onChange={(b) => onValue(b === 'true')} />
    ) : (
      <TextInput aria-label={aria} w={180} value={String(v)} onChange={(e) => onValue(e.currentTarget.value)} />
    );

  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Select
        aria-label={`${label}: comparison`}
        w={170}
        allowDeselect={false}
        data={operatorsFor(type).map((o) => ({ value: o, label: operatorLabels[o] }))}
        value={op}
        onChange={(o) => o !== null && onChange({ op: o as ComparisonOperator, value: valueFor(o as ComparisonOperator, value, kind === 'number') })}
      />
      {type === 'any' && (shape === 'scalar' || shape === 'list' || shape === 'pair') ? (
        <Select
          aria-label={`${label}: kind of value`}
          w={110}
          allowDeselect={false}
          data={[
            { value: 'text', label: 'text' },
            { value: 'number', label: 'number' },
            { value: 'boolean', label: 'yes / no' },
          ]}
          value={kind}
          onChange={(k) => {
            if (k === null || value === undefined) return;
            const next = k as ScalarKind;
            if (Array.isArray(value)) set(value.map((v) => toKind(v, next === 'boolean' ? 'text' : next)) as string[] | number[]);
            else if (typeof value !== 'object') set(toKind(value, next));
          }}
        />
      ) : null}
      {shape === 'scalar' && value !== undefined && typeof value !== 'object' ? scalar(value, set, `${label}: value`) : null}
      {shape === 'pair' && Array.isArray(value) ? (
        <>
          {scalar(value[0] ?? 0, (v) => set([v as number, value[1] ?? 0]), `${label}: from`)}
          {scalar(value[1] ?? 0, (v) => set([value[0] ?? 0, v as number]), `${label}: to`)}
        </>
      ) : null}
      {shape === 'list' && Array.isArray(value) ? (
        <TagsInput
          aria-label={`${label}: values`}
          placeholder="Type a value, press Enter"
          miw={220}
          value={value.map(String)}
          onChange={(items) => set(kind === 'number' ? items.map(Number).filter(Number.isFinite) : items)}
        />
      ) : null}
      {shape === 'duration' && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? <DurationInput label={`${label}: time`} value={value} onChange={set} /> : null}
      {shape === 'date' ? <TextInput type="date" aria-label={`${label}: date`} w={170} value={typeof value === 'string' ? value.slice(0, 10) : ''} onChange={(e) => set(e.currentTarget.value)} /> : null}
    </Group>
  );
}
