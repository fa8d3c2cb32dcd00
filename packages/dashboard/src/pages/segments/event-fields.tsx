import { ActionIcon, Autocomplete, Button, Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { ecommerceEvents, type CountComparison, type EventCondition, type EventMatch, type PropertyFilter, type SequenceCondition, type Window } from '@rapport/contracts';
import { ComparisonInput, DurationInput } from './comparison-input.js';

/** The e-commerce spec's events first, then the message types a rule can name. */
const eventSuggestions = [...Object.values(ecommerceEvents), '$page', '$screen', '$identify', '$group', '$alias'];

const countLabels: Record<CountComparison['op'], string> = { gte: 'at least', eq: 'exactly', gt: 'more than', lt: 'fewer than', lte: 'at most', neq: 'not exactly' };

/** An event name (suggested from the e-commerce spec) and its property filters. */
function EventMatchInput({ match, onChange, label }: { match: EventMatch; onChange: (m: EventMatch) => void; label: string }) {
  const filters = match.where ?? [];
  const setFilters = (where: PropertyFilter[]) => {
    const { where: _old, ...rest } = match;
    onChange(where.length === 0 ? rest : { ...rest, where });
  };
  return (
    <Stack gap="xs">
      <Autocomplete label={label} placeholder="Order Completed" data={eventSuggestions} value={match.event} onChange={(event) => onChange({ ...match, event })} maw={320} />
      {filters.map((f, i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            label={i === 0 ? 'Where the property' : undefined}
            aria-label={`${label}: property ${i + 1}`}
            placeholder="revenue, products[].category"
            w={200}
            value={f.property}
            onChange={(e) => setFilters(filters.map((g, j) => (j === i ? { ...g, property: e.currentTarget.value } : g)))}
          />
          <ComparisonInput
            label={`${label}: property ${i + 1}`}
            type="any"
            comparison={f}
            onChange={(c) => setFilters(filters.map((g, j) => (j === i ? { property: g.property, ...c } : g)))}
          />
          <ActionIcon variant="subtle" color="gray" aria-label={`Remove property filter ${i + 1}`} onClick={() => setFilters(filters.filter((_, j) => j !== i))}>
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button size="compact-xs" variant="subtle" onClick={() => setFilters([...filters, { property: '', op: 'eq', value: '' }])}>
          + Filter on a property
        </Button>
      </Group>
    </Stack>
  );
}

/** How many times: an operator and a number. */
function CountInput({ count, onChange, label, unit }: { count: CountComparison; onChange: (c: CountComparison) => void; label: string; unit: string }) {
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        label={label}
        w={140}
        allowDeselect={false}
        data={Object.entries(countLabels).map(([value, l]) => ({ value, label: l }))}
        value={count.op}
        onChange={(op) => op !== null && onChange({ ...count, op: op as CountComparison['op'] })}
      />
      <NumberInput aria-label={`${label}: number`} w={90} min={0} allowDecimal={false} value={count.value} onChange={(v) => onChange({ ...count, value: typeof v === 'number' ? v : 0 })} />
      <Text size="sm" pb={6}>
        {unit}
      </Text>
    </Group>
  );
}

const dateOf = (iso: string) => iso.slice(0, 10);

/** When the events count: ever, in the last T, or between two dates (whole days, UTC). */
export function WindowInput({ window, onChange, allowEver = true }: { window: Window | undefined; onChange: (w: Window | undefined) => void; allowEver?: boolean }) {
  const mode = window === undefined ? 'ever' : 'last' in window ? 'last' : 'between';
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        aria-label="When"
        w="fit-content"
        value={mode}
        data={[...(allowEver ? [{ value: 'ever', label: 'Ever' }] : []), { value: 'last', label: 'In the last…' }, { value: 'between', label: 'Between dates' }]}
        onChange={(m) => onChange(m === 'ever' ? undefined : m === 'last' ? { last: { amount: 30, unit: 'days' } } : { from: `${today}T00:00:00.000Z`, to: `${today}T23:59:59.999Z` })}
      />
      {window !== undefined && 'last' in window ? <DurationInput label="In the last" value={window.last} onChange={(last) => onChange({ last })} /> : null}
      {window !== undefined && 'from' in window ? (
        <Group gap="xs">
          <TextInput type="date" label="From" value={dateOf(window.from)} onChange={(e) => onChange({ ...window, from: `${e.currentTarget.value}T00:00:00.000Z` })} />
          <TextInput type="date" label="To (included)" value={dateOf(window.to)} onChange={(e) => onChange({ ...window, to: `${e.currentTarget.value}T23:59:59.999Z` })} />
        </Group>
      ) : null}
    </Stack>
  );
}

function withWindow<T extends { window?: Window }>(node: T, window: Window | undefined): T {
  const { window: _old, ...rest } = node;
  return (window === undefined ? rest : { ...rest, window }) as T;
}

/** Did an event, with property filters, a number of times, in a window. */
export function EventFields({ node, onChange }: { node: EventCondition; onChange: (n: EventCondition) => void }) {
  const count = node.count ?? { op: 'gte', value: 1 };
  return (
    <Stack gap="xs">
      <EventMatchInput
        label="Event"
        match={node}
        onChange={(m) => {
          const { event: _event, where: _where, ...rest } = node;
          onChange({ ...rest, ...m });
        }}
      />
      <CountInput label="How many times" unit="times" count={count} onChange={(c) => onChange({ ...node, count: c })} />
      <WindowInput window={node.window} onChange={(w) => onChange(withWindow(node, w))} />
    </Stack>
  );
}

/** Did one event, then another within T. */
export function SequenceFields({ node, onChange }: { node: SequenceCondition; onChange: (n: SequenceCondition) => void }) {
  return (
    <Stack gap="xs">
      <EventMatchInput label="First" match={node.first} onChange={(first) => onChange({ ...node, first })} />
      <EventMatchInput label="Then" match={node.then} onChange={(then) => onChange({ ...node, then })} />
      <DurationInput label="Within" value={node.within} onChange={(within) => onChange({ ...node, within })} />
      <Text size="xs" c="dimmed">
        When the first event happened:
      </Text>
      <WindowInput window={node.window} onChange={(w) => onChange(withWindow(node, w))} />
    </Stack>
  );
}

export { CountInput };
