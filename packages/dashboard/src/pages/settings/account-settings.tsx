import { Badge, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifyDone } from '../../components/api-errors.js';
import { FormError } from '../../components/form-error.js';
import { PasswordField, passwordIsAcceptable } from '../../components/password-field.js';
import { useFormSubmit } from '../../hooks/use-form-submit.js';
import { useApi, useSession, useSignedIn } from '../../session/session-context.js';

/** The signed-in person's own account, whatever their role: their name and their password. */
export function AccountSettings() {
  const { user } = useSignedIn();
  return (
    <Stack gap="xl">
      <Group gap="xs">
        <Text size="sm">
          Signed in as <b>{user.email}</b>
        </Text>
        <Badge variant="light">{user.role}</Badge>
      </Group>
      <NameForm />
      <PasswordForm />
    </Stack>
  );
}

function NameForm() {
  const api = useApi();
  const { signedIn } = useSession();
  const { user } = useSignedIn();
  const form = useForm({ initialValues: { name: user.name } });
  const name = form.values.name.trim();

  const { submit, busy, general } = useFormSubmit(form, {
    fields: ['name'],
    action: async (values) => {
      const session = await api.call('updateMe', { body: { name: values.name.trim() } });
      // The answer is the session with the new name: the header shows it at once.
      signedIn(session);
      form.setValues({ name: session.user.name });
      notifyDone(`Your name is now ${session.user.name}.`);
    },
  });

  return (
    <Stack>
      <Title order={2} size="h3">
        Your name
      </Title>
      <form onSubmit={submit} noValidate aria-label="Change your name">
        <Stack maw={480}>
          <FormError message={general} />
          <TextInput label="Name" description="How the team and the audit log see you" autoComplete="name" required {...form.getInputProps('name')} />
          <Group>
            <Button type="submit" loading={busy} disabled={name === '' || name === user.name}>
              Save the name
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

function PasswordForm() {
  const api = useApi();
  const { user } = useSignedIn();
  const form = useForm<PasswordChange>({ initialValues: { currentPassword: '', newPassword: '' } });

  const { submit, busy, general } = useFormSubmit(form, {
    // A wrong current password comes back at /currentPassword, a weak new one at /newPassword.
    fields: ['currentPassword', 'newPassword'],
    action: async (body) => {
      await api.call('changePassword', { body });
      form.reset();
      notifyDone('Your password is changed. Your other sessions have ended; this one goes on.');
    },
  });

  return (
    <Stack>
      <Title order={2} size="h3">
        Password
      </Title>
      <form onSubmit={submit} noValidate aria-label="Change your password">
        <Stack maw={480}>
          {/* For password managers: whose password this is. */}
          <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
          <FormError message={general} />
          <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
          <PasswordField label="New password" value={form.values.newPassword} onChange={(v) => form.setFieldValue('newPassword', v)} person={user} error={form.errors['newPassword']} />
          <Text size="xs" c="dimmed">
            Your other sessions end: on your other devices, you sign in again with the new password.
          </Text>
          <Group>
            <Button type="submit" loading={busy} disabled={form.values.currentPassword === '' || !passwordIsAcceptable(form.values.newPassword, user)}>
              Change the password
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
