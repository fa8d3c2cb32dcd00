import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, useSearchParams } from 'react-router';
import { PasswordField, passwordIsAcceptable } from '../components/password-field.js';
import { PublicFrame } from '../components/public-frame.js';
import { useSession } from '../session/session-context.js';
import { useSignIn } from '../session/use-sign-in.js';
import { FormError } from '../components/form-error.js';

const fields = ['email', 'name', 'password', 'token'];

/** First run: the link `rapport start` prints leads here, to create the owner's account (and sign them in). */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { api } = useSession();
  const form = useForm({ initialValues: { email: '', name: '', password: '' } });
  const { submit, busy, general } = useSignIn(form, {
    call: (values) => api.call('setup', { body: { token, ...values } }),
    fields,
    to: '/',
    general: (errors) => errors.fields['token'] ?? errors.general,
  });

  if (token === '') {
    return (
      <PublicFrame title="Create the owner's account">
        <Alert color="orange" title="This page needs its link">
          Open the setup link that <code>rapport start</code> printed on its terminal (it ends with <code>?token=…</code>). Once the owner exists, <Anchor component={Link} to="/login">log in</Anchor> instead.
        </Alert>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title="Create the owner's account" intro="Nobody can sign in yet. The owner may do everything, and invites the rest of the team.">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={general} />
          <TextInput label="E-mail address" type="email" autoComplete="email" required {...form.getInputProps('email')} />
          <TextInput label="Name" autoComplete="name" required {...form.getInputProps('name')} />
          <PasswordField value={form.values.password} onChange={(v) => form.setFieldValue('password', v)} person={form.values} error={form.errors['password']} />
          <Button type="submit" loading={busy} disabled={!passwordIsAcceptable(form.values.password, form.values) || form.values.email === '' || form.values.name.trim() === ''}>
            Create the account
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
