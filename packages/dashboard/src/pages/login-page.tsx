import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Navigate, useSearchParams } from 'react-router';
import { PublicFrame } from '../components/public-frame.js';
import { useSession } from '../session/session-context.js';
import { useSignIn } from '../session/use-sign-in.js';
import { FormError } from '../components/form-error.js';

/** Where a sign-in leads: back to the page that asked for it, never to another site. */
export function nextPath(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Sign in with an e-mail address and a password. */
export function LoginPage() {
  const [params] = useSearchParams();
  const { api, state } = useSession();
  const form = useForm({ initialValues: { email: '', password: '' } });
  const next = nextPath(params.get('next'));
  const { submit, busy, general } = useSignIn(form, {
    call: (values) => api.call('login', { body: values }),
    fields: ['email', 'password'],
    to: next,
  });

  if (state.status === 'signed-in' && !busy) return <Navigate to={next} replace />;

  return (
    <PublicFrame title="Log in">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError message={general} />
          <TextInput label="E-mail address" type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <Button type="submit" loading={busy} disabled={form.values.email === '' || form.values.password === ''}>
            Log in
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
