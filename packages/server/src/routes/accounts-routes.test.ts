import { testDialects } from '@rapport/storage/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appFixture, TEST_PASSWORD, type AppFixture, type TestSession } from '../testing/index.js';

const password = 'correct horse battery staple';

/** The Set-Cookie headers of an answer, by cookie name. */
function setCookies(res: LightMyRequestResponse): Map<string, string> {
  const header = res.headers['set-cookie'];
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return new Map(lines.map((line) => [line.split('=')[0]!, line]));
}

/** The cookie header a browser would send back after this answer. */
function cookieHeader(res: LightMyRequestResponse): string {
  return [...setCookies(res).values()].map((line) => line.split(';')[0]).join('; ');
}

describe.each(testDialects())('accounts API on %s', (dialect) => {
  let f: AppFixture;
  beforeEach(async () => {
    f = await appFixture(dialect);
  });
  afterEach(async () => {
    await f?.dispose();
  });

  const json = (method: 'POST' | 'PATCH', url: string, body: unknown, headers: Record<string, string> = {}) =>
    f.app.inject({ method, url, payload: body as object, headers });

  it('creates the owner from the setup link, signed in with HttpOnly, SameSite=Strict cookies, once', async () => {
    const token = (await f.engine.accounts.access.setupToken(f.workspaceId))!;
    const weak = await json('POST', '/api/v1/auth/setup', {
      token,
      email: 'olive@shop.example',
      name: 'Olive',
      password: 'aaaaaaaaaaaa',
    });
    expect([weak.statusCode, weak.json().code, weak.json().details]).toEqual([
      400,
      'ERR_ACCOUNT_WEAK_PASSWORD',
      [{ path: '/password', message: 'must not be one character repeated' }],
    ]);
    const invalid = await json('POST', '/api/v1/auth/setup', {
      token,
      email: 'not an address',
      name: 'Olive',
      password,
    });
    expect([invalid.statusCode, invalid.json().code, invalid.json().details[0].path]).toEqual([
      400,
      'ERR_REQUEST_INVALID',
      '/email',
    ]);

    const res = await json('POST', '/api/v1/auth/setup', {
      token,
      email: 'olive@shop.example',
      name: 'Olive',
      password,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ user: { email: 'olive@shop.example', role: 'owner' }, idleMinutes: 480 });
    expect(body.scopes).toEqual(expect.arrayContaining(['admin', 'users:manage', 'audit:read']));
    const cookies = setCookies(res);
    // Seven days, less the time the request took.
    expect(cookies.get('rapport_session')).toMatch(
      /^rapport_session=ses_[\w-]+; Max-Age=60479\d; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(cookies.get('rapport_csrf')).toMatch(
      new RegExp(`^rapport_csrf=${body.csrfToken}; Max-Age=60479\\d; Path=/; SameSite=Strict$`),
    );

    const me = await f.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: cookieHeader(res) },
    });
    expect([me.statusCode, me.json().user.email]).toEqual([200, 'olive@shop.example']);
    const again = await json('POST', '/api/v1/auth/setup', {
      token,
      email: 'eve@shop.example',
      name: 'Eve',
      password,
    });
    expect([again.statusCode, again.json().code]).toEqual([409, 'ERR_ACCOUNT_SETUP_DONE']);
  });

  it('logs in and out; a logged-out cookie opens nothing', async () => {
    await f.signIn('owner');
    const wrong = await json('POST', '/api/v1/auth/login', {
      email: 'owner@shop.example',
      password: 'not the password',
    });
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'ERR_AUTH_INVALID_CREDENTIALS']);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const res = await json('POST', '/api/v1/auth/login', {
      email: 'Owner@Shop.example',
      password: TEST_PASSWORD,
    });
    expect([res.statusCode, res.json().user.role]).toEqual([200, 'owner']);
    const cookie = cookieHeader(res);
    const csrf = res.json().csrfToken as string;

    const out = await f.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(setCookies(out).get('rapport_session')).toMatch(
      /^rapport_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/,
    );
    const after = await f.app.inject({ method: 'GET', url: '/api/v1/segments', headers: { cookie } });
    expect([after.statusCode, after.json().code]).toEqual([401, 'ERR_AUTH_NO_SESSION']);
    const none = await f.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${f.secretKey}` },
    });
    expect([none.statusCode, none.json().code]).toEqual([401, 'ERR_AUTH_NO_SESSION']);
  });

  it('answers 429 with Retry-After after 5 failed logins for an address from one client', async () => {
    await f.signIn('owner');
    for (let i = 0; i < 5; i++)
      expect(
        (
          await json('POST', '/api/v1/auth/login', {
            email: 'owner@shop.example',
            password: `guess number ${i}`,
          })
        ).statusCode,
      ).toBe(401);
    const held = await json('POST', '/api/v1/auth/login', {
      email: 'owner@shop.example',
      password: TEST_PASSWORD,
    });
    expect([held.statusCode, held.json().code, held.headers['retry-after']]).toEqual([
      429,
      'ERR_AUTH_TOO_MANY_ATTEMPTS',
      '900',
    ]);
  });

  it('asks for the CSRF token on changes made with the cookie, never on reads or with a key', async () => {
    const owner = await f.signIn('owner');
    const body = { name: 'Renamed shop' };
    const missing = await f.as(owner, 'PATCH', '/api/v1/workspace', body, null);
    expect([missing.statusCode, missing.json().code, missing.json().details[0].path]).toEqual([
      403,
      'ERR_AUTH_CSRF',
      '/headers/x-csrf-token',
    ]);
    const other = await f.signIn('owner');
    const foreign = await f.as(owner, 'PATCH', '/api/v1/workspace', body, other.csrfToken);
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'ERR_AUTH_CSRF']);
    expect((await f.as(owner, 'PATCH', '/api/v1/workspace', body)).json().name).toBe('Renamed shop');
    expect((await f.as(owner, 'GET', '/api/v1/workspace', undefined, null)).statusCode).toBe(200);
    expect((await f.admin('PATCH', '/api/v1/workspace', { name: 'By key' })).statusCode).toBe(200);
  });

  it('marks the cookies Secure over https, or always when configured', async () => {
    const secure = await appFixture(dialect, { app: { publicUrl: 'https://rapport.shop.example' } });
    try {
      const token = (await secure.engine.accounts.access.setupToken(secure.workspaceId))!;
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/v1/auth/setup',
        payload: { token, email: 'olive@shop.example', name: 'Olive', password },
      });
      expect(setCookies(res).get('rapport_session')).toMatch(/; Secure; SameSite=Strict$/);
      const invited = await secure.admin('POST', '/api/v1/invitations', {
        email: 'vi@shop.example',
        role: 'viewer',
      });
      expect(invited.json().url).toMatch(
        /^https:\/\/rapport\.shop\.example\/app\/accept-invitation\?token=inv_[\w-]+$/,
      );
    } finally {
      await secure.dispose();
    }
  });

  it('invites people with a role, which they hold from their first request to their removal', async () => {
    const invite = (by: TestSession, email: string, role: string) =>
      f.as(by, 'POST', '/api/v1/invitations', { email, role });
    const owner = await f.signIn('owner');
    const marketer = await f.signIn('marketer');
    const refused = await invite(marketer, 'x@shop.example', 'viewer');
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'ERR_AUTH_ROLE']);
    const asOwner = await invite(owner, 'owner2@shop.example', 'owner');
    expect([asOwner.statusCode, asOwner.json().details[0].path]).toEqual([400, '/role']);
    const taken = await invite(owner, 'MARKETER@shop.example', 'viewer');
    expect([taken.statusCode, taken.json().code]).toEqual([409, 'ERR_ACCOUNT_EMAIL_TAKEN']);

    const invited = await invite(owner, 'ana@shop.example', 'analyst');
    expect(invited.statusCode).toBe(201);
    const { token, url, invitation } = invited.json();
    expect(url).toBe(`http://localhost/app/accept-invitation?token=${token}`);
    expect(
      (await f.as(owner, 'GET', '/api/v1/invitations')).json().items.map((i: { id: string }) => i.id),
    ).toEqual([invitation.id]);
    const accepted = await json('POST', '/api/v1/auth/accept-invitation', { token, name: 'Ana', password });
    expect([accepted.statusCode, accepted.json().user.role]).toEqual([201, 'analyst']);
    const ana = {
      cookie: cookieHeader(accepted),
      csrfToken: accepted.json().csrfToken as string,
    } as TestSession;
    const twice = await json('POST', '/api/v1/auth/accept-invitation', { token, name: 'Ana', password });
    expect([twice.statusCode, twice.json().code, twice.json().details[0].path]).toEqual([
      400,
      'ERR_ACCOUNT_INVALID_TOKEN',
      '/token',
    ]);

    expect((await f.as(ana, 'GET', `/api/v1/subjects/nobody/export`)).json().code).toBe(
      'ERR_PRIVACY_SUBJECT_NOT_FOUND',
    );
    const anaId = accepted.json().user.id as string;
    const demoted = await f.as(owner, 'PATCH', `/api/v1/users/${anaId}`, { role: 'viewer' });
    expect([demoted.statusCode, demoted.json().role]).toEqual([200, 'viewer']);
    expect((await f.as(ana, 'GET', `/api/v1/subjects/nobody/export`)).json().code).toBe('ERR_AUTH_ROLE');
    expect(
      (await f.as(owner, 'GET', '/api/v1/users')).json().items.map((u: { email: string }) => u.email),
    ).toEqual(['owner@shop.example', 'marketer@shop.example', 'ana@shop.example']);

    expect((await f.as(owner, 'DELETE', `/api/v1/users/${anaId}`)).statusCode).toBe(204);
    expect((await f.as(ana, 'GET', '/api/v1/segments')).json().code).toBe('ERR_AUTH_NO_SESSION');
    expect((await f.as(owner, 'DELETE', `/api/v1/users/${anaId}`)).json().code).toBe(
      'ERR_ACCOUNT_USER_NOT_FOUND',
    );
  });

  it('lets only the owner transfer the ownership, and never remove or demote the owner', async () => {
    const owner = await f.signIn('owner');
    const admin = await f.signIn('admin');
    const self = await f.as(admin, 'POST', `/api/v1/users/${admin.userId}/ownership`);
    expect([self.statusCode, self.json().code]).toEqual([403, 'ERR_AUTH_ROLE']);
    const byKey = await f.admin('POST', `/api/v1/users/${admin.userId}/ownership`);
    expect([byKey.statusCode, byKey.json().code]).toEqual([401, 'ERR_AUTH_NO_SESSION']);
    const demote = await f.as(admin, 'PATCH', `/api/v1/users/${owner.userId}`, { role: 'viewer' });
    expect([demote.statusCode, demote.json().code]).toEqual([409, 'ERR_ACCOUNT_OWNER_PROTECTED']);
    expect((await f.as(admin, 'DELETE', `/api/v1/users/${owner.userId}`)).json().code).toBe(
      'ERR_ACCOUNT_OWNER_PROTECTED',
    );

    const moved = await f.as(owner, 'POST', `/api/v1/users/${admin.userId}/ownership`);
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      owner: { id: admin.userId, role: 'owner' },
      previousOwner: { id: owner.userId, role: 'admin' },
    });
    expect((await f.as(owner, 'GET', '/api/v1/auth/me')).json().user.role).toBe('admin');
  });

  it('changes your name and password; the new password is the one that works', async () => {
    const owner = await f.signIn('owner');
    const renamed = await f.as(owner, 'PATCH', '/api/v1/auth/me', { name: 'Olive Oyl' });
    expect([renamed.statusCode, renamed.json().user.name]).toEqual([200, 'Olive Oyl']);
    const blank = await f.as(owner, 'PATCH', '/api/v1/auth/me', { name: '   ' });
    expect([blank.statusCode, blank.json().details[0].path]).toEqual([400, '/name']);
    expect((await f.as(owner, 'GET', '/api/v1/auth/me')).json().user.name).toBe('Olive Oyl');
    const wrong = await f.as(owner, 'POST', '/api/v1/auth/password', {
      currentPassword: 'nope nope nope',
      newPassword: 'a new long secret',
    });
    expect([wrong.statusCode, wrong.json().code, wrong.json().details[0].path]).toEqual([
      400,
      'ERR_ACCOUNT_WRONG_PASSWORD',
      '/currentPassword',
    ]);
    expect(
      (
        await f.as(owner, 'POST', '/api/v1/auth/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: 'a new long secret',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await json('POST', '/api/v1/auth/login', { email: 'owner@shop.example', password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await json('POST', '/api/v1/auth/login', {
          email: 'owner@shop.example',
          password: 'a new long secret',
        })
      ).statusCode,
    ).toBe(200);
  });
});
