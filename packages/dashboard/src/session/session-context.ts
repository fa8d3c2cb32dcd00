import type { Role, SecretKeyScope, SessionView } from '@rapport/contracts';
import { roleAllows } from '@rapport/contracts';
import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/index.js';

export type SessionState =
  | { readonly status: 'loading' }
  /** `loggedOut`: the person logged out here (rather than their session ending, or never having begun). */
  | { readonly status: 'signed-out'; readonly loggedOut?: boolean }
  | { readonly status: 'signed-in'; readonly session: SessionView };

export interface SessionContextValue {
  readonly state: SessionState;
  readonly api: ApiClient;
  /** After a setup, login, accepted invitation or change of name: the session the API answered. */
  signedIn(session: SessionView): void;
  /** Asks the API again who is signed in: after a change of the person's own name or role. */
  refresh(): Promise<void>;
  /** Logs out (the session ends on the server too). */
  logOut(): Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** The session and the API client; only inside `SessionProvider`. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === undefined) throw new Error('useSession is used outside SessionProvider');
  return value;
}

/** The API client of the dashboard. */
export function useApi(): ApiClient {
  return useSession().api;
}

/** The signed-in person's session; only on pages behind `RequireSession`. */
export function useSignedIn(): SessionView {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useSignedIn is used on a page that does not require a session');
  return state.session;
}

/**
 * Whether the signed-in role may use routes that need `scope` (rolesByScope in @rapport/contracts): the dashboard
 * hides or disables what it may not do; the API refuses it anyway.
 */
export function useCan(): (scope: SecretKeyScope) => boolean {
  const role: Role = useSignedIn().user.role;
  return (scope) => roleAllows(role, scope);
}
