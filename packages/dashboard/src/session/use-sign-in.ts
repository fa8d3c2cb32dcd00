import type { UseFormReturnType } from '@mantine/form';
import type { SessionView } from '@rapport/contracts';
import { useNavigate } from 'react-router';
import { useFormSubmit, type FormSubmitOptions } from '../hooks/use-form-submit.js';
import { useSession } from './session-context.js';

/** `fields` and `general` as for any form (useFormSubmit). */
export interface SignInOptions<V> extends Pick<FormSubmitOptions<V>, 'fields' | 'general'> {
  /** The request that signs the person in (setup, login, an accepted invitation). */
  readonly call: (values: V) => Promise<SessionView>;
  /** Where to go once signed in. */
  readonly to: string;
}

/**
 * The submit of a form that signs a person in: busy while it runs; then the session and on to `to`, or the API's
 * errors next to their fields and the rest above the form.
 */
export function useSignIn<V>(form: UseFormReturnType<V>, o: SignInOptions<V>) {
  const { signedIn } = useSession();
  const navigate = useNavigate();
  return useFormSubmit(form, {
    fields: o.fields,
    general: o.general,
    action: async (values) => {
      signedIn(await o.call(values));
      await navigate(o.to, { replace: true });
    },
  });
}
