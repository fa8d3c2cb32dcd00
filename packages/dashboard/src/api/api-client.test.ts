import type { SessionView } from '@rapport/contracts';
import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from './api-client.js';
import { ApiError } from './api-error.js';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records what it was asked and answers from `answers`, in turn. */
function fakeFetch(...answers: Array<{ status: number; body?: unknown } | Error>) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) });
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, sent };
}

const session: SessionView = {
  user: { id: 'u1', email: 'olive@shop.example', name: 'Olive', role: 'owner', createdAt: '2026-01-01T00:00:00.000Z', lastLoginAt: null },
  scopes: ['admin'],
  csrfToken: 'csrf-1',
  expiresAt: '2026-01-08T00:00:00.000Z',
  idleMinutes: 480,
};

describe('the API client', () => {
  it("sends the session's CSRF token with changes only, JSON bodies, and path parameters encoded", async () => {
    const { fetch, sent } = fakeFetch({ status: 200, body: session }, { status: 200, body: { items: [] } }, { status: 204 });
    const api = new ApiClient({ fetch, readCsrfCookie: () => undefined });
    await api.call('login', { body: { email: 'olive@shop.example', password: 'x' } });
    await api.call('users');
    expect(await api.call('removeUser', { params: { id: 'a/b c' } })).toBeNull();
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/v1/auth/login', 'GET /api/v1/users', 'DELETE /api/v1/users/a%2Fb%20c']);
    expect(sent[0]!.headers['x-csrf-token']).toBeUndefined();
    expect(sent[0]!.headers['content-type']).toBe('application/json');
    expect(sent[0]!.body).toEqual({ email: 'olive@shop.example', password: 'x' });
    expect(sent[1]!.headers['x-csrf-token']).toBeUndefined();
    expect(sent[2]!.headers['x-csrf-token']).toBe('csrf-1');
  });

  it('reads the CSRF cookie after a reload, before any session answer', async () => {
    const { fetch, sent } = fakeFetch({ status: 204 });
    await new ApiClient({ fetch, readCsrfCookie: () => 'from-cookie' }).call('revokeInvitation', { params: { id: 'i1' } });
    expect(sent[0]!.headers['x-csrf-token']).toBe('from-cookie');
  });

  it('puts the query string together without empty values', async () => {
    const { fetch, sent } = fakeFetch({ status: 200, body: { items: [], nextCursor: null } });
    await new ApiClient({ fetch }).call('audit', { query: { limit: 25, cursor: 'c 1', method: undefined } });
    expect(sent[0]!.url).toBe('/api/v1/audit?limit=25&cursor=c+1');
  });

  it('turns error answers into ApiErrors whose details go next to their fields', async () => {
    const answer = {
      code: 'ERR_ACCOUNT_WEAK_PASSWORD',
      message: 'the password must be at least 10 characters long',
      details: [
        { path: '/password', message: 'must be at least 10 characters long' },
        { path: '/password', message: 'must not be your e-mail address or your name' },
        { path: '/lifecycle/atRiskDays', message: 'must be more than newDays' },
        { path: '/query/limit', message: 'must be at most 500' },
      ],
      requestId: 'r1',
    };
    const { fetch } = fakeFetch({ status: 400, body: answer });
    const error = await new ApiClient({ fetch }).call('setup', { body: { token: 't', email: 'e@x.example', name: 'E', password: 'short' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect([e.status, e.code, e.requestId]).toEqual([400, 'ERR_ACCOUNT_WEAK_PASSWORD', 'r1']);
    expect(e.fieldErrors()).toEqual({
      password: 'must be at least 10 characters long; must not be your e-mail address or your name',
      'lifecycle.atRiskDays': 'must be more than newDays',
    });
    expect(e.generalMessage(['password', 'lifecycle.atRiskDays'])).toBe(answer.message);
  });

  it('tells when the session ended, and what a failure without an answer was', async () => {
    const ended = vi.fn();
    const { fetch } = fakeFetch({ status: 401, body: { code: 'ERR_AUTH_NO_SESSION', message: 'no session' } }, { status: 401, body: { code: 'ERR_AUTH_INVALID_CREDENTIALS', message: 'wrong' } }, new TypeError('fetch failed'), { status: 502 });
    const api = new ApiClient({ fetch, onSessionEnded: ended });
    await expect(api.call('me')).rejects.toMatchObject({ status: 401, code: 'ERR_AUTH_NO_SESSION' });
    expect(ended).toHaveBeenCalledTimes(1);
    await expect(api.call('login', { body: { email: 'a@b.example', password: 'p' } })).rejects.toMatchObject({ code: 'ERR_AUTH_INVALID_CREDENTIALS' });
    expect(ended).toHaveBeenCalledTimes(1);
    await expect(api.call('me')).rejects.toMatchObject({ status: 0, code: 'ERR_CLIENT_NETWORK' });
    await expect(api.call('me')).rejects.toMatchObject({ status: 502, code: 'ERR_CLIENT_BAD_ANSWER' });
  });
});
