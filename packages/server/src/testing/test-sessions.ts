import type { Role } from '@rapport/contracts';
import type { Engine } from '@rapport/engine';
import { CSRF_COOKIE, SESSION_COOKIE } from '../http/session-cookies.js';

/** A signed-in person of a test: the cookie header to send, and their CSRF token. */
export interface TestSession {
  readonly userId: string;
  readonly email: string;
  readonly cookie: string;
  readonly csrfToken: string;
}

/** The password of every person the fixture signs in. */
export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * Signs people in without HTTP: each role's user is made once (the owner through a setup token, the others through an
 * invitation, as people would), and every call opens a new session, so that a test can end one without ending others.
 */
export function testSessions(engine: Engine, workspaceId: string): (role: Role) => Promise<TestSession> {
  const users = new Map<Role, Promise<string>>();
  const create = async (role: Role): Promise<string> => {
    const email = `${role}@shop.example`;
    const { access, team } = engine.accounts;
    if (role === 'owner') {
      const token = await access.setupToken(workspaceId);
      if (token === undefined) throw new Error('the workspace already has an owner');
      const setup = await access.setup({ token, email, name: 'Olive Owner', password: TEST_PASSWORD });
      if (!setup.ok) throw new Error(`setup failed: ${setup.error.reason}`);
      return email;
    }
    const invited = await team.invite(workspaceId, { email, role }, 'test');
    if (!invited.ok) throw new Error(`invitation failed: ${invited.error.reason}`);
    const accepted = await access.acceptInvitation({
      token: invited.value.token,
      name: `A ${role}`,
      password: TEST_PASSWORD,
    });
    if (!accepted.ok) throw new Error(`accepting the invitation failed: ${accepted.error.reason}`);
    return email;
  };
  return async (role) => {
    let email = users.get(role);
    if (email === undefined) users.set(role, (email = create(role)));
    const user = await engine.repos.accounts.findUserByEmail(engine.database.kysely, await email);
    if (user === undefined) throw new Error(`the ${role} was removed`);
    const { token, session } = await engine.accounts.sessions.start(engine.database.kysely, user);
    return {
      userId: user.id,
      email: user.email,
      cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${session.csrfToken}`,
      csrfToken: session.csrfToken,
    };
  };
}
