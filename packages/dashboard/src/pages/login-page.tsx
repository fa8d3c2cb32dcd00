import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { formErrorsOf } from '../components/api-errors.js';
import { PublicFrame } from '../components/public-frame.js';
import { useSession } from '../session/session-context.js';
import { FormError } from '../components/form-error.js';

/** Where a sign-in leads: back to the page that asked for it, never to another site. */
export function nextPath(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Sign in with an e-mail address and a password. */
export function LoginPage() {
  const [params] = useSearchParams();
  const { api, state, signedIn } = useSession();
  const navigate = useNavigate();
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { email: '', password: '' } });
  const next = nextPath(params.get('next'));

  if (state.status === 'signed-in' && !busy) return <Navigate to={next} replace />;

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setGeneral(undefined);
    try {
      signedIn(await api.call('login', { body: values }));
      await navigate(next, { replace: true });
    } catch (error) {
      const errors = formErrorsOf(error, ['email', 'password']);
      form.setErrors(errors.fields);
      setGeneral(errors.general);
    } finally {
      setBusy(false);
    }
  });

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
