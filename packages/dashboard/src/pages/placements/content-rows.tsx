import { ActionIcon, Autocomplete, Button, Fieldset, Group, Stack, Text, Textarea } from '@mantine/core';
import { PLACEMENT_LIMITS } from '@rapport/contracts';
import { rowId } from './audience-form.js';
import { commonFields, type FieldRow } from './placement-form.js';

/**
 * The fields of a content, one row each: its name (what the app reads: title, body, image, ctaText, ctaUrl…) and
 * its Liquid template. `problem` gives the API's problem of a row (`2.template`) or of the whole content ('').
 */
export function ContentRows({ legend, rows, onChange, problem }: { legend: string; rows: FieldRow[]; onChange: (rows: FieldRow[]) => void; problem: (path: string) => string | undefined }) {
  const change = (i: number, patch: Partial<FieldRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const unused = commonFields.filter((f) => !rows.some((r) => r.name.trim() === f));
  return (
    <Fieldset legend={legend} p="sm">
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          Each field is a Liquid template: {'{{ profile.firstName | default: "there" }}'}, {'{{ product.name }}'}, {'{% for p in recommendations.NAME limit: 3 %}…{% endfor %}'}. Apps read the fields by name.
        </Text>
        {problem('') === undefined ? null : (
          <Text size="sm" c="red" role="alert">
            {problem('')}
          </Text>
        )}
        {rows.map((row, i) => {
          const name = row.name.trim();
          return (
            <Group key={row.id} gap="xs" align="flex-start" wrap="wrap">
              <Autocomplete
                label="Field"
                aria-label={`Name of field ${i + 1}`}
                w={150}
                data={unused}
                value={row.name}
                onChange={(v) => change(i, { name: v })}
                error={name === '' && row.template !== '' ? 'Name it: it is left out until then' : undefined}
              />
              <Textarea
                label={name === '' ? `Field ${i + 1}` : name}
                description={name === 'image' || name.endsWith('Url') ? 'A URL' : undefined}
                autosize
                minRows={1}
                maxRows={8}
                style={{ flex: '1 1 220px' }}
                value={row.template}
                onChange={(e) => change(i, { template: e.currentTarget.value })}
                error={problem(`${i}.template`)}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              />
              <ActionIcon variant="subtle" color="gray" mt={26} size="lg" aria-label={`Remove the field ${name === '' ? i + 1 : name}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                ✕
              </ActionIcon>
            </Group>
          );
        })}
        <div>
          <Button variant="light" size="xs" disabled={rows.length >= PLACEMENT_LIMITS.fields} onClick={() => onChange([...rows, { id: rowId(), name: unused[0] ?? '', template: '' }])}>
            Add a field
          </Button>
        </div>
      </Stack>
    </Fieldset>
  );
}
