import { Badge, Button, Checkbox, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { secretKeyScopeDescriptions, secretKeyScopes, type CreatedKeyView, type KeyKind, type SecretKeyScope } from '@rapport/contracts';
import { useState } from 'react';
import { notifyDone, notifyFailure } from '../../components/api-errors.js';
import { ShownOnce } from '../../components/shown-once.js';
import { useFormSubmit } from '../../hooks/use-form-submit.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan, useSignedIn } from '../../session/session-context.js';
import { ConfirmButton } from './confirm-button.js';
import { formatTime } from './format.js';
import { NotAllowed } from './not-allowed.js';
import { FormError } from '../../components/form-error.js';
import { NotLoaded } from '../../components/not-loaded.js';

interface KeyForm {
  name: string;
  kind: KeyKind;
  scopes: SecretKeyScope[];
}

/** API keys: secret keys for servers (scoped), write keys for apps and pages (`keys:manage`). */
export function ApiKeysSettings() {
  const can = useCan();
  const { user } = useSignedIn();
  if (!can('keys:manage')) return <NotAllowed role={user.role} what="the API keys" />;
  return <ApiKeys />;
}

function ApiKeys() {
  const api = useApi();
  const keys = useLoad('keys', () => api.call('keys'));
  const [created, setCreated] = useState<CreatedKeyView | undefined>();
  const form = useForm<KeyForm>({ initialValues: { name: '', kind: 'secret', scopes: ['read'] } });

  const { submit, busy, general } = useFormSubmit(form, {
    fields: ['name', 'scopes'],
    action: async ({ name, kind, scopes }) => {
      setCreated(await api.call('createKey', { body: kind === 'secret' ? { kind, name, scopes } : { kind, name } }));
      form.reset();
      keys.reload();
    },
  });
  const revoke = async (id: string, name: string) => {
    try {
      await api.call('revokeKey', { params: { id } });
      notifyDone(`The key “${name}” was revoked.`);
    } catch (error) {
      notifyFailure(`The key “${name}” was not revoked`, error);
    }
    keys.reload();
  };

  return (
    <Stack gap="xl">
      <Stack>
        <Title order={2} size="h3">
          New key
        </Title>
        <form onSubmit={submit} noValidate aria-label="Create a key">
          <Stack maw={760}>
            <FormError message={general} />
            <TextInput label="Name" description="What uses it, e.g. “catalog sync”" required {...form.getInputProps('name')} />
            <SegmentedControl
              aria-label="Kind of key"
              data={[
                { value: 'secret', label: 'Secret key (servers)' },
                { value: 'write', label: 'Write key (apps, pages)' },
              ]}
              {...form.getInputProps('kind')}
            />
            {form.values.kind === 'secret' ? (
              <Checkbox.Group label="Scopes" description="What the key may do: give it no more than it needs" {...form.getInputProps('scopes')}>
                <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                  {secretKeyScopes.map((scope) => (
                    <Checkbox key={scope} value={scope} label={<code>{scope}</code>} description={secretKeyScopeDescriptions[scope]} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
            ) : (
              <Text size="sm" c="dimmed">
                A write key is public: it only sends events and asks for client-side personalization; it never reads data.
              </Text>
            )}
            <Group>
              <Button type="submit" loading={busy} disabled={form.values.name.trim() === '' || (form.values.kind === 'secret' && form.values.scopes.length === 0)}>
                Create the key
              </Button>
            </Group>
          </Stack>
        </form>
        {created === undefined ? null : (
          <ShownOnce title={`The key “${created.apiKey.name}”`} note="Copy it now: it is shown only this once (Rapport stores only its hash)." value={created.key} onDone={() => setCreated(undefined)} />
        )}
      </Stack>
      <Stack>
        <Title order={2} size="h3">
          Keys
        </Title>
        {keys.data === undefined ? (
          <NotLoaded loaded={keys} />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" aria-label="API keys">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Scopes</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.data.items.map((k) => (
                  <Table.Tr key={k.id} c={k.revokedAt === null ? undefined : 'dimmed'}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {k.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        <code>{k.prefix}…</code>
                      </Text>
                    </Table.Td>
                    <Table.Td>{k.kind}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {k.scopes.map((s) => (
                          <Badge key={s} size="xs" variant="outline" tt="none">
                            {s}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatTime(k.createdAt)}</Table.Td>
                    <Table.Td>{formatTime(k.lastUsedAt)}</Table.Td>
                    <Table.Td>
                      {k.revokedAt === null ? (
                        <ConfirmButton label="Revoke" ariaLabel={`Revoke the key ${k.name}`} title={`Revoke “${k.name}”?`} question="Whatever uses this key is refused from now on. This cannot be undone." confirm="Revoke" onConfirm={() => revoke(k.id, k.name)} />
                      ) : (
                        <Text size="xs">revoked {formatTime(k.revokedAt)}</Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Stack>
  );
}
