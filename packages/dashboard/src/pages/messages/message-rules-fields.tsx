import { Autocomplete, Fieldset, Group, NumberInput, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { triggerKinds, type TriggerKind } from '@rapport/contracts';
import type { AudienceChoices } from '../placements/audience-fields.js';
import type { MessageForm } from './message-form.js';
import { triggerLabels } from './message-words.js';

/** The e-commerce events of the Segment spec, suggested for an event trigger. */
const suggestedEvents = ['Product Viewed', 'Product Added', 'Product Removed', 'Cart Viewed', 'Checkout Started', 'Order Completed', 'Products Searched', 'Product List Viewed', 'Coupon Applied', 'Signed Up'];

type Problem = (path: string) => string | undefined;

/** When the SDK asks for the message: the trigger's kind and the one field that kind has. */
export function TriggerFields({ value, onChange, problem, choices }: { value: MessageForm['trigger']; onChange: (next: MessageForm['trigger']) => void; problem: Problem; choices: AudienceChoices }) {
  const set = <K extends keyof MessageForm['trigger']>(name: K, v: MessageForm['trigger'][K]) => onChange({ ...value, [name]: v });
  const within = (
    <NumberInput label="Within (hours)" description="How long after entering it may still show; default 24" min={1} max={720} allowDecimal={false} value={value.withinHours} onChange={(v) => set('withinHours', v)} error={problem('trigger.withinHours')} />
  );
  return (
    <Fieldset legend="When" p="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label="Trigger" data={triggerKinds.map((k) => ({ value: k, label: triggerLabels[k] }))} value={value.kind} allowDeselect={false} onChange={(k) => k !== null && set('kind', k as TriggerKind)} error={problem('trigger.kind')} />
        {value.kind === 'event' ? <Autocomplete label="Event" required data={suggestedEvents} value={value.event} onChange={(v) => set('event', v)} error={problem('trigger.event')} /> : null}
        {value.kind === 'screen' ? <TagsInput label="Pages" description="Names or paths, * at the end for a prefix; empty: every page" value={value.pages} onChange={(v) => set('pages', v)} error={problem('trigger.pages')} acceptValueOnBlur clearable /> : null}
        {value.kind === 'segment_entered' ? (
          <>
            <Select label="Segment" required searchable data={choices.segments} value={value.segment} onChange={(s) => set('segment', s)} error={problem('trigger.segment')} />
            {within}
          </>
        ) : null}
        {value.kind === 'geofence_entered' ? (
          <>
            <Select label="Geofence" required searchable data={choices.geofences} value={value.geofence} onChange={(g) => set('geofence', g)} error={problem('trigger.geofence')} />
            {within}
          </>
        ) : null}
      </SimpleGrid>
    </Fieldset>
  );
}

/** Whose consent it needs and how often it may show: purpose, frequency, quiet hours, priority, schedule. */
export function DeliveryFields({ form, onChange, problem, purposes }: { form: MessageForm; onChange: <K extends keyof MessageForm>(name: K, v: MessageForm[K]) => void; problem: Problem; purposes: readonly { id: string; name: string }[] }) {
  const f = form.frequency;
  const freq = (name: keyof MessageForm['frequency'], label: string, description: string, max: number) => (
    <NumberInput label={label} description={description} min={1} max={max} allowDecimal={false} placeholder="no limit" value={f[name]} onChange={(v) => onChange('frequency', { ...f, [name]: v })} error={problem(`frequency.${name}`)} />
  );
  return (
    <Stack>
      <Select
        label="Purpose"
        description={form.purpose === '' ? 'An order update or the like: needs no consent and does not count against the daily budget' : 'Shown only to people who agree to this purpose; counts against the daily budget'}
        data={[...purposes.map((p) => ({ value: p.id, label: p.id === 'marketing' ? `${p.name} (promotions)` : p.name })), { value: '', label: 'Service message (no consent needed)' }]}
        value={form.purpose}
        allowDeselect={false}
        onChange={(p) => onChange('purpose', p ?? '')}
        error={problem('purpose')}
      />
      <Fieldset legend="How often" p="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          {freq('perSession', 'Per visit, at most', 'The SDK’s session', 100)}
          {freq('perDay', 'Per day, at most', 'In the person’s time zone', 100)}
          {freq('total', 'In all, at most', 'Over the last 365 days', 10_000)}
          {freq('cooldownAfterDismissHours', 'Pause after a dismissal (hours)', 'Not shown again for this long', 8760)}
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend="Quiet hours (in the person’s time zone)" p="sm">
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput type="time" label="Not from" w={140} value={form.quietHours.from} onChange={(e) => onChange('quietHours', { ...form.quietHours, from: e.currentTarget.value })} error={problem('quietHours.from')} />
          <TextInput type="time" label="Until" w={140} value={form.quietHours.to} onChange={(e) => onChange('quietHours', { ...form.quietHours, to: e.currentTarget.value })} error={problem('quietHours.to')} />
        </Group>
      </Fieldset>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput label="Priority" description="When several qualify, the highest shows; empty is 0" min={-1000} max={1000} allowDecimal={false} value={form.priority} onChange={(v) => onChange('priority', v)} error={problem('priority')} />
        <TextInput type="datetime-local" label="Starts" description="Your time zone; empty: now" value={form.startAt} onChange={(e) => onChange('startAt', e.currentTarget.value)} error={problem('startAt')} />
        <TextInput type="datetime-local" label="Ends (excluded)" description="Empty: no end" value={form.endAt} onChange={(e) => onChange('endAt', e.currentTarget.value)} error={problem('endAt')} />
      </SimpleGrid>
    </Stack>
  );
}
