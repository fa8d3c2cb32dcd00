import { ManualClock } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from '../testing/index.js';
import type { Accounts } from './index.js';

const password = 'correct horse battery staple';
const minute = 60_000;

describe.each(testDialects())('accounts on %s', (dialect) => {
  let f: EngineFixture;
  let clock: ManualClock;
  let accounts: Accounts;
  beforeEach(async () => {
    clock = new ManualClock('2026-03-02T09:00:00Z');
    f = await engineFixture(dialect, { clock });
    accounts = f.engine.accounts;
  });
  afterEach(async () => {
    await f?.dispose();
  });

  const setUpOwner = async () => {
    const token = (await accounts.access.setupToken(f.workspaceId))!;
    const setup = await accounts.access.setup({
      token,
      email: ' Olive@Shop.example ',
      name: 'Olive',
      password,
    });
    if (!setup.ok) throw new Error(setup.error.reason);
    return setup.value;
  };

  it('creates the owner once with a setup token, which no start makes again once the owner exists', async () => {
    const first = (await accounts.access.setupToken(f.workspaceId))!;
    const second = (await accounts.access.setupToken(f.workspaceId))!;
    expect(first).toMatch(/^setup_[\w-]{32}$/);
    const weak = await accounts.access.setup({
      token: first,
      email: 'olive@shop.example',
      name: 'Olive',
      password: 'olive@shop.example',
    });
    expect(weak).toMatchObject({
      ok: false,
      error: {
        reason: 'weak_password',
        problems: [{ path: '/password', message: 'must not be your e-mail address or your name' }],
      },
    });
    const bad = await accounts.access.setup({
      token: 'setup_guessed',
      email: 'olive@shop.example',
      name: 'Olive',
      password,
    });
    expect(bad).toMatchObject({ ok: false, error: { reason: 'invalid_token', path: '/token' } });

    const done = await accounts.access.setup({
      token: second,
      email: 'Olive@Shop.example',
      name: 'Olive',
      password,
    });
    expect(done.ok && done.value.session.user).toMatchObject({ email: 'olive@shop.example', role: 'owner' });
    // The other link printed before stops working; no new link is made.
    expect(
      await accounts.access.setup({ token: first, email: 'eve@shop.example', name: 'Eve', password }),
    ).toMatchObject({ ok: false, error: { reason: 'setup_done' } });
    expect(await accounts.access.setupToken(f.workspaceId)).toBeUndefined();
    const stored = await f.engine.database.kysely.selectFrom('users').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.password_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(stored)).not.toContain(password);
  });

  it('logs in by address in any case, refuses a wrong password without saying which was wrong, and throttles guessing', async () => {
    await setUpOwner();
    const ok = await accounts.access.login({ email: 'OLIVE@shop.example', password }, '10.0.0.1');
    expect(ok.ok && ok.value.session.role).toBe('owner');
    expect(await accounts.access.login({ email: 'nobody@shop.example', password }, '10.0.0.1')).toMatchObject(
      { ok: false, error: { reason: 'invalid_credentials' } },
    );
    for (let i = 0; i < 5; i++)
      expect(
        await accounts.access.login(
          { email: 'olive@shop.example', password: `guess-number-${i}` },
          '10.0.0.9',
        ),
      ).toMatchObject({ ok: false, error: { reason: 'invalid_credentials' } });
    // Even the right password waits now, from that client; another client is not held back.
    expect(await accounts.access.login({ email: 'olive@shop.example', password }, '10.0.0.9')).toMatchObject({
      ok: false,
      error: { reason: 'throttled', retryAfterSeconds: 900 },
    });
    expect((await accounts.access.login({ email: 'olive@shop.example', password }, '10.0.0.2')).ok).toBe(
      true,
    );
    clock.advance(15 * minute);
    expect((await accounts.access.login({ email: 'olive@shop.example', password }, '10.0.0.9')).ok).toBe(
      true,
    );
  });

  it('ends sessions after the idle time and at their absolute end, and at once on logout', async () => {
    const { token, session } = await setUpOwner();
    expect((await accounts.sessions.resolve(token))?.user.email).toBe('olive@shop.example');
    expect(await accounts.sessions.resolve(`${token}x`)).toBeUndefined();
    // Active every 7 hours (under the 8-hour idle limit) for 6 days and 17 hours: still signed in…
    for (let i = 0; i < 23; i++) {
      clock.advance(7 * 60 * minute);
      expect(await accounts.sessions.resolve(token), `after ${(i + 1) * 7} hours`).toBeDefined();
    }
    // …until 7 days after the login, active or not.
    clock.advance(7 * 60 * minute);
    expect(await accounts.sessions.resolve(token)).toBeUndefined();

    const next = await accounts.access.login({ email: 'olive@shop.example', password }, '10.0.0.1');
    if (!next.ok) throw new Error(next.error.reason);
    clock.advance(8 * 60 * minute);
    expect(await accounts.sessions.resolve(next.value.token), 'idle for 8 hours').toBeUndefined();

    const last = await accounts.access.login({ email: 'olive@shop.example', password }, '10.0.0.1');
    if (!last.ok) throw new Error(last.error.reason);
    await accounts.sessions.end(last.value.session);
    expect(await accounts.sessions.resolve(last.value.token)).toBeUndefined();
    expect(session.csrfToken).not.toBe(last.value.session.csrfToken);
  });

  it('accepts an invitation once, before it expires, with the role it gives', async () => {
    await setUpOwner();
    const invited = await accounts.team.invite(
      f.workspaceId,
      { email: 'Mark@Shop.example', role: 'marketer' },
      'someone',
    );
    if (!invited.ok) throw new Error(invited.error.reason);
    expect(invited.value.invitation).toMatchObject({
      email: 'mark@shop.example',
      role: 'marketer',
      expiresAt: '2026-03-09T09:00:00.000Z',
    });
    expect(await accounts.team.invitations(f.workspaceId)).toHaveLength(1);
    const accepted = await accounts.access.acceptInvitation({
      token: invited.value.token,
      name: 'Mark',
      password,
    });
    expect(accepted.ok && accepted.value.session.user).toMatchObject({
      email: 'mark@shop.example',
      role: 'marketer',
    });
    expect(
      await accounts.access.acceptInvitation({ token: invited.value.token, name: 'Mark again', password }),
    ).toMatchObject({ ok: false, error: { reason: 'invalid_token' } });
    expect(await accounts.team.invitations(f.workspaceId)).toEqual([]);
    expect(
      await accounts.team.invite(f.workspaceId, { email: 'mark@shop.example', role: 'viewer' }, 'someone'),
    ).toMatchObject({ ok: false, error: { reason: 'email_taken' } });

    const late = await accounts.team.invite(
      f.workspaceId,
      { email: 'vi@shop.example', role: 'viewer' },
      'someone',
    );
    if (!late.ok) throw new Error(late.error.reason);
    clock.advance(7 * 24 * 60 * minute);
    expect(
      await accounts.access.acceptInvitation({ token: late.value.token, name: 'Vi', password }),
    ).toMatchObject({ ok: false, error: { reason: 'invalid_token' } });
    expect(await accounts.team.invitations(f.workspaceId)).toEqual([]);
    expect(await accounts.prune()).toBeGreaterThanOrEqual(1);
  });

  it('keeps exactly one owner: never removed nor demoted, only replaced by a transfer', async () => {
    const owner = (await setUpOwner()).session.user;
    const invited = await accounts.team.invite(
      f.workspaceId,
      { email: 'ada@shop.example', role: 'admin' },
      owner.id,
    );
    if (!invited.ok) throw new Error(invited.error.reason);
    const ada = await accounts.access.acceptInvitation({ token: invited.value.token, name: 'Ada', password });
    if (!ada.ok) throw new Error(ada.error.reason);
    const adaId = ada.value.session.user.id;

    expect(await accounts.team.remove(f.workspaceId, owner.id)).toMatchObject({
      ok: false,
      error: { reason: 'owner_protected' },
    });
    expect(await accounts.team.update(f.workspaceId, owner.id, { role: 'admin' })).toMatchObject({
      ok: false,
      error: { reason: 'owner_protected' },
    });
    expect(await accounts.team.update(f.workspaceId, owner.id, { name: 'Olive O.' })).toMatchObject({
      ok: true,
      value: { before: { name: 'Olive' }, after: { name: 'Olive O.' } },
    });

    const moved = await accounts.team.transferOwnership(f.workspaceId, owner.id, adaId);
    expect(moved).toMatchObject({
      ok: true,
      value: { owner: { id: adaId, role: 'owner' }, previousOwner: { id: owner.id, role: 'admin' } },
    });
    // Roles are read with the session at each request: Ada's open session is an owner's now.
    expect((await accounts.sessions.resolve(ada.value.token))?.role).toBe('owner');
    expect(await accounts.team.remove(f.workspaceId, owner.id)).toMatchObject({ ok: true });
    expect((await accounts.team.list(f.workspaceId)).map((u) => [u.email, u.role])).toEqual([
      ['ada@shop.example', 'owner'],
    ]);
  });

  it('forgets ended sessions, expired invitations and audit entries past their retention', async () => {
    const { token } = await setUpOwner();
    await accounts.team.invite(f.workspaceId, { email: 'vi@shop.example', role: 'viewer' }, 'someone');
    const entry = {
      workspaceId: f.workspaceId,
      actor: { kind: 'key', id: 'k-1', label: 'ci' },
      method: 'PATCH',
      route: '/api/v1/workspace',
      targetId: null,
      aboutPerson: false,
      status: 200,
      requestId: 'r-1',
      ip: null,
    } as const;
    await accounts.audit.record(entry);
    expect(await accounts.prune()).toBe(0);
    clock.advance(8 * 24 * 60 * minute);
    await accounts.audit.record({ ...entry, requestId: 'r-2' });
    // The session (7 days at most) and the invitation (7 days) ended; the audit entries are kept for a year.
    expect(await accounts.prune()).toBe(2);
    expect(await accounts.sessions.resolve(token)).toBeUndefined();
    clock.advance(360 * 24 * 60 * minute);
    expect(await accounts.prune()).toBe(1);
    expect((await accounts.audit.list(f.workspaceId, {})).items.map((e) => e.requestId)).toEqual(['r-2']);
  });

  it('changes a password with the current one, and ends the other sessions', async () => {
    const first = await setUpOwner();
    const other = await accounts.access.login({ email: 'olive@shop.example', password }, '10.0.0.1');
    if (!other.ok) throw new Error(other.error.reason);
    expect(
      await accounts.access.changePassword(first.session, {
        currentPassword: 'not it at all',
        newPassword: 'a brand new secret',
      }),
    ).toMatchObject({ ok: false, error: { reason: 'wrong_password' } });
    expect(
      await accounts.access.changePassword(first.session, {
        currentPassword: password,
        newPassword: 'short',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        reason: 'weak_password',
        problems: [{ path: '/newPassword', message: 'must be at least 10 characters long' }],
      },
    });
    expect(
      (
        await accounts.access.changePassword(first.session, {
          currentPassword: password,
          newPassword: 'a brand new secret',
        })
      ).ok,
    ).toBe(true);
    expect(await accounts.sessions.resolve(first.token)).toBeDefined();
    expect(await accounts.sessions.resolve(other.value.token)).toBeUndefined();
    expect(
      (
        await accounts.access.login(
          { email: 'olive@shop.example', password: 'a brand new secret' },
          '10.0.0.1',
        )
      ).ok,
    ).toBe(true);
  });
});
