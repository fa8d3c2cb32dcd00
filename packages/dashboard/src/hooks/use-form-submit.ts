import type { UseFormReturnType } from '@mantine/form';
import { useState, type SyntheticEvent } from 'react';
import { formErrorsOf } from '../components/api-errors.js';

export interface FormSubmitOptions<V> {
  /** The request, and whatever follows when it works (a notice, a reload, a move to another page). */
  readonly action: (values: V) => Promise<void>;
  /**
   * The form's fields: the API's errors that name one go next to it. A function for forms whose fields depend on the
   * values (the rows of a list).
   */
  readonly fields: readonly string[] | ((values: V) => readonly string[]);
  /** What to say above the form, from the errors the fields did not take (default: the API's message). */
  readonly general?: (errors: ReturnType<typeof formErrorsOf>) => string | undefined;
  /** Values that have nothing to send: submitting them does nothing at all (the message above the form stays). */
  readonly skip?: (values: V) => boolean;
}

/** What a form shows of its submit: `busy` while the action runs, `general` for the errors of no field. */
export interface FormSubmit {
  /** The form's `onSubmit`. */
  readonly submit: (event?: SyntheticEvent<HTMLFormElement>) => void;
  readonly busy: boolean;
  readonly general: string | undefined;
}

/**
 * The submit of a form that sends its values to the API: busy while the action runs; when it fails, the API's errors
 * next to their fields and the rest above the form (the message of the last submit goes as the next one starts).
 */
export function useFormSubmit<V>(form: UseFormReturnType<V>, o: FormSubmitOptions<V>): FormSubmit {
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = form.onSubmit(async (values) => {
    if (o.skip?.(values) === true) return;
    setBusy(true);
    setGeneral(undefined);
    try {
      await o.action(values);
    } catch (error) {
      const errors = formErrorsOf(error, typeof o.fields === 'function' ? o.fields(values) : o.fields);
      form.setErrors(errors.fields);
      setGeneral(o.general === undefined ? errors.general : o.general(errors));
    } finally {
      setBusy(false);
    }
  });
  return { submit, busy, general };
}
