import { sha256Hex } from '@rapport/core';
import { testDialects } from '@rapport/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appFixture, TEST_PASSWORD, type AppFixture } from '../testing/index.js';

/** "Looked at 3 products this week". */
const browsers = {
  name: 'Browsers',
  purpose: 'personalization',
  rule: {
    version: 1,
    root: {
      type: 'event',
      event: 'Product Viewed',
      count: { op: 'gte', value: 3 },
      window: { last: { amount: 7, unit: 'days' } },
    },
  },
};

interface Entry {
  actor: { kind: string; id: string; label: string | null };
  action: string;
  targetId: string | null;
  status: number;
  request: unknown;
  before: unknown;
  after: unknown;
}

describe.each(testDialects())('audit log on %s', (dialect) => {
  let f: AppFixture;
  beforeEach(async () => {
    f = await appFixture(dialect);
  });
  afterEach(async () => {
    await f?.dispose();
  });

  const entries = async (query = ''): Promise<Entry[]> =>
    (await f.admin('GET', `/api/v1/audit${query}`)).json().items as Entry[];

  it('records who changed what, with the resource before and after, newest first', async () => {
    const marketer = await f.signIn('marketer');
    const created = (await f.as(marketer, 'POST', '/api/v1/segments', browsers)).json();
    await f.as(marketer, 'PATCH', `/api/v1/segments/${created.id}`, { name: 'Window shoppers' });
    // Reads and read-only POSTs are not changes.
    await f.as(marketer, 'GET', '/api/v1/segments');
    await f.as(marketer, 'POST', '/api/v1/segments/preview', { rule: browsers.rule });

    const [patch, post, ...rest] = await entries();
    expect(rest).toEqual([]);
    expect(post).toMatchObject({
      actor: { kind: 'user', id: marketer.userId, label: 'marketer@shop.example' },
      action: 'POST /api/v1/segments',
      targetId: created.id,
      status: 201,
      request: browsers,
      before: null,
      after: { id: created.id, name: 'Browsers' },
    });
    expect(patch).toMatchObject({
      action: 'PATCH /api/v1/segments/:id',
      targetId: created.id,
      status: 200,
      request: { name: 'Window shoppers' },
      before: { name: 'Browsers' },
      after: { name: 'Window shoppers' },
    });
    expect(
      (await entries(`?route=${encodeURIComponent('/api/v1/segments/:id')}`)).map((e) => e.action),
    ).toEqual(['PATCH /api/v1/segments/:id']);
    expect(await entries(`?actorId=${marketer.userId}&method=DELETE`)).toEqual([]);
  });

  it('keeps refused attempts, with the key or person who tried', async () => {
    const viewer = await f.signIn('viewer');
    expect((await f.as(viewer, 'DELETE', '/api/v1/catalog/products/sku-1')).statusCode).toBe(403);
    const readOnly = (
      await f.admin('POST', '/api/v1/keys', { kind: 'secret', name: 'reporting', scopes: ['read'] })
    ).json();
    expect(
      (await f.admin('PUT', '/api/v1/catalog/products', { products: [] }, readOnly.key)).statusCode,
    ).toBe(403);
    const [byKey, keyCreated, byViewer] = await entries();
    expect(byKey).toMatchObject({
      actor: { kind: 'key', id: readOnly.apiKey.id, label: 'reporting' },
      action: 'PUT /api/v1/catalog/products',
      status: 403,
    });
    expect(byViewer).toMatchObject({
      actor: { kind: 'user', label: 'viewer@shop.example' },
      action: 'DELETE /api/v1/catalog/products/:id',
      targetId: 'sku-1',
      status: 403,
    });
    expect(keyCreated).toMatchObject({
      actor: { kind: 'key', label: 'admin' },
      action: 'POST /api/v1/keys',
      status: 201,
      after: { key: '[redacted]', apiKey: { name: 'reporting' } },
    });
  });

  it('never keeps a password, token or key, and keeps only a hash of a customer named by a change', async () => {
    const owner = await f.signIn('owner');
    const invited = (
      await f.as(owner, 'POST', '/api/v1/invitations', { email: 'ana@shop.example', role: 'analyst' })
    ).json();
    const accepted = await f.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accept-invitation',
      payload: { token: invited.token, name: 'Ana', password: 'ana has a long password' },
    });
    const login = await f.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'owner@shop.example', password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    await f.as(owner, 'POST', '/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'an entirely new password',
    });
    await f.admin('DELETE', '/api/v1/subjects/ada@customer.example');

    const log = await entries();
    expect(log.map((e) => `${e.action} ${e.status}`)).toEqual([
      'DELETE /api/v1/subjects/:id 404',
      'POST /api/v1/auth/password 204',
      'POST /api/v1/auth/login 200',
      'POST /api/v1/auth/accept-invitation 201',
      'POST /api/v1/invitations 201',
    ]);
    expect(log[0]).toMatchObject({
      targetId: `sha256:${sha256Hex('ada@customer.example')}`,
      request: null,
      after: null,
    });
    expect((await entries('?targetId=ada@customer.example')).map((e) => e.action)).toEqual([
      'DELETE /api/v1/subjects/:id',
    ]);
    expect(log[2]).toMatchObject({
      actor: { label: 'owner@shop.example' },
      request: { email: 'owner@shop.example', password: '[redacted]' },
      after: { csrfToken: '[redacted]' },
    });
    expect(log[3]).toMatchObject({
      actor: { label: 'ana@shop.example' },
      request: { token: '[redacted]', password: '[redacted]' },
    });
    expect(log[4]).toMatchObject({
      after: { token: '[redacted]', url: 'http://localhost/app/accept-invitation?token=[redacted]' },
    });

    const stored = JSON.stringify(
      await f.engine.database.kysely.selectFrom('audit_log').selectAll().execute(),
    );
    const secrets = [
      TEST_PASSWORD,
      'ana has a long password',
      'an entirely new password',
      invited.token,
      login.json().csrfToken,
      accepted.json().csrfToken,
      f.secretKey,
      'ada@customer.example',
    ];
    for (const secret of secrets)
      expect(stored.includes(secret), `the audit log holds ${String(secret).slice(0, 8)}…`).toBe(false);
    for (const cookie of [login, accepted].flatMap((r) => r.cookies))
      expect(stored.includes(cookie.value)).toBe(false);
  });

  it('pages through the log with a cursor', async () => {
    for (const name of ['a', 'b', 'c']) await f.admin('POST', '/api/v1/keys', { kind: 'write', name });
    const first = (await f.admin('GET', '/api/v1/audit?limit=2')).json();
    expect(first.items.map((e: Entry) => (e.after as { apiKey: { name: string } }).apiKey.name)).toEqual([
      'c',
      'b',
    ]);
    const next = (await f.admin('GET', `/api/v1/audit?limit=2&cursor=${first.nextCursor}`)).json();
    expect(next.items.map((e: Entry) => (e.after as { apiKey: { name: string } }).apiKey.name)).toEqual([
      'a',
    ]);
    expect(next.nextCursor).toBeNull();
    const future = (await f.admin('GET', '/api/v1/audit?since=2999-01-01T00:00:00Z')).json();
    expect(future.items).toEqual([]);
  });
});
