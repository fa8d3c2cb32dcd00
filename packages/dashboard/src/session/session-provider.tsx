import type { SessionView } from '@rapport/contracts';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient, ApiError } from '../api/index.js';
import { SessionContext, type SessionContextValue, type SessionState } from './session-context.js';

/**
 * Asks the API who is signed in (GET /api/v1/auth/me) once, then keeps the answer: a 401 on any later call means the
 * session ended, and the pages behind `RequireSession` send the person to the login page.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [api] = useState(() => new ApiClient({ onSessionEnded: () => setState({ status: 'signed-out' }) }));

  useEffect(() => {
    let current = true;
    api.call('me').then(
      (session) => current && setState({ status: 'signed-in', session }),
      (error: unknown) => {
        // Any failure (401, or Rapport not reachable) leaves the person signed out: the login page says what is wrong.
        if (current && !(error instanceof ApiError && error.status === 401)) console.warn('GET /api/v1/auth/me failed', error);
        if (current) setState({ status: 'signed-out' });
      },
    );
    return () => {
      current = false;
    };
  }, [api]);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      api,
      signedIn: (session: SessionView) => setState({ status: 'signed-in', session }),
      refresh: async () => {
        // A 401 ends the session through onSessionEnded; any other failure keeps the session the page has.
        const session = await api.call('me').catch((error: unknown) => console.warn('GET /api/v1/auth/me failed', error));
        if (session !== undefined) setState({ status: 'signed-in', session });
      },
      logOut: async () => {
        // Signed out on this page whatever the answer: a session that already ended is no reason to stay.
        await api.call('logout').catch((error: unknown) => console.warn('POST /api/v1/auth/logout failed', error));
        api.forgetSession();
        setState({ status: 'signed-out', loggedOut: true });
      },
    }),
    [state, api],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
