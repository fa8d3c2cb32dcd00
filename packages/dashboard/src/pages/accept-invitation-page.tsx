import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useSearchParams } from 'react-router';
import { PasswordField, passwordIsAcceptable } from '../components/password-field.js';
import { PublicFrame } from '../components/public-frame.js';
import { useSession } from '../session/session-context.js';
import { useSignIn } from '../session/use-sign-in.js';
import { FormError } from '../components/form-error.js';

/** The link of an invitation leads here: the invited person chooses their name and password, and is signed in. */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { api } = useSession();
  const form = useForm({ initialValues: { name: '', password: '' } });
  const { submit, busy, general } = useSignIn(form, {
    call: (values) => api.call('acceptInvitation', { body: { token, ...values } }),
    fields: ['name', 'password', 'token'],
    to: '/',
    general: (errors) => (errors.fields['token'] === undefined ? errors.general : 'This invitation link is unknown, already used, withdrawn or expired: ask for a new one.'),
  });
  // The address the invitation is for is not known before it is accepted: the rules compare with the name only.
  const person = { email: '', name: form.values.name };

  if (token === '') {
    return (
      <PublicFrame title="Join the team">
        <Alert color="orange" title="This page needs its link">
          Open the invitation link you were sent (it ends with <code>?token=…</code>).
        </Alert>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title="Join the team" intro="You were invited to this shop's Rapport. Choose your name and a password.">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={general} />
          <TextInput label="Name" autoComplete="name" required {...form.getInputProps('name')} />
          <PasswordField value={form.values.password} onChange={(v) => form.setFieldValue('password', v)} person={person} error={form.errors['password']} />
          <Button type="submit" loading={busy} disabled={!passwordIsAcceptable(form.values.password, person) || form.values.name.trim() === ''}>
            Join
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
