import { createTheme } from '@mantine/core';

/** Mantine's defaults, with a calmer primary colour and the system font stack. */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});
