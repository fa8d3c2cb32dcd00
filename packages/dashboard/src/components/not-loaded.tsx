import { Alert, Loader } from '@mantine/core';
import type { Loaded } from '../hooks/use-load.js';
import { messageOf } from './api-errors.js';

/** What stands in for data not loaded yet: a spinner while it loads, the reason when it failed. */
export function NotLoaded({ loaded }: { readonly loaded: Pick<Loaded<unknown>, 'error'> }) {
  return loaded.error === undefined ? <Loader aria-label="Loading" /> : <Alert color="red">{messageOf(loaded.error)}</Alert>;
}
