import type { UseFormReturnType } from '@mantine/form';
import type { SessionView } from '@rapport/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formErrorsOf } from '../components/api-errors.js';
import { useSession } from './session-context.js';

export interface SignInOptions<V> {
  /** The request that signs the person in (setup, login, an accepted invitation). */
  readonly call: (values: V) => Promise<SessionView>;
  /** The form's fields: the API's errors that name one go next to it. */
  readonly fields: readonly string[];
  /** Where to go once signed in. */
  readonly to: string;
  /** What to say above the form, from the errors the fields did not take (default: the API's message). */
  readonly general?: (errors: ReturnType<typeof formErrorsOf>) => string | undefined;
}

/**
 * The submit of a form that signs a person in: busy while it runs; then the session and on to `to`, or the API's
 * errors next to their fields and the rest above the form.
 */
export function useSignIn<V>(form: UseFormReturnType<V>, o: SignInOptions<V>) {
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setGeneral(undefined);
    try {
      signedIn(await o.call(values));
      await navigate(o.to, { replace: true });
    } catch (error) {
      const errors = formErrorsOf(error, o.fields);
      form.setErrors(errors.fields);
      setGeneral(o.general === undefined ? errors.general : o.general(errors));
    } finally {
      setBusy(false);
    }
  });
  return { submit, busy, general };
}
