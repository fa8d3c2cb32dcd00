import { Alert, Badge, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { assignableRoles, type AssignableRole, type CreatedInvitationView, type UserView } from '@rapport/contracts';
import { useState } from 'react';
import { messageOf, notifyDone, notifyFailure } from '../../components/api-errors.js';
import { ShownOnce } from '../../components/shown-once.js';
import { useFormSubmit } from '../../hooks/use-form-submit.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan, useSession, useSignedIn } from '../../session/session-context.js';
import { ConfirmButton } from './confirm-button.js';
import { aRole, formatTime } from './format.js';
import { NotAllowed } from './not-allowed.js';
import { FormError } from '../../components/form-error.js';
import { NotLoaded } from '../../components/not-loaded.js';

const roleOptions = assignableRoles.map((r) => ({ value: r, label: r }));

/**
 * The people of the workspace and their roles, and invitations (owners and admins: `users:manage`); the owner can
 * also give the ownership to someone else.
 */
export function TeamSettings() {
  const can = useCan();
  const { user } = useSignedIn();
  if (!can('users:manage')) return <NotAllowed role={user.role} what="the users and their invitations" />;
  return (
    <Stack gap="xl">
      <Users />
      <Invitations />
    </Stack>
  );
}

function Users() {
  const api = useApi();
  const { refresh } = useSession();
  const me = useSignedIn().user;
  const users = useLoad('users', () => api.call('users'));

  const changeRole = async (u: UserView, role: AssignableRole) => {
    try {
      await api.call('updateUser', { params: { id: u.id }, body: { role } });
      notifyDone(`${u.name} is now ${aRole(role)}.`);
    } catch (error) {
      notifyFailure(`The role of ${u.name} was not changed`, error);
    }
    users.reload();
  };
  const makeOwner = async (u: UserView) => {
    try {
      const { owner, previousOwner } = await api.call('transferOwnership', { params: { id: u.id } });
      notifyDone(`${owner.name} is now the owner, and you are ${aRole(previousOwner.role)}.`);
    } catch (error) {
      notifyFailure(`${u.name} was not made the owner`, error);
    }
    users.reload();
    // Your own role changed: what the pages let you do follows it.
    await refresh();
  };
  const remove = async (u: UserView) => {
    try {
      await api.call('removeUser', { params: { id: u.id } });
      notifyDone(`${u.name} was removed.`);
    } catch (error) {
      notifyFailure(`${u.name} was not removed`, error);
    }
    users.reload();
  };

  return (
    <Stack>
      <Title order={2} size="h3">
        Users
      </Title>
      {users.error === undefined ? null : <Alert color="red">{messageOf(users.error)}</Alert>}
      {users.data === undefined ? (
        <Loader aria-label="Loading" />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" aria-label="Users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Last login</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {u.name} {u.id === me.id ? <Badge size="xs" variant="outline">you</Badge> : null}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {u.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {u.role === 'owner' || u.id === me.id ? (
                      <Badge variant="light">{u.role}</Badge>
                    ) : (
                      <Select size="xs" w={130} aria-label={`Role of ${u.name}`} data={roleOptions} value={u.role} allowDeselect={false} onChange={(value) => value !== null && value !== u.role && void changeRole(u, value as AssignableRole)} />
                    )}
                  </Table.Td>
                  <Table.Td>{formatTime(u.lastLoginAt)}</Table.Td>
                  <Table.Td>
                    {u.role === 'owner' || u.id === me.id ? null : (
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        {me.role === 'owner' ? (
                          <ConfirmButton
                            label="Make owner"
                            ariaLabel={`Make ${u.name} the owner`}
                            title={`Make ${u.name} the owner?`}
                            question={`${u.name} (${u.email}) becomes the owner of the workspace, and you become an admin. Only the new owner can give the ownership back.`}
                            confirm="Make owner"
                            onConfirm={() => makeOwner(u)}
                          />
                        ) : null}
                        <ConfirmButton label="Remove" ariaLabel={`Remove ${u.name}`} title={`Remove ${u.name}?`} question={`${u.name} (${u.email}) will be signed out at once and can no longer sign in. Their entries in the audit log stay.`} confirm="Remove" onConfirm={() => remove(u)} />
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function Invitations() {
  const api = useApi();
  const invitations = useLoad('invitations', () => api.call('invitations'));
  const [created, setCreated] = useState<CreatedInvitationView | undefined>();
  const form = useForm<{ email: string; role: AssignableRole }>({ initialValues: { email: '', role: 'marketer' } });

  const { submit, busy, general } = useFormSubmit(form, {
    fields: ['email', 'role'],
    action: async (values) => {
      setCreated(await api.call('invite', { body: values }));
      form.reset();
      invitations.reload();
    },
  });
  const revoke = async (id: string, email: string) => {
    try {
      await api.call('revokeInvitation', { params: { id } });
      notifyDone(`The invitation of ${email} was withdrawn.`);
    } catch (error) {
      notifyFailure('The invitation was not withdrawn', error);
    }
    invitations.reload();
  };

  return (
    <Stack>
      <Title order={2} size="h3">
        Invitations
      </Title>
      <form onSubmit={submit} noValidate aria-label="Invite someone">
        <Group align="flex-start" gap="sm">
          <TextInput label="E-mail address" type="email" required w={{ base: '100%', sm: 280 }} {...form.getInputProps('email')} />
          <Select label="Role" data={roleOptions} allowDeselect={false} w={{ base: '100%', sm: 150 }} {...form.getInputProps('role')} />
          <Button type="submit" loading={busy} mt={{ base: 0, sm: 25 }} disabled={form.values.email === ''}>
            Invite
          </Button>
        </Group>
      </form>
      <FormError message={general} />
      {created === undefined ? null : (
        <ShownOnce
          title={`Invitation link for ${created.invitation.email}`}
          note={`Send this link to them: it is shown only this once, works once, until ${formatTime(created.invitation.expiresAt)}. Rapport sends no e-mail yet.`}
          value={created.url}
          onDone={() => setCreated(undefined)}
        />
      )}
      {invitations.data === undefined ? (
        <NotLoaded loaded={invitations} />
      ) : invitations.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No invitation is waiting to be accepted.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" aria-label="Invitations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>E-mail address</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.data.items.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{i.email}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{i.role}</Badge>
                  </Table.Td>
                  <Table.Td>{formatTime(i.expiresAt)}</Table.Td>
                  <Table.Td>
                    <ConfirmButton label="Withdraw" ariaLabel={`Withdraw the invitation of ${i.email}`} title="Withdraw the invitation?" question={`The link sent to ${i.email} will stop working.`} confirm="Withdraw" onConfirm={() => revoke(i.id, i.email)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
