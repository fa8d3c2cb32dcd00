import { Badge, Group, List, Loader, NativeSelect, Paper, SegmentedControl, SimpleGrid, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { deviceTypes, type DecisionView, type DeviceType, type PlacementKind } from '@rapport/contracts';
import { PhoneFrame } from '../../components/phone-frame.js';
import type { PhoneScene } from '../../components/phone-scene.js';
import type { PlacementPreviewState, PreviewInput } from './use-placement-preview.js';
import { PreviewProblem } from '../../components/preview-problem.js';

/** What the phone shows of a content decision: its fields as a hero card, or why there is nothing. */
function sceneOf(decision: DecisionView | undefined): PhoneScene {
  if (decision === undefined) return { kind: 'note', text: 'The preview appears here.' };
  if (decision.content === null) return { kind: 'note', text: `Nothing is shown. ${decision.reason.sentence}` };
  return { kind: 'hero', content: decision.content };
}

function chosen(d: DecisionView): string {
  if (d.experience !== null) return `Experience: ${d.experience.name}`;
  if (d.reason.kind === 'default') return 'The default';
  return 'Nothing';
}

/** Whom and where: a person by id or nobody, the page, the device, the product, the time zone (items for sorts). */
function PreviewInputs({ kind, input, onInput }: { kind: PlacementKind; input: PreviewInput; onInput: (next: PreviewInput) => void }) {
  const set = <K extends keyof PreviewInput>(name: K, v: PreviewInput[K]) => onInput({ ...input, [name]: v });
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label="Preview for"
        size="xs"
        data={[
          { value: 'nobody', label: 'Nobody known' },
          { value: 'user', label: 'A user id' },
          { value: 'anonymous', label: 'An anonymous id' },
        ]}
        value={input.who}
        onChange={(v) => set('who', v === 'user' || v === 'anonymous' ? v : 'nobody')}
      />
      {input.who === 'nobody' ? null : <TextInput label={input.who === 'user' ? 'User id' : 'Anonymous id'} value={input.id} onChange={(e) => set('id', e.currentTarget.value)} />}
      <SimpleGrid cols={2} spacing="xs">
        <TextInput label="Page" value={input.page} onChange={(e) => set('page', e.currentTarget.value)} />
        <NativeSelect
          label="Device"
          data={[{ value: '', label: 'Not said' }, ...deviceTypes.map((d) => ({ value: d, label: d[0]!.toUpperCase() + d.slice(1) }))]}
          value={input.device}
          onChange={(e) => set('device', e.currentTarget.value as DeviceType | '')}
        />
        <TextInput label="Product id" value={input.productId} onChange={(e) => set('productId', e.currentTarget.value)} />
        <TextInput label="Time zone" value={input.timezone} onChange={(e) => set('timezone', e.currentTarget.value)} />
      </SimpleGrid>
      {kind === 'content' ? null : <TagsInput label="Products to order" description="Product ids, in the order your page has them" value={input.items} onChange={(v) => set('items', v)} acceptValueOnBlur clearable />}
      {kind === 'search' ? <TextInput label="Search query" value={input.query} onChange={(e) => set('query', e.currentTarget.value)} /> : null}
    </Stack>
  );
}

/** The decision: what was chosen and why, what was passed over, and the content in a phone or the ordered list. */
function DecisionShown({ decision, personalized, kind }: { decision: DecisionView; personalized: boolean; kind: PlacementKind }) {
  const content = decision.content === null ? [] : Object.entries(decision.content);
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge color={decision.experience === null ? 'gray' : 'teal'} data-testid="preview-choice">
          {chosen(decision)}
        </Badge>
        {decision.variant === null ? null : <Badge variant="outline">Variant {decision.variant}</Badge>}
        {personalized ? <Badge variant="light">Uses their own data</Badge> : <Badge variant="light" color="gray">Context only</Badge>}
      </Group>
      <Text size="sm" data-testid="preview-reason" aria-live="polite">
        {decision.reason.sentence}
      </Text>
      {decision.reason.skipped.length === 0 ? null : (
        <div>
          <Text size="sm" fw={600}>
            Passed over
          </Text>
          <List size="sm" spacing={2} data-testid="preview-skipped">
            {decision.reason.skipped.map((s) => (
              <List.Item key={s.experience}>
                {s.experience}: {s.why}
              </List.Item>
            ))}
          </List>
        </div>
      )}
      {kind === 'content' ? (
        <>
          <PhoneFrame scene={sceneOf(decision)} label="The placement on a phone" maxHeight={460} />
          {content.length === 0 ? null : (
            <Table.ScrollContainer minWidth={260}>
              <Table aria-label="Rendered fields" data-testid="preview-fields" fz="sm">
                <Table.Tbody>
                  {content.map(([name, text]) => (
                    <Table.Tr key={name}>
                      <Table.Th w={100} style={{ verticalAlign: 'top' }}>
                        {name}
                      </Table.Th>
                      <Table.Td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{text === '' ? <Text c="dimmed">(empty)</Text> : text}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {(decision.content?.['image'] ?? '') === '' ? null : (
            <Text size="xs" c="dimmed">
              The dashboard loads nothing from other sites: a placeholder stands in for the image {decision.content?.['image']}.
            </Text>
          )}
        </>
      ) : (decision.items ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          Add product ids to order above.
        </Text>
      ) : (
        <List type="ordered" size="sm" spacing={4} aria-label="Ordered products" data-testid="preview-items">
          {(decision.items ?? []).map((item) => (
            <List.Item key={item.productId}>
              <Text span fw={600} size="sm">
                {item.productId}
              </Text>{' '}
              {item.moved === 0 ? null : (
                <Badge size="xs" variant="light" color={item.moved > 0 ? 'teal' : 'gray'}>
                  {item.moved > 0 ? `↑ ${item.moved}` : `↓ ${-item.moved}`}
                </Badge>
              )}{' '}
              {item.reason === null ? null : (
                <Text span size="xs" c="dimmed">
                  {item.reason}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** The live preview beside the placement editor. */
export function PlacementPreview({ kind, input, onInput, state }: { kind: PlacementKind; input: PreviewInput; onInput: (next: PreviewInput) => void; state: PlacementPreviewState }) {
  const shown = state.status === 'done' ? state : state.last;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Preview">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Preview
          </Title>
          {state.status === 'loading' ? <Loader size="xs" aria-label="Updating the preview" /> : null}
        </Group>
        <Text size="xs" c="dimmed">
          What the placement as it is in the form would show, before you save it. Nothing is recorded.
        </Text>
        <PreviewInputs kind={kind} input={input} onInput={onInput} />
        <PreviewProblem state={state} testId="preview-invalid" />
        {shown === undefined ? null : (
          <div style={{ opacity: state.status === 'done' ? 1 : 0.6, transition: 'opacity 150ms' }}>
            <DecisionShown decision={shown.decision} personalized={shown.personalized} kind={kind} />
          </div>
        )}
      </Stack>
    </Paper>
  );
}
