import { Button, Checkbox, Collapse, Fieldset, Group, MultiSelect, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { deviceTypes, weekdays, type DeviceType, type Weekday } from '@rapport/contracts';
import { useState } from 'react';
import type { AudienceForm } from './audience-form.js';

/** The segments and geofences the pickers offer (GET /api/v1/segments, GET /api/v1/geofences). */
export interface AudienceChoices {
  readonly segments: readonly { value: string; label: string }[];
  readonly geofences: readonly { value: string; label: string }[];
}

const deviceLabels: Record<DeviceType, string> = { mobile: 'Mobile', tablet: 'Tablet', desktop: 'Desktop' };
const dayLabels: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** Whether any condition beyond the segment, the pages and the devices is set: then they show from the start. */
function hasMore(a: AudienceForm): boolean {
  return a.productIds.length + a.categories.length + a.platforms.length + a.countries.length + a.geofences.length + a.localTime.days.length > 0 || a.localTime.from !== '' || a.localTime.to !== '';
}

/**
 * Who sees it: a segment, and conditions on where the person is and what they look at (the contracts'
 * ContextConditions). Every condition set must hold; a list holds when any of its values matches. `problem` gives the
 * API's problem at a path of the audience (`segment`, `geofences`, `localTime.to`; '' for the whole).
 */
export function AudienceFields({ value, onChange, problem, choices }: { value: AudienceForm; onChange: (next: AudienceForm) => void; problem: (path: string) => string | undefined; choices: AudienceChoices }) {
  const [more, setMore] = useState(() => hasMore(value));
  const set = <K extends keyof AudienceForm>(name: K, v: AudienceForm[K]) => onChange({ ...value, [name]: v });
  // A segment saved by a name, or deleted since, is still offered, so that the picker shows what is saved.
  const segments = value.segment === null || choices.segments.some((s) => s.value === value.segment) ? choices.segments : [...choices.segments, { value: value.segment, label: value.segment }];
  const geofences = [...choices.geofences, ...value.geofences.filter((g) => !choices.geofences.some((c) => c.value === g)).map((g) => ({ value: g, label: g }))];
  const list = (name: 'pages' | 'productIds' | 'categories' | 'platforms', label: string, description: string) => (
    <TagsInput label={label} description={description} value={value[name]} onChange={(v) => set(name, v)} error={problem(name)} clearable acceptValueOnBlur />
  );
  return (
    <Fieldset legend="Audience" variant="filled" p="sm">
      <Stack gap="sm">
        {problem('') === undefined ? null : (
          <Text size="sm" c="red">
            {problem('')}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Segment"
            description="Only its members (with consent to personalization)"
            data={[{ value: '', label: 'Everyone (no segment)' }, ...segments]}
            value={value.segment ?? ''}
            allowDeselect={false}
            searchable
            error={problem('segment')}
            onChange={(s) => set('segment', s === null || s === '' ? null : s)}
          />
          {list('pages', 'Pages', 'Names or paths; /products/* for a prefix. Empty: any page')}
        </SimpleGrid>
        <Checkbox.Group label="Devices" description="None ticked: any device" value={value.devices} onChange={(v) => set('devices', v as DeviceType[])} error={problem('devices')}>
          <Group gap="md" mt={4}>
            {deviceTypes.map((d) => (
              <Checkbox key={d} value={d} label={deviceLabels[d]} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group gap="xs" wrap="wrap">
          <Button variant="subtle" size="compact-sm" onClick={() => setMore((m) => !m)} aria-expanded={more}>
            {more ? 'Fewer conditions' : 'More conditions'}
          </Button>
          {more ? null : (
            <Text size="xs" c="dimmed">
              products, categories, platforms, local time, countries, geofences
            </Text>
          )}
        </Group>
        <Collapse expanded={more}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {list('productIds', 'Products viewed', 'Product ids')}
              {list('categories', 'Categories', 'The category browsed or the product’s')}
              {list('platforms', 'Platforms', 'As the app reports it: ios, android, web')}
              <TagsInput
                label="Countries"
                description="ISO codes (GB, FR); needs consent to personalization"
                value={value.countries}
                onChange={(v) => set('countries', v.map((c) => c.trim().toUpperCase()))}
                error={problem('countries')}
                clearable
                acceptValueOnBlur
              />
            </SimpleGrid>
            <MultiSelect label="Inside a geofence" description="Needs consent to personalization" data={geofences} value={value.geofences} onChange={(v) => set('geofences', v)} error={problem('geofences')} searchable clearable />
            <Fieldset legend="Their local time" variant="unstyled">
              <Group gap="sm" align="flex-start" wrap="wrap">
                <TextInput type="time" label="From" w={130} value={value.localTime.from} onChange={(e) => set('localTime', { ...value.localTime, from: e.currentTarget.value })} error={problem('localTime.from')} />
                <TextInput type="time" label="To (excluded)" w={130} value={value.localTime.to} onChange={(e) => set('localTime', { ...value.localTime, to: e.currentTarget.value })} error={problem('localTime.to')} />
              </Group>
              <Checkbox.Group label="On these days" description="None ticked: every day" value={value.localTime.days} onChange={(v) => set('localTime', { ...value.localTime, days: v as Weekday[] })} error={problem('localTime.days')} mt="xs">
                <Group gap="sm" mt={4}>
                  {weekdays.map((d) => (
                    <Checkbox key={d} value={d} label={dayLabels[d]} />
                  ))}
                </Group>
              </Checkbox.Group>
            </Fieldset>
          </Stack>
        </Collapse>
      </Stack>
    </Fieldset>
  );
}
