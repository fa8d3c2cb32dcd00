import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/index.js';

/** The API's messages start in lower case, to be read inside a sentence; on their own they start with a capital. */
export function sentence(message: string): string {
  return message === '' ? message : `${message[0]!.toUpperCase()}${message.slice(1)}`;
}

/** The failure of a request as a person reads it. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return sentence(error.message);
  return 'Something went wrong in the dashboard. Reload the page and try again.';
}

/**
 * Splits a failed request for a form: the messages of the API that name one of `fields` go next to it (keyed by the
 * field's path, as @mantine/form names them), the rest above the form.
 */
export function formErrorsOf(error: unknown, fields: readonly string[]): { fields: Record<string, string>; general: string | undefined } {
  if (!(error instanceof ApiError)) return { fields: {}, general: messageOf(error) };
  const byField: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fieldErrors())) if (fields.includes(field)) byField[field] = sentence(message);
  const general = error.generalMessage(fields);
  return { fields: byField, general: general === undefined ? undefined : sentence(general) };
}

/** The close button of a notice, named for screen readers (Mantine leaves it unnamed). */
const closeButtonProps = { 'aria-label': 'Close the notice' };

/** Tells of a failed action that has no form to show it in. */
export function notifyFailure(title: string, error: unknown): void {
  notifications.show({ color: 'red', title, message: messageOf(error), autoClose: 8000, closeButtonProps });
}

/** Tells of an action that worked. */
export function notifyDone(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 4000, closeButtonProps });
}
