import { Alert } from '@mantine/core';

/** A form's error that names none of its fields, above the fields (nothing when there is none). */
export function FormError({ message }: { readonly message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <Alert color="red" role="alert">
      {message}
    </Alert>
  );
}
