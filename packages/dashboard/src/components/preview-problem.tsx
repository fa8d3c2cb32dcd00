import { Alert } from '@mantine/core';

/**
 * Why a live preview shows nothing new: what is being edited cannot work yet (`invalid`, orange), or the request
 * failed (`failed`, red). Nothing for the other states.
 */
export function PreviewProblem({ state, testId }: { state: { readonly status: string; readonly message?: string }; testId?: string }): React.JSX.Element | null {
  if (state.status !== 'invalid' && state.status !== 'failed') return null;
  return (
    <Alert color={state.status === 'invalid' ? 'orange' : 'red'} p="xs" {...(state.status === 'invalid' && testId !== undefined ? { 'data-testid': testId } : {})}>
      {state.message}
    </Alert>
  );
}
