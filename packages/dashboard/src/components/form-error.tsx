import { Alert, List } from '@mantine/core';

/**
 * A form's error that names none of its fields, above the fields, with the problems no field could show under it
 * (nothing when there is none).
 */
export function FormError({ message, list = [] }: { readonly message: string | undefined; readonly list?: readonly string[] }) {
  if (message === undefined) return null;
  return (
    <Alert color="red" role="alert">
      {message}
      {list.length === 0 ? null : (
        <List size="sm" mt={4}>
          {list.map((g) => (
            <List.Item key={g}>{g}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
