import { isErrorCode } from '@rapport/contracts';
import type { RejectedView, TimelineEvent } from '@rapport/engine';
import { basicAuth } from '@rapport/engine/testing';
import type { AppFixture } from '@rapport/server/testing';
import { expect } from 'vitest';

export { basicAuth };

/** The body of an ingestion answer: `{ success: true }`, or an error with its code, request id and details. */
export interface AnswerBody {
  readonly success?: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly accepted?: number;
  readonly requestId?: string;
  readonly details?: readonly {
    readonly index?: number;
    readonly path: string;
    readonly code?: string;
    readonly message: string;
  }[];
}

export interface Answer {
  readonly status: number;
  readonly body: AnswerBody;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
}


/**
 * What every ingestion answer must hold, whatever was sent: never a 5xx; `{ success: true }` or an error with a known
 * code, a message without internals, and the request id of the `X-Request-Id` header.
 */
export function checkedAnswer(res: { statusCode: number; body: string; headers: Answer['headers'] }): Answer {
  expect(res.statusCode, res.body).toBeLessThan(500);
  const body = JSON.parse(res.body) as AnswerBody;
  if (res.statusCode < 300) {
    expect(body).toEqual({ success: true });
  } else {
    expect(body.success, res.body).toBe(false);
    expect(isErrorCode(body.code ?? ''), `a known code in ${res.body}`).toBe(true);
    expect(body.requestId, res.body).toBe(res.headers['x-request-id']);
    expect(body.message).toEqual(expect.any(String));
    expect(body.message, 'no stack, file or SQL in the message').not.toMatch(
      /node_modules|\bat \S+:\d+:\d+|SQLITE_|syntax error|relation "/i,
    );
  }
  return { status: res.statusCode, body, headers: res.headers };
}

/** A workspace of its own, with its keys, so that a test sees only the rejected payloads and profiles it made. */
export interface Shop {
  readonly workspaceId: string;
  readonly writeKey: string;
  readonly secretKey: string;
  /**
   * POST /v1/<endpoint> as JSON with this shop's write key (HTTP Basic); a header set to `undefined` in `headers` is not
   * sent at all.
   */
  send(
    endpoint: string,
    payload: string | Buffer | object,
    headers?: Record<string, string | undefined>,
  ): Promise<Answer>;
  /** A GET on the admin API with this shop's secret key, expecting 200. */
  read<T>(url: string): Promise<T>;
  /** Every payload this shop's ingestion refused or set aside, newest first. */
  rejected(): Promise<RejectedView[]>;
  /** The events of the profile with this userId or anonymousId, newest first; none when there is no such profile. */
  timeline(id: string): Promise<TimelineEvent[]>;
}

/** Opens a shop in the fixture's engine; requests go to `f.app`, which may be another app over the same engine. */
export async function openShop(
  f: Pick<AppFixture, 'app' | 'engine' | 'admin'>,
  name = 'Another shop',
): Promise<Shop> {
  const workspace = await f.engine.workspaces.create(name);
  const writeKey = (await f.engine.keys.create(workspace.id, { kind: 'write', name: 'web' })).key;
  const secretKey = (
    await f.engine.keys.create(workspace.id, { kind: 'secret', name: 'admin', scopes: ['admin'] })
  ).key;
  const get = (url: string) => f.admin('GET', url, undefined, secretKey);
  const read = async <T>(url: string): Promise<T> => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  return {
    workspaceId: workspace.id,
    writeKey,
    secretKey,
    send: async (endpoint, payload, headers = {}) => {
      const merged: Record<string, string> = {};
      for (const [k, v] of Object.entries({
        'content-type': 'application/json',
        authorization: basicAuth(writeKey),
        ...headers,
      }))
        if (v !== undefined) merged[k] = v;
      const body =
        typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
      return checkedAnswer(
        await f.app.inject({ method: 'POST', url: `/v1/${endpoint}`, headers: merged, payload: body }),
      );
    },
    read,
    rejected: async () => (await read<{ items: RejectedView[] }>('/api/v1/rejected-events?limit=500')).items,
    timeline: async (id) => {
      const res = await get(`/api/v1/profiles/${encodeURIComponent(id)}/events?limit=500`);
      if (res.statusCode === 404) return [];
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: TimelineEvent[] }>().items;
    },
  };
}
