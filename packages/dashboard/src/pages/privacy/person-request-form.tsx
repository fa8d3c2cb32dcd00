import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { ErasureReport, ProfileView } from '@rapport/contracts';
import { useState } from 'react';
import { ApiError } from '../../api/index.js';
import type { SubjectLookup } from '../../api/areas/privacy-routes.js';
import { messageOf, notifyDone } from '../../components/api-errors.js';
import { useApi, useCan } from '../../session/session-context.js';
import { downloadExport } from './download-export.js';
import { erasedThings } from './store-labels.js';

const lookups = [
  { value: 'userId', label: 'Customer id (userId)', noun: 'customer id' },
  { value: 'email', label: 'E-mail address', noun: 'e-mail address' },
  { value: 'anonymousId', label: 'Visitor id (anonymousId)', noun: 'visitor id' },
  { value: 'profileId', label: 'Rapport profile id', noun: 'profile id' },
] as const;
type Lookup = (typeof lookups)[number]['value'];

const notFound = new Set(['ERR_PRIVACY_SUBJECT_NOT_FOUND', 'ERR_PROFILE_NOT_FOUND']);

/** A person to export or erase, as found: the id the subject routes take, and how to read it. */
interface Found {
  readonly id: string;
  readonly by: SubjectLookup;
}

/** Export a person's data as a file, or erase them, by customer id, visitor id, e-mail address or profile id. */
export function PersonRequestForm({ onDone }: { onDone: () => void }) {
  const api = useApi();
  const can = useCan();
  const [lookup, setLookup] = useState<Lookup>('userId');
  const [identifier, setIdentifier] = useState('');
  const [format, setFormat] = useState<'json' | 'csv'>('json');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState<'export' | 'erase' | undefined>();
  const [confirming, setConfirming] = useState<{ found: Found; profile: ProfileView } | undefined>();
  const [erased, setErased] = useState<ErasureReport | undefined>();
  const { label, noun } = lookups.find((l) => l.value === lookup) ?? lookups[0];

  /** The subject routes take ids; an e-mail address is looked up among the profiles first. */
  const find = async (): Promise<Found | undefined> => {
    const value = identifier.trim();
    if (value === '') {
      setFieldError(`Enter ${noun.startsWith('e') ? 'an' : 'a'} ${noun}.`);
      return undefined;
    }
    if (lookup !== 'email') return { id: value, by: lookup };
    const page = await api.call('privacyProfileSearch', { query: { q: value, limit: 20 } });
    const matches = page.items.filter((p) => p.email?.toLowerCase() === value.toLowerCase());
    if (matches.length === 1) return { id: matches[0]!.id, by: 'profileId' };
    setFieldError(
      matches.length === 0
        ? 'No one has this e-mail address.'
        : 'Several people have this e-mail address: use their customer id.',
    );
    return undefined;
  };

  const failed = (error: unknown) => {
    if (error instanceof ApiError && notFound.has(error.code))
      setFieldError(`No data is held for this ${noun}.`);
    else setGeneral(messageOf(error));
  };

  const run = async (action: 'export' | 'erase') => {
    setFieldError(undefined);
    setGeneral(undefined);
    setErased(undefined);
    setBusy(action);
    try {
      const found = await find();
      if (found === undefined) return;
      if (action === 'export') {
        await downloadExport({ ...found, format });
        notifyDone('The export is downloaded.');
        onDone();
      } else {
        const profile = await api.call('privacyProfile', {
          params: { id: found.id },
          query: { by: found.by },
        });
        setConfirming({ found, profile });
      }
    } catch (error) {
      failed(error);
    } finally {
      setBusy(undefined);
    }
  };

  const erase = async () => {
    if (confirming === undefined) return;
    setBusy('erase');
    try {
      const report = await api.call('eraseSubject', {
        params: { id: confirming.found.id },
        query: { by: confirming.found.by },
      });
      setErased(report);
      setIdentifier('');
      onDone();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(undefined);
      setConfirming(undefined);
    }
  };

  if (!can('privacy:export') && !can('privacy:erase')) {
    return (
      <Alert color="gray" title="Exports and erasures">
        Owners and admins export or erase a person&apos;s data. You can follow the requests below.
      </Alert>
    );
  }
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="person-request-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(can('privacy:export') ? 'export' : 'erase');
        }}
      >
        <Stack>
          <div>
            <Title order={2} size="h4" id="person-request-title">
              A customer asks for their data
            </Title>
            <Text size="sm" c="dimmed">
              Download everything Rapport holds about a person, or erase it for good. Every request is
              recorded below.
            </Text>
          </div>
          {general === undefined ? null : (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          {erased === undefined ? null : (
            <Alert color="teal" title="Erased" role="status">
              {erased.profiles === 1 ? 'One profile was' : `${erased.profiles} profiles were`} erased, with{' '}
              {Object.values(erased.removed).reduce((a, b) => a + b, 0)} records in all; {erased.suppressed}{' '}
              identifiers are now refused. The report is in the list of requests.
            </Alert>
          )}
          <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
            <Select
              label="Find the person by"
              data={lookups.map(({ value, label: text }) => ({ value, label: text }))}
              value={lookup}
              onChange={(v) => v !== null && setLookup(v as Lookup)}
              allowDeselect={false}
              maw={260}
              miw={200}
            />
            <TextInput
              label={label}
              value={identifier}
              onChange={(e) => setIdentifier(e.currentTarget.value)}
              error={fieldError}
              miw={220}
              autoComplete="off"
            />
          </Group>
          <Group align="flex-end" gap="sm" wrap="wrap">
            {can('privacy:export') ? (
              <>
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="export-format-label">
                    File format
                  </Text>
                  <SegmentedControl
                    aria-labelledby="export-format-label"
                    value={format}
                    onChange={(v) => setFormat(v as 'json' | 'csv')}
                    data={[
                      { value: 'json', label: 'JSON' },
                      { value: 'csv', label: 'CSV (spreadsheet)' },
                    ]}
                  />
                </Stack>
                <Button type="submit" loading={busy === 'export'} disabled={busy !== undefined}>
                  Download their data
                </Button>
              </>
            ) : null}
            {can('privacy:erase') ? (
              <Button
                color="red"
                variant="light"
                loading={busy === 'erase'}
                disabled={busy !== undefined}
                onClick={() => void run('erase')}
              >
                Erase this person…
              </Button>
            ) : null}
          </Group>
        </Stack>
      </form>
      <Modal
        opened={confirming !== undefined}
        onClose={() => setConfirming(undefined)}
        title="Erase this person for good?"
        centered
      >
        {confirming === undefined ? null : (
          <EraseQuestion
            profile={confirming.profile}
            busy={busy === 'erase'}
            onCancel={() => setConfirming(undefined)}
            onErase={() => void erase()}
          />
        )}
      </Modal>
    </Paper>
  );
}

/** Names the person and what goes with them; nothing can bring it back. */
function EraseQuestion({
  profile,
  busy,
  onCancel,
  onErase,
}: {
  profile: ProfileView;
  busy: boolean;
  onCancel: () => void;
  onErase: () => void;
}) {
  const trait = (name: string) =>
    typeof profile.traits[name] === 'string' ? (profile.traits[name] as string) : undefined;
  const who = [trait('name'), trait('email')].filter((t) => t !== undefined).join(', ');
  const ids = [
    ...profile.userIds.map((u) => `customer id ${u}`),
    ...profile.anonymousIds.map((a) => `visitor id ${a}`),
  ];
  return (
    <Stack>
      <Text size="sm">
        You are about to erase <b>{who === '' ? 'this person' : who}</b>
        {ids.length === 0 ? '' : ` (${ids.join(', ')})`}. Rapport removes:
      </Text>
      <List size="sm" spacing={2}>
        {erasedThings.map((t) => (
          <List.Item key={t}>{t}</List.Item>
        ))}
      </List>
      <Text size="sm">
        Their identifiers are kept only as hashes, so that events still on their way from their devices are
        refused. This cannot be undone.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button color="red" loading={busy} onClick={onErase} data-autofocus>
          Erase for good
        </Button>
      </Group>
    </Stack>
  );
}
