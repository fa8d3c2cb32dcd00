import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../session/session-context.js';

/** Shows its pages to a signed-in person; sends anyone else to the login page, which brings them back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <Center h="100dvh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (state.status === 'signed-out') {
    // After a logout, the next person starts from the overview; after a session ended, they come back here.
    const here = `${location.pathname}${location.search}`;
    return <Navigate to={here === '/' || state.loggedOut === true ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />;
  }
  return children;
}
