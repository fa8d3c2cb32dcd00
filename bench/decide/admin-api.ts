/** The admin API of the Rapport under test, with its secret key: what a shop's staff or scripts would call. */
export interface AdminApi {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export function adminApi(url: string, secretKey: string): AdminApi {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${secretKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 2000)}`);
    return JSON.parse(text) as T;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

/** Posts Segment messages to `POST /v1/batch` with the write key, 100 at a time, and fails on any refusal. */
export async function postBatches(
  url: string,
  authorization: string,
  messages: readonly object[],
): Promise<void> {
  for (let i = 0; i < messages.length; i += 100) {
    const response = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ batch: messages.slice(i, i + 100) }),
    });
    if (!response.ok)
      throw new Error(
        `POST /v1/batch answered ${response.status}: ${(await response.text()).slice(0, 2000)}`,
      );
  }
}
